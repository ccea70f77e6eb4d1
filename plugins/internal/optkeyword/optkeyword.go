// Package optkeyword reads opt-out and opt-in keywords ("SAIR", "STOP",
// "START") in the messages contacts send, for every channel plugin.
//
// The rule: a message is a keyword when, once the whitespace, punctuation,
// symbols and emoji around it are removed, what is left is one of the
// keywords, whatever its case and accents. "Sair.", "SAIR!", " parar 🙏"
// and "CANCELÁR" are keywords; "não quero sair", "stop please" and
// "S A I R" are not: as at Twilio, the keyword must be the whole message,
// so a sentence that merely contains one is read by a person (or a flow).
package optkeyword

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kind is what a keyword asks for.
type Kind string

// The kinds: no keyword, an opt-out, an opt-in.
const (
	None Kind = ""
	Out  Kind = "out"
	In   Kind = "in"
)

// The default keywords: Twilio's standard English ones and the Portuguese
// ones Brazilian contacts use.
var (
	OptOut = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
		"SAIR", "PARAR", "CANCELAR"}
	OptIn = []string{"START", "UNSTOP", "YES"}
)

// Set is a channel's keywords, written in upper case without accents.
type Set struct {
	Out, In []string
}

// Default is OptOut and OptIn.
var Default = Set{Out: OptOut, In: OptIn}

// maxBody is the longest message looked at: a keyword with room for a
// good many emoji and marks around it. Longer ones are sentences.
const maxBody = 256

// Match classifies a message's text and returns the keyword it matched,
// as the set writes it.
func (s Set) Match(text string) (Kind, string) {
	if len(text) > maxBody {
		return None, ""
	}
	w := Fold(text)
	if w == "" {
		return None, ""
	}
	for _, k := range s.Out {
		if w == k {
			return Out, k
		}
	}
	for _, k := range s.In {
		if w == k {
			return In, k
		}
	}
	return None, ""
}

// Fold is the text as keywords are compared: compatibility-decomposed
// (full-width letters become plain ones), without accents (combining
// marks), trimmed of everything but letters and digits at both ends, in
// upper case.
func Fold(text string) string {
	d := norm.NFKD.String(text)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	word := strings.TrimFunc(b.String(), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.ToUpper(word)
}
