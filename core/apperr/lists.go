package apperr

import "fmt"

// ListParams refuses a list's parameters (limit, cursor, sort, a filter),
// each bad one named with its problem.
func ListParams(bad map[string]Field) *Error {
	return Fields("invalid list parameters", bad).Because(ListParamsInvalid, nil)
}

// BadCursor is a cursor the list did not return; text is the English.
func BadCursor(text string) Field { return Keyed(text, FieldBadCursor, nil) }

// LimitRange is a page size outside 1 to max.
func LimitRange(max int) Field {
	return NumberRange(fmt.Sprintf("must be a number from 1 to %d", max), 1, max)
}
