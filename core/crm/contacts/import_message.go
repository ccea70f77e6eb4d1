package contacts

import (
	"fmt"
	"regexp"
	"strconv"
)

// Why an import failed, as a key beside the job's English message.
const (
	ImportInternalError   = "internal_error"
	ImportRowsHaveErrors  = "rows_have_errors"
	ImportContactsChanged = "contacts_changed"
	ImportUnreadable      = "unreadable"
)

// importText is the job's English message for reason (count: the rows
// with errors). The file's own problems are the parser's words, as is.
func importText(reason string, count int) string {
	switch reason {
	case ImportInternalError:
		return "the import stopped on an internal error; nothing was imported"
	case ImportRowsHaveErrors:
		return fmt.Sprintf("%d rows have errors; nothing was imported", count)
	case ImportContactsChanged:
		return "contacts changed while importing; nothing was imported, run it again"
	}
	return ""
}

var rowsHaveErrors = regexp.MustCompile(`^(\d+) rows have errors; nothing was imported$`)

// ImportMessageKey reads a job's message back as its reason and params
// (no column holds them: the texts are importText's, or the parser's for
// a file it cannot read), so jobs finished before the key have it too.
func ImportMessageKey(msg string) (string, map[string]any) {
	if m := rowsHaveErrors.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return ImportRowsHaveErrors, map[string]any{"count": n}
	}
	switch msg {
	case "":
		return "", nil
	case importText(ImportInternalError, 0):
		return ImportInternalError, nil
	case importText(ImportContactsChanged, 0):
		return ImportContactsChanged, nil
	}
	return ImportUnreadable, map[string]any{"detail": msg}
}
