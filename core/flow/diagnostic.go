package flow

import (
	"fmt"
	"slices"
	"strings"
)

// Diagnostic is one problem found in a flow, placed at a line, column and
// field path such as steps[2].with.stage.
type Diagnostic struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Code string `json:"code"`
	Path string `json:"path,omitempty"`
	// Reason and Params key the English message for an editor that words
	// it in its own language (Reasons lists them); unkeyed problems have none.
	Reason  string         `json:"reason,omitempty"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// String formats the diagnostic as file:line:col: code: message (at path).
func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, d.Code, d.Message)
	if d.Path != "" {
		s += " (at " + d.Path + ")"
	}
	return s
}

// FormatDiagnostics renders diagnostics one per line, as the CLI prints them.
func FormatDiagnostics(diags []Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// sortDiagnostics orders by file position, then code and message, and drops
// exact repeats.
func sortDiagnostics(diags []Diagnostic) []Diagnostic {
	slices.SortStableFunc(diags, compareDiagnostics)
	return slices.CompactFunc(diags, func(a, b Diagnostic) bool { return compareDiagnostics(a, b) == 0 })
}

func compareDiagnostics(a, b Diagnostic) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Col != b.Col {
		return a.Col - b.Col
	}
	if c := strings.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// report is the common sink every checker writes into.
type report struct {
	file  string
	diags []Diagnostic
}

func (r *report) add(at Pos, code, path, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{
		File: r.file, Line: at.Line, Col: at.Col,
		Code: code, Path: path, Message: fmt.Sprintf(format, args...),
	})
}

// addKeyed is add for a problem with a reason (see Reasons) and its params.
func (r *report) addKeyed(at Pos, code, path string, k keyed, format string, args ...any) {
	r.add(at, code, path, format, args...)
	r.diags[len(r.diags)-1].Reason, r.diags[len(r.diags)-1].Params = k.reason, k.params
}
