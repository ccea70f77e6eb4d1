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
	FieldNumberRange     FieldReason = "number_range"
	// Request bodies and list parameters.
	FieldWrongType    FieldReason = "wrong_type"
	FieldUnknownField FieldReason = "unknown_field"
	FieldBadCursor    FieldReason = "bad_cursor"
	FieldRangeOrder   FieldReason = "range_order"
	FieldRangeTooLong FieldReason = "range_too_long"
	// A campaign's message, template and schedule.
	FieldMessageOrFlow       FieldReason = "message_or_flow"
	FieldOneMessagePart      FieldReason = "one_message_part"
	FieldSMSTextOnly         FieldReason = "sms_text_only"
	FieldTemplateNameLang    FieldReason = "template_name_language"
	FieldMediaSource         FieldReason = "media_source"
	FieldHeaderMediaOrText   FieldReason = "header_media_or_text"
	FieldButtonIndex         FieldReason = "button_index"
	FieldButtonURLSuffix     FieldReason = "button_url_suffix"
	FieldUnknownTemplate     FieldReason = "unknown_template"
	FieldTemplateLanguage    FieldReason = "template_language_missing"
	FieldTemplateNotApproved FieldReason = "template_not_approved"
	FieldTemplateRefused     FieldReason = "template_refused"
	FieldUnknownConnection   FieldReason = "unknown_connection"
	FieldConnectionChannel   FieldReason = "connection_wrong_channel"
	FieldConnectionDeleted   FieldReason = "connection_deleted"
	FieldInvalidLocalTime    FieldReason = "invalid_local_time"
	FieldInvalidCron         FieldReason = "invalid_cron"
	FieldInvalidClock        FieldReason = "invalid_clock"
	FieldWindowOrder         FieldReason = "window_order"
	FieldInvalidWeekday      FieldReason = "invalid_weekday"
	// Expressions (a campaign's audience, {{ }} in its message).
	FieldExprUnknownField    FieldReason = "expr_unknown_field"
	FieldExprUnknownName     FieldReason = "expr_unknown_name"
	FieldExprUnexpectedToken FieldReason = "expr_unexpected_token"
	FieldExprUnexpectedEnd   FieldReason = "expr_unexpected_end"
	FieldExprUnterminated    FieldReason = "expr_unterminated_string"
	FieldExprNotCondition    FieldReason = "expr_not_condition"
	FieldExprMismatchedTypes FieldReason = "expr_mismatched_types"
	FieldExprUnclosedBraces  FieldReason = "expr_unclosed_braces"
	FieldExprInvalid         FieldReason = "expr_invalid"
	// A reply's quote or a reaction's target in the inbox.
	FieldQuoteChannel  FieldReason = "quote_unsupported"
	FieldQuoteNote     FieldReason = "quote_note"
	FieldQuoteActivity FieldReason = "quote_activity"
	FieldQuoteReaction FieldReason = "quote_reaction"
	FieldNotSentYet    FieldReason = "not_sent_yet"
	FieldWebhookURL    FieldReason = "webhook_url"
	FieldUnknownEvent  FieldReason = "unknown_event"
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
	FieldNumberRange:     "a number from min to max is needed; params: min, max",

	FieldWrongType:    "the body's value has the wrong JSON type; params: field, want (number, text, boolean, list, object)",
	FieldUnknownField: "the body has a field the request does not take; params: field",
	FieldBadCursor:    "the cursor is not one this list returned (or the sort changed)",
	FieldRangeOrder:   "a range's from is not before its to",
	FieldRangeTooLong: "a range covers too many days; params: days (the most it may)",

	FieldMessageOrFlow:       "a campaign sends one message or enrols into a flow, not both nor neither",
	FieldOneMessagePart:      "a message is one of text, template and media",
	FieldSMSTextOnly:         "SMS campaigns send text",
	FieldTemplateNameLang:    "a template needs its name and language",
	FieldMediaSource:         "media needs its type and a link, an id or a stored file; params: types (comma separated)",
	FieldHeaderMediaOrText:   "a template header is media or text with placeholders, not both",
	FieldButtonIndex:         "buttons are keyed by their index, 0 to 9",
	FieldButtonURLSuffix:     "a URL button needs the end of its URL",
	FieldUnknownTemplate:     "the connection has no template of this name; params: name",
	FieldTemplateLanguage:    "the template has no version in this language; params: name, language, languages (comma separated)",
	FieldTemplateNotApproved: "the template is not approved at Meta; params: name, language, status, reason (Meta's words, may be empty)",
	FieldTemplateRefused:     "WhatsApp would refuse the template message; params: code (Graph's), detail (the plugin's words, English)",
	FieldUnknownConnection:   "no connection of this name or ID; params: name, channel",
	FieldConnectionChannel:   "the connection sends on another channel; params: name, channel (the connection's), plugin, want (the campaign's)",
	FieldConnectionDeleted:   "the campaign's connection was deleted; params: name",
	FieldInvalidLocalTime:    "not a local date and time as 2026-05-01T09:00",
	FieldInvalidCron:         "not a cron schedule; params: detail (the parser's words, English)",
	FieldInvalidClock:        "not a time of day as HH:MM; params: value",
	FieldWindowOrder:         "the window's from is not before its to (windows do not cross midnight)",
	FieldInvalidWeekday:      "not a day of the week (mon to sun); params: value",

	FieldExprUnknownField:    "the expression reads a field the object does not have; params: object (contact, message, event, steps.<id>, params), field, line, column",
	FieldExprUnknownName:     "the expression names something that does not exist; params: name, line, column",
	FieldExprUnexpectedToken: "the expression has something unexpected; params: token, line, column",
	FieldExprUnexpectedEnd:   "the expression ends too early; params: line, column",
	FieldExprUnterminated:    "a quoted text is never closed; params: line, column",
	FieldExprNotCondition:    "the expression is not true or false; params: got (its Go type)",
	FieldExprMismatchedTypes: "an operator applied to values it does not take; params: operator, left, right (Go types), line, column",
	FieldExprUnclosedBraces:  "{{ is never closed with }}",
	FieldExprInvalid:         "the expression does not compile; params: detail (the parser's words, English), line, column",

	FieldQuoteChannel:  "the channel cannot quote a message; params: channel",
	FieldQuoteNote:     "an internal note cannot be quoted or reacted to; params: action (quote, react)",
	FieldQuoteActivity: "an activity line cannot be quoted or reacted to; params: action",
	FieldQuoteReaction: "a reaction cannot be quoted or reacted to; params: action",
	FieldNotSentYet:    "the message has not reached the provider yet; params: action",
	FieldWebhookURL:    "not a URL a webhook may reach: absolute, https (http only to a host the server allows), no credentials, no local or private address",
	FieldUnknownEvent:  "not an event type webhooks deliver; params: value",
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

// NumberRange is a number outside min to max; text is the English.
func NumberRange(text string, min, max int) Field {
	return Keyed(text, FieldNumberRange, P{"min": min, "max": max})
}

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
