package optkeyword

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMatch: a keyword is the whole message once the whitespace,
// punctuation and emoji around it are gone, in any case and with or
// without accents; a sentence holding one is not.
func TestMatch(t *testing.T) {
	for _, c := range []struct {
		text string
		kind Kind
		word string
	}{
		{"SAIR", Out, "SAIR"},
		{"Sair.", Out, "SAIR"},
		{"SAIR!", Out, "SAIR"},
		{" parar 🙏", Out, "PARAR"},
		{"parar?", Out, "PARAR"},
		{"CANCELÁR", Out, "CANCELAR"},
		{"cancelar!!!", Out, "CANCELAR"},
		{"\"Stop\"", Out, "STOP"},
		{"...stop...", Out, "STOP"},
		{"👎🏽 SAIR 👎🏽", Out, "SAIR"},
		{"❤️ parar", Out, "PARAR"},
		{"ＳＴＯＰ", Out, "STOP"},             // full-width, as some keyboards type
		{"\u00a0sair\u200b", Out, "SAIR"}, // no-break and zero-width spaces
		{"Start", In, "START"},
		{"start 😊", In, "START"},
		{"yes.", In, "YES"},
		{"não quero sair", None, ""},
		{"quero parar de receber", None, ""},
		{"stop please", None, ""},
		{"S A I R", None, ""},
		{"sairr", None, ""},
		{"sai", None, ""},
		{"STOP2", None, ""},
		{"oi", None, ""},
		{"", None, ""},
		{"!!! 🙏", None, ""},
		{strings.Repeat("🙏", 70) + "sair", None, ""}, // past maxBody: a body this long is no keyword
	} {
		kind, word := Default.Match(c.text)
		if kind != c.kind || word != c.word {
			t.Errorf("Match(%q) = %q %q, want %q %q", c.text, kind, word, c.kind, c.word)
		}
	}
}

// TestMatchSet: a set matches only its own words.
func TestMatchSet(t *testing.T) {
	s := Set{Out: []string{"PARAR"}, In: []string{"START"}}
	if kind, _ := s.Match("yes"); kind != None {
		t.Errorf("yes in a set without it: %q", kind)
	}
	if kind, _ := s.Match("stop"); kind != None {
		t.Errorf("stop in a set without it: %q", kind)
	}
}

// FuzzMatch: any text is classified without a panic; a match is one of
// the set's words, and the message folds to it; text that folds to a
// keyword matches.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"SAIR", "Sair.", " parar 🙏", "CANCELÁR", "não quero sair", "ＳＴＯＰ", "\xff\xfe", "a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		kind, word := Default.Match(text)
		switch kind {
		case None:
			if word != "" {
				t.Fatalf("no keyword, but word %q", word)
			}
			if len(text) <= maxBody && (contains(Default.Out, Fold(text)) || contains(Default.In, Fold(text))) {
				t.Fatalf("%q folds to a keyword (%q) but did not match", text, Fold(text))
			}
		case Out, In:
			if Fold(text) != word || !contains(append(Default.Out, Default.In...), word) {
				t.Fatalf("%q matched %q, folding to %q", text, word, Fold(text))
			}
		default:
			t.Fatalf("kind %q", kind)
		}
		if f := Fold(text); utf8.ValidString(text) && !utf8.ValidString(f) {
			t.Fatalf("Fold(%q) = %q is not UTF-8", text, f)
		}
	})
}

func contains(words []string, w string) bool {
	for _, k := range words {
		if k == w {
			return true
		}
	}
	return false
}
