package inbox

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestOneEmoji(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"👍", true}, {"❤️", true}, {"❤", true}, {"😂", true}, {"😮", true}, {"😢", true}, {"🙏", true},
		{"👍🏽", true},                // skin tone
		{"🇧🇷", true},                // flag: two regional indicators
		{"1️⃣", true}, {"#⃣", true}, // keycaps
		{"👩‍💻", true}, {"❤️‍🔥", true}, // ZWJ sequences
		{"🏃🏽‍♀️", true},                                                         // skin tone inside a ZWJ sequence
		{"👩🏻‍❤️‍💋‍👨🏼", true},                                                    // the longest in use
		{"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", true}, // England: a tag sequence
		{"", false}, {"a", false}, {"1", false}, {"ok", false}, {":+1:", false},
		{"👍👍", false}, {"👍 ", false}, {" 👍", false}, {"👍a", false},
		{"🇧", false},                                              // half a flag
		{"🇧🇷🇧", false},                                            // a flag and a half
		{"\u200d", false}, {"👍\u200d", false}, {"\u200d👍", false}, // a dangling joiner
		{"1\u20e3\u20e3", false}, {"\ufe0f", false},
		{"🏴\U000E0067", false}, // a tag sequence without its end
		{"\xff", false},        // not UTF-8
		{strings.Repeat("👍\u200d", 8) + "👍", false},
	} {
		if got := oneEmoji(c.s); got != c.want {
			t.Errorf("oneEmoji(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

// FuzzOneEmoji: any input is judged without panicking, and what passes is
// short, valid UTF-8 without letters, digits standing alone or spaces.
func FuzzOneEmoji(f *testing.F) {
	for _, s := range []string{"👍", "❤️", "🇧🇷", "1️⃣", "👩‍💻", "a", "👍👍", "\u200d", "🏴\U000E0067\U000E007F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !oneEmoji(s) {
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxEmojiRunes || strings.ContainsAny(s, " \t\nabcxyzABCXYZ") {
			t.Fatalf("oneEmoji(%q) passed", s)
		}
	})
}
