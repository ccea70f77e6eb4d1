package tenancy

import (
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
)

// The field problems of members, API keys and workspaces, keyed.
var (
	notEmail    = apperr.Keyed("must be an email address", apperr.FieldInvalidEmail, nil)
	unknownRole = apperr.OneOf("must be one of owner, admin, agent, viewer", "owner, admin, agent, viewer")
	roleTooHigh = apperr.Keyed("cannot exceed your own role", apperr.FieldRoleTooHigh, nil)
)

// passwordProblem is a refused password as its field says it; only a short
// one (the one people meet) is keyed.
func passwordProblem(err error) apperr.Field {
	if errors.Is(err, auth.ErrPasswordTooShort) {
		return apperr.Keyed(err.Error(), apperr.FieldPasswordShort, apperr.P{"min": auth.MinPasswordChars})
	}
	return apperr.Text(err.Error())
}
