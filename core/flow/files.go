package flow

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// LintFiles lints each file against cat and writes every diagnostic to w,
// one per line, as `masteria flow lint FILE…` prints them. It returns how
// many problems were found; err joins the files that could not be read (the
// others are still linted) and any failed write. The CLI exits 1 when the
// count is not zero.
func LintFiles(paths []string, cat Catalog, w io.Writer) (problems int, err error) {
	var errs []error
	for _, path := range paths {
		src, readErr := os.ReadFile(path)
		if readErr != nil {
			errs = append(errs, fmt.Errorf("flow lint: %w", readErr))
			continue
		}
		diags := Lint(path, src, cat)
		problems += len(diags)
		if _, werr := io.WriteString(w, FormatDiagnostics(diags)); werr != nil {
			return problems, errors.Join(append(errs, werr)...)
		}
	}
	return problems, errors.Join(errs...)
}
