package flow

import (
	"strings"
	"unicode/utf8"
)

// templateSegment is one {{ }} expression inside a string.
type templateSegment struct {
	src    string // the expression between the braces
	offset int    // rune offset of src within the string
}

// templateError is an unclosed {{ at a rune offset.
type templateError struct {
	offset int
	msg    string
}

// templateSegments finds the {{ }} expressions in s.
func templateSegments(s string) ([]templateSegment, *templateError) {
	var segs []templateSegment
	for pos := 0; ; {
		open := strings.Index(s[pos:], "{{")
		if open < 0 {
			return segs, nil
		}
		start := pos + open + 2
		end := strings.Index(s[start:], "}}")
		if end < 0 {
			return segs, &templateError{utf8.RuneCountInString(s[:pos+open]), "{{ is never closed with }}"}
		}
		segs = append(segs, templateSegment{src: s[start : start+end], offset: utf8.RuneCountInString(s[:start])})
		pos = start + end + 2
	}
}

// hasTemplate reports whether s holds a {{ }} expression.
func hasTemplate(s string) bool {
	return strings.Contains(s, "{{")
}

// wholeTemplate reports whether s is exactly one {{ }} expression, whose
// value may then be of any type rather than text.
func wholeTemplate(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "{{") && strings.HasSuffix(t, "}}") && strings.Count(t, "{{") == 1
}
