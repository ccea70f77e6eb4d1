package campaigns

import (
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/flow"
)

// fieldError is an error that is one field's keyed problem: its text is
// the English the field shows.
type fieldError struct{ apperr.Field }

func (e fieldError) Error() string { return e.Text }

// fieldOf is err as a field's problem: keyed when err is a fieldError,
// its English otherwise.
func fieldOf(err error) apperr.Field {
	var fe fieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return apperr.Text(err.Error())
}

// exprError keys an expression's compile error, which starts at rune
// offset of text, when it is one people commonly meet.
func exprError(err error, text string, offset int) error {
	if reason, p := flow.ExprProblem(err, text, offset); reason != "" {
		return fieldError{apperr.Keyed(err.Error(), apperr.FieldReason(reason), p)}
	}
	return err
}
