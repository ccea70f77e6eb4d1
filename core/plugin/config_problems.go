package plugin

import (
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// configProblem is a config field's problem, keyed when it is one the
// connection form commonly shows: a missing value, a bad URL or duration.
// The SDK's English stays the text.
func configProblem(fe sdk.FieldError) apperr.Field {
	switch {
	case fe.Code == sdk.CodeRequired:
		return apperr.Keyed(fe.Message, apperr.FieldRequired, nil)
	case fe.Code == sdk.CodeFormat && strings.HasSuffix(fe.Message, "is not an absolute http or https URL"):
		return apperr.Keyed(fe.Message, apperr.FieldInvalidURL, nil)
	case fe.Code == sdk.CodeFormat && strings.Contains(fe.Message, "is not a duration"):
		return apperr.Keyed(fe.Message, apperr.FieldInvalidDuration, nil)
	}
	return apperr.Text(fe.Message)
}

// configInvalid refuses a connection whose fields have problems.
func configInvalid(fields map[string]apperr.Field) *apperr.Error {
	return apperr.Fields("the connection's configuration is invalid", fields).Because(apperr.ConnectionFieldsInvalid, nil)
}
