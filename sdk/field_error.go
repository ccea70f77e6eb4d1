package sdk

import "strings"

// Stable codes carried by a [FieldError], for programs and translations.
const (
	CodeRequired  = "required"  // a required field is absent or empty
	CodeType      = "type"      // the value has the wrong type
	CodeEnum      = "enum"      // the value is not one of the allowed values
	CodeFormat    = "format"    // a string does not parse (duration, URL, ID, version)
	CodeUnknown   = "unknown"   // a key no field declares
	CodeDuplicate = "duplicate" // an ID or name declared twice
	CodeInvalid   = "invalid"   // any other broken declaration
)

// FieldError is one problem with one field, located by a path such as
// "components[0].type".
type FieldError struct {
	Path    string `json:"path"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error returns "path: message".
func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// FieldErrors is every problem found in one pass. It is returned as an
// error by [Fields.Parse]; recover it with errors.As.
type FieldErrors []FieldError

// Error lists every problem, one per line.
func (es FieldErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Has reports whether some error has this path and code.
func (es FieldErrors) Has(path, code string) bool {
	for _, e := range es {
		if e.Path == path && e.Code == code {
			return true
		}
	}
	return false
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
