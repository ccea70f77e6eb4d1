package sqlstore

import "strings"

// latin1Tokens is what FTS5's unicode61 tokenizer (remove_diacritics 2)
// makes of U+00A0–U+00FF: the folded token character, or a space for a
// separator. TestSQLiteTokensMatchFTS5 checks it against FTS5 itself.
const latin1Tokens = "          ª       ²³ μ   ¹º ¼½¾ aaaaaaæceeeeiiiiðnooooo øuuuuyþßaaaaaaæceeeeiiiiðnooooo øuuuuyþy"

var latin1Runes = []rune(latin1Tokens)

// foldRune is r as unicode61 indexes it: the folded rune, or ' ' for a
// separator; ok is false outside ASCII and Latin-1, whose classification
// here is not verified (FTS5 treats emoji, for one, as token characters).
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
// term starts some token of the text.
type prefixMatcher []string

// newPrefixMatcher folds the search terms; false when a term is not one
// verified FTS5 token.
func newPrefixMatcher(terms []string) (prefixMatcher, bool) {
	m := make(prefixMatcher, len(terms))
	for i, t := range terms {
		toks, ok := ftsTokens(t)
		if !ok || len(toks) != 1 {
			return nil, false
		}
		m[i] = toks[0]
	}
	return m, true
}

// match reports whether text matches; decided is false when it cannot tell.
func (m prefixMatcher) match(text string) (matched, decided bool) {
	toks, ok := ftsTokens(text)
	if !ok {
		return false, false
	}
	for _, term := range m {
		found := false
		for _, tok := range toks {
			if strings.HasPrefix(tok, term) {
				found = true
				break
			}
		}
		if !found {
			return false, true
		}
	}
	return true, true
}
