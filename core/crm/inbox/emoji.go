package inbox

import (
	"unicode"
	"unicode/utf8"
)

// The code points that build emoji sequences (UTS #51).
const (
	zwj       = '\u200D' // joins emoji into one: 👩‍💻
	emojiVS   = '\uFE0F' // emoji presentation: ❤ → ❤️
	keycapEnc = '\u20E3' // 1️⃣
	cancelTag = '\U000E007F'
)

// maxEmojiRunes bounds one emoji: the longest in use (a couple with two
// skin tones, 👩🏻‍❤️‍💋‍👨🏼) has 10 code points.
const maxEmojiRunes = 16

// oneEmoji reports whether s is exactly one emoji, as WhatsApp reacts
// with: a pictograph (with its presentation selector, skin tone or tag
// sequence), a flag, a keycap, or such emoji joined by ZWJ into one.
// It follows UTS #51's emoji sequence grammar, not the list of emoji
// vendors draw, so a sequence new to this table's Unicode still passes.
func oneEmoji(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxEmojiRunes {
		return false
	}
	rs := []rune(s)
	i := emojiElement(rs, 0)
	for i > 0 && i < len(rs) && rs[i] == zwj {
		i = emojiElement(rs, i+1)
	}
	return i == len(rs)
}

// emojiElement is the index after the emoji element starting at rs[i],
// or -1 when none starts there.
func emojiElement(rs []rune, i int) int {
	at := func(i int, ok func(rune) bool) bool { return i < len(rs) && ok(rs[i]) }
	switch {
	case at(i, regionalIndicator):
		if at(i+1, regionalIndicator) {
			return i + 2
		}
		return -1
	case at(i, keycapBase):
		i++
		if at(i, isRune(emojiVS)) {
			i++
		}
		if at(i, isRune(keycapEnc)) {
			return i + 1
		}
		return -1
	case !at(i, pictograph) && !at(i, skinTone):
		return -1
	}
	i++
	if at(i, isRune(emojiVS)) {
		i++
	}
	if at(i, skinTone) {
		i++
	}
	if !at(i, emojiTag) {
		return i
	}
	for at(i, emojiTag) {
		i++
	}
	if at(i, isRune(cancelTag)) {
		return i + 1
	}
	return -1
}

func isRune(want rune) func(rune) bool { return func(r rune) bool { return r == want } }
func pictograph(r rune) bool           { return unicode.Is(pictographs, r) }
func skinTone(r rune) bool             { return r >= 0x1F3FB && r <= 0x1F3FF }
func regionalIndicator(r rune) bool    { return r >= 0x1F1E6 && r <= 0x1F1FF }
func emojiTag(r rune) bool             { return r >= 0xE0020 && r <= 0xE007E }
func keycapBase(r rune) bool           { return r == '#' || r == '*' || (r >= '0' && r <= '9') }
