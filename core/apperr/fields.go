package apperr

import "fmt"

// FieldReason is a stable key for a field's problem (required, too long,
// not a phone number), sent beside the field's English text with the
// values it names, so a form can word it in its own language.
type FieldReason string

// Every field reason a client can receive. Params are named in FieldReasons.
const (
	FieldRequired        FieldReason = "required"
	FieldRequiredMax     FieldReason = "required_max"
	FieldTooLong         FieldReason = "too_long"
	FieldOneOf           FieldReason = "one_of"
	FieldInvalidPhone    FieldReason = "invalid_phone"
	FieldInvalidEmail    FieldReason = "invalid_email"
	FieldInvalidWhatsApp FieldReason = "invalid_whatsapp_id"
	FieldInvalidTimeZone FieldReason = "invalid_time_zone"
	FieldInvalidLanguage FieldReason = "invalid_language"
	FieldInvalidTags     FieldReason = "invalid_tags"
	FieldInvalidURL      FieldReason = "invalid_url"
	FieldInvalidDuration FieldReason = "invalid_duration"
	FieldInvalidKey      FieldReason = "invalid_key"
	FieldNotNumber       FieldReason = "not_number"
	FieldNotBoolean      FieldReason = "not_boolean"
	FieldNotDate         FieldReason = "not_date"
	FieldNotCustomField  FieldReason = "not_custom_field"
	FieldNotMember       FieldReason = "not_member"
	FieldNotAgent        FieldReason = "not_agent"
	FieldUnknownFlow     FieldReason = "unknown_flow"
	FieldUnknownFile     FieldReason = "unknown_file"
	FieldUnknownStage    FieldReason = "unknown_stage"
	FieldDuplicate       FieldReason = "duplicate"
	FieldOutOfRange      FieldReason = "out_of_range"
	FieldPasswordShort   FieldReason = "password_too_short"
	FieldRoleTooHigh     FieldReason = "role_too_high"
	FieldTooManyStages   FieldReason = "too_many_stages"
	FieldOptions         FieldReason = "select_options"
	FieldShortcut        FieldReason = "invalid_shortcut"
)

// FieldReasons describes every field reason and its params, for the
// OpenAPI document.
var FieldReasons = map[FieldReason]string{
	FieldRequired:        "the field is required",
	FieldRequiredMax:     "the field is required, of at most max characters; params: max",
	FieldTooLong:         "the value is too long; params: max (characters, when known)",
	FieldOneOf:           "the value must be one of a list; params: values (comma separated)",
	FieldInvalidPhone:    "not a phone number: give the country code",
	FieldInvalidEmail:    "not an email address",
	FieldInvalidWhatsApp: "not the digits of a WhatsApp number with its country code",
	FieldInvalidTimeZone: "not an IANA time zone (America/Sao_Paulo)",
	FieldInvalidLanguage: "not a language tag (pt-BR)",
	FieldInvalidTags:     "tags are 1 to 64 characters without commas or semicolons",
	FieldInvalidURL:      "not an absolute http or https URL",
	FieldInvalidDuration: "not a duration such as 30s, 6h or 1d",
	FieldInvalidKey:      "lowercase letters, digits and _, starting with a letter; params: max",
	FieldNotNumber:       "not a number",
	FieldNotBoolean:      "not true or false",
	FieldNotDate:         "not a date as YYYY-MM-DD",
	FieldNotCustomField:  "not a custom field of this workspace",
	FieldNotMember:       "not a member of this workspace",
	FieldNotAgent:        "not an agent of this workspace",
	FieldUnknownFlow:     "no such flow in this workspace",
	FieldUnknownFile:     "no such file in this workspace",
	FieldUnknownStage:    "not a stage of the board; params: board (its name)",
	FieldDuplicate:       "the value repeats another; params: value (when known)",
	FieldOutOfRange:      "the number is out of range; params: min, max",
	FieldPasswordShort:   "the password is too short; params: min (characters)",
	FieldRoleTooHigh:     "the role exceeds the caller's own",
	FieldTooManyStages:   "a board has too many stages; params: max",
	FieldOptions:         "a select needs 1 to max options; params: max",
	FieldShortcut:        "1 to max letters, digits, - or _; params: max",
}

// Field is one field's problem: its English text and, when keyed, its
// reason and the values the text names.
type Field struct {
	Text   string
	Reason FieldReason
	Params P
}

// FieldKey is a field's reason and params as the error carries them.
type FieldKey struct {
	Reason FieldReason `json:"reason"`
	Params P           `json:"params,omitempty"`
}

// Keyed is a field problem with its English text, reason and params.
func Keyed(text string, reason FieldReason, params P) Field {
	return Field{Text: text, Reason: reason, Params: params}
}

// Text is an unkeyed field problem: clients show its English text.
func Text(text string) Field { return Field{Text: text} }

// Required is a missing field.
func Required() Field { return Keyed("required", FieldRequired, nil) }

// RequiredMax is a missing or too long text field.
func RequiredMax(max int) Field {
	return Keyed(fmt.Sprintf("required, at most %d characters", max), FieldRequiredMax, P{"max": max})
}

// TooLong is a text of more than max characters.
func TooLong(max int) Field {
	return Keyed(fmt.Sprintf("at most %d characters", max), FieldTooLong, P{"max": max})
}

// OneOf is a value outside a list; text is the English (the lists read differently).
func OneOf(text, values string) Field { return Keyed(text, FieldOneOf, P{"values": values}) }

// With adds a field's problem to e.
func (e *Error) With(field string, f Field) *Error {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	e.Fields[field] = f.Text
	if f.Reason != "" {
		if e.FieldReasons == nil {
			e.FieldReasons = map[string]FieldKey{}
		}
		e.FieldReasons[field] = FieldKey{Reason: f.Reason, Params: f.Params}
	}
	return e
}

// Fields makes an invalid_input error naming the bad fields: plain English
// texts, or Field values whose reasons the error carries in FieldReasons.
func Fields[V string | Field](message string, fields map[string]V) *Error {
	e := &Error{Code: Invalid, Message: message, Fields: make(map[string]string, len(fields))}
	for name, v := range fields {
		switch f := any(v).(type) {
		case string:
			e.Fields[name] = f
		case Field:
			e.Fields[name] = f.Text
			if f.Reason != "" {
				if e.FieldReasons == nil {
					e.FieldReasons = map[string]FieldKey{}
				}
				e.FieldReasons[name] = FieldKey{Reason: f.Reason, Params: f.Params}
			}
		}
	}
	return e
}
