package flow

import (
	"slices"
	"strconv"
	"strings"
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// list joins names for messages: "a, b or c".
func list(names []string, conj string) string {
	switch len(names) {
	case 0:
		return "none"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// didYouMean suggests the closest name, as a message suffix.
func didYouMean(word string, names []string) string {
	if best := closest(word, names); best != "" {
		return "; did you mean " + best + "?"
	}
	return ""
}

func quote(s string) string {
	return strconv.Quote(s)
}

// orList suggests the name nearest to word, or else lists them all:
// "; did you mean next?" or "; inputs are a, b and c".
func orList(word string, names []string, intro string) string {
	if hint := didYouMean(word, names); hint != "" {
		return hint
	}
	return "; " + intro + " " + list(names, "and")
}

// closest returns the candidate nearest to word, if it is near enough to
// be a likely typo: one edit per three letters of the shorter word.
func closest(word string, candidates []string) string {
	best, bestDist := "", 99
	for _, c := range candidates {
		limit := max(1, min(len(word), len(c))/3)
		if d := editDistance(word, c); d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
