package sqlstore

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// latin1Tokens is what FTS5's unicode61 tokenizer (remove_diacritics 2)
// makes of U+00A0–U+00FF: the folded token character, or a space for a
// separator. TestSQLiteTokensMatchFTS5 checks it against FTS5 itself.
const latin1Tokens = "          ª       ²³ μ   ¹º ¼½¾ aaaaaaæceeeeiiiiðnooooo øuuuuyþßaaaaaaæceeeeiiiiðnooooo øuuuuyþy"

var latin1Runes = []rune(latin1Tokens)

// foldRune is r as unicode61 indexes it: the folded rune, or ' ' for a
// separator; ok is false for NUL and where no table here is verified.
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
	return symbolRune(r)
}

// symbolBlocks are the blocks beyond Latin-1 that chat texts are full of:
// general punctuation, currency, letter-like symbols to dingbats, more
// arrows, variation selectors, emoji, tags. unicode61's tables predate
// most emoji, so FTS5 splits on the ones it knows as symbols and keeps the
// newer ones (🤣, skin tones) inside tokens, as they are; symbolClasses
// holds its separators and the few runes it folds (left undecided here).
// TestSQLiteTokensMatchFTS5 checks every rune of these blocks against FTS5.
var symbolBlocks = [][2]rune{{0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x27BF}, {0x2B00, 0x2BFF},
	{0xFE00, 0xFE0F}, {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F}}

// runeRange is a run of runes FTS5 treats alike: as separators (' ') or
// folding them (0).
type runeRange struct {
	lo, hi rune
	class  rune
}

// symbolClasses lists, in order, the runs of symbolBlocks that are not
// token characters kept as they are. Generated from FTS5 itself.
var symbolClasses = []runeRange{
	{0x2000, 0x2064, ' '}, {0x206A, 0x206F, ' '}, {0x20A0, 0x20B9, ' '}, {0x2100, 0x2101, ' '}, {0x2103, 0x2106, ' '},
	{0x2108, 0x2109, ' '}, {0x2114, 0x2114, ' '}, {0x2116, 0x2118, ' '}, {0x211E, 0x2123, ' '}, {0x2125, 0x2125, ' '},
	{0x2127, 0x2127, ' '}, {0x2129, 0x2129, ' '}, {0x212E, 0x212E, ' '}, {0x213A, 0x213B, ' '}, {0x2140, 0x2144, ' '},
	{0x214A, 0x214D, ' '}, {0x214F, 0x214F, ' '}, {0x2190, 0x23F3, ' '}, {0x2400, 0x2426, ' '}, {0x2440, 0x244A, ' '},
	{0x249C, 0x24E9, ' '}, {0x2500, 0x26FF, ' '}, {0x2701, 0x2775, ' '}, {0x2794, 0x27BF, ' '}, {0x2B00, 0x2B4C, ' '},
	{0x2B50, 0x2B59, ' '}, {0xFE00, 0xFE0F, ' '}, {0x1F000, 0x1F02B, ' '}, {0x1F030, 0x1F093, ' '}, {0x1F0A0, 0x1F0AE, ' '},
	{0x1F0B1, 0x1F0BE, ' '}, {0x1F0C1, 0x1F0CF, ' '}, {0x1F0D1, 0x1F0DF, ' '}, {0x1F110, 0x1F12E, ' '}, {0x1F130, 0x1F16B, ' '},
	{0x1F170, 0x1F19A, ' '}, {0x1F1E6, 0x1F202, ' '}, {0x1F210, 0x1F23A, ' '}, {0x1F240, 0x1F248, ' '}, {0x1F250, 0x1F251, ' '},
	{0x1F300, 0x1F320, ' '}, {0x1F330, 0x1F335, ' '}, {0x1F337, 0x1F37C, ' '}, {0x1F380, 0x1F393, ' '}, {0x1F3A0, 0x1F3C4, ' '},
	{0x1F3C6, 0x1F3CA, ' '}, {0x1F3E0, 0x1F3F0, ' '}, {0x1F400, 0x1F43E, ' '}, {0x1F440, 0x1F440, ' '}, {0x1F442, 0x1F4F7, ' '},
	{0x1F4F9, 0x1F4FC, ' '}, {0x1F500, 0x1F53D, ' '}, {0x1F540, 0x1F543, ' '}, {0x1F550, 0x1F567, ' '}, {0x1F5FB, 0x1F640, ' '},
	{0x1F645, 0x1F64F, ' '}, {0x1F680, 0x1F6C5, ' '}, {0x1F700, 0x1F773, ' '}, {0xE0001, 0xE0001, ' '}, {0xE0020, 0xE007F, ' '},
	{0x2126, 0x2126, 0}, {0x212A, 0x212B, 0}, {0x2132, 0x2132, 0}, {0x2160, 0x216F, 0}, {0x2183, 0x2183, 0},
}

func symbolRune(r rune) (rune, bool) {
	if !slices.ContainsFunc(symbolBlocks, func(b [2]rune) bool { return b[0] <= r && r <= b[1] }) {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(symbolClasses, r, func(c runeRange, r rune) int {
		switch {
		case c.hi < r:
			return -1
		case c.lo > r:
			return 1
		}
		return 0
	})
	switch {
	case !found:
		return r, true // a token character, unchanged
	case symbolClasses[i].class == ' ':
		return ' ', true
	}
	return 0, false // folded: not verified
}

func init() {
	slices.SortFunc(symbolClasses, func(a, b runeRange) int { return int(a.lo - b.lo) })
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
