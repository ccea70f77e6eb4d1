package sqlstore

import (
	"strings"
	"unicode/utf8"
)

// latin1Tokens is what FTS5's unicode61 tokenizer (remove_diacritics 2)
// makes of U+00A0–U+00FF: the folded token character, or a space for a
// separator. TestSQLiteTokensMatchFTS5 checks it against FTS5 itself.
const latin1Tokens = "          ª       ²³ μ   ¹º ¼½¾ aaaaaaæceeeeiiiiðnooooo øuuuuyþßaaaaaaæceeeeiiiiðnooooo øuuuuyþy"

var latin1Runes = []rune(latin1Tokens)

// foldRune is r as unicode61 indexes it: the folded rune, or ' ' for a
// separator; ok is false for NUL and beyond Latin-1, where this table is
// not verified (FTS5 treats emoji, for one, as token characters).
func foldRune(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z':
		return r, true
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A', true
	case r < 0xa0:
		return ' ', r > 0
	case r <= 0xff:
		return latin1Runes[r-0xa0], true
	}
	return 0, false
}

// ftsTokens splits text into the tokens FTS5 indexes, or reports false
// when text holds a rune foldRune cannot vouch for.
func ftsTokens(text string) ([]string, bool) {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		f, ok := foldRune(r)
		if !ok {
			return nil, false
		}
		b.WriteRune(f)
	}
	return strings.Fields(b.String()), true
}

// prefixMatcher decides in Go what FTS5 decides for `"t1"* "t2"*`: every
// term (folded) starts some token of the text.
type prefixMatcher []string

// maxMatchTerm bounds a term's folded bytes and the number of terms the Go
// side takes on; longer queries go to FTS5.
const maxMatchTerm = 64

// newPrefixMatcher folds the search terms; false when a term is not one
// verified FTS5 token or the query is beyond maxMatchTerm.
func newPrefixMatcher(terms []string) (prefixMatcher, bool) {
	if len(terms) > maxMatchTerm {
		return nil, false
	}
	m := make(prefixMatcher, len(terms))
	for i, t := range terms {
		toks, ok := ftsTokens(t)
		if !ok || len(toks) != 1 || len(toks[0]) > maxMatchTerm {
			return nil, false
		}
		m[i] = toks[0]
	}
	return m, true
}

// match reports whether text matches; decided is false when it cannot tell.
// It folds one token at a time into a fixed buffer, without allocating.
func (m prefixMatcher) match(text []byte) (matched, decided bool) {
	all := uint64(1)<<len(m) - 1
	var found uint64
	var tok [maxMatchTerm]byte
	n := 0 // folded bytes of the current token kept, up to maxMatchTerm
	for len(text) > 0 {
		var enc [utf8.UTFMax]byte
		folded := enc[:1]
		if c := text[0]; c < utf8.RuneSelf {
			enc[0], text = asciiTokens[c], text[1:]
		} else {
			r, size := utf8.DecodeRune(text)
			f, ok := foldRune(r)
			enc[0], text = 0, text[size:]
			if ok {
				folded = enc[:utf8.EncodeRune(enc[:], f)]
			}
		}
		switch folded[0] {
		case 0:
			return false, false
		case ' ':
			found |= m.starting(tok[:n])
			n = 0
		default:
			n += copy(tok[n:], folded)
		}
	}
	found |= m.starting(tok[:n])
	return found == all, true
}

// asciiTokens is foldRune over ASCII, with 0 where it vouches for nothing.
var asciiTokens = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		if f, ok := foldRune(rune(c)); ok {
			t[c] = byte(f)
		}
	}
	return t
}()

// starting is the set of terms that token starts with, one bit per term.
func (m prefixMatcher) starting(token []byte) uint64 {
	var bits uint64
	for i, term := range m {
		if len(token) >= len(term) && string(token[:len(term)]) == term {
			bits |= 1 << i
		}
	}
	return bits
}
