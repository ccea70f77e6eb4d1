// Package apperr is the platform's typed errors with stable codes. Domain
// packages return them; the API maps each code to one HTTP status here and
// renders {"error": {"code", "reason", "params", "message", "fields",
// "field_reasons"}}.
// Any other error is internal and its text never reaches a client.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Code is a stable, machine-readable error code.
type Code string

// Every code a client can receive.
const (
	Invalid         Code = "invalid_input"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	Forbidden       Code = "forbidden"
	RateLimited     Code = "rate_limited"
	TooLarge        Code = "payload_too_large"
	Unsupported     Code = "unsupported_media_type"
	Unavailable     Code = "unavailable"
	Internal        Code = "internal"
	// ProviderRefused: a provider (WhatsApp, Twilio) refused what the
	// server asked of it on the caller's behalf; the message says why.
	ProviderRefused Code = "provider_refused"
	// ProviderUnavailable: a provider did not answer, or failed.
	ProviderUnavailable Code = "provider_unavailable"
)

// Codes lists every code with its HTTP status, for docs and the dashboard.
var Codes = map[Code]int{
	Invalid:             http.StatusBadRequest,
	NotFound:            http.StatusNotFound,
	Conflict:            http.StatusConflict,
	Unauthenticated:     http.StatusUnauthorized,
	Forbidden:           http.StatusForbidden,
	RateLimited:         http.StatusTooManyRequests,
	TooLarge:            http.StatusRequestEntityTooLarge,
	Unsupported:         http.StatusUnsupportedMediaType,
	Unavailable:         http.StatusServiceUnavailable,
	Internal:            http.StatusInternalServerError,
	ProviderRefused:     http.StatusUnprocessableEntity,
	ProviderUnavailable: http.StatusBadGateway,
}

// Status is the HTTP status of a code.
func (c Code) Status() int {
	if s, ok := Codes[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is a domain error safe to show to the client. Reason and Params,
// when set, key the message for clients that word it themselves.
type Error struct {
	Code    Code              `json:"code"`
	Reason  Reason            `json:"reason,omitempty"`
	Params  map[string]any    `json:"params,omitempty"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// FieldReasons keys the fields whose problem has a stable reason.
	FieldReasons map[string]FieldKey `json:"field_reasons,omitempty"`
	RetryAfter   time.Duration       `json:"-"`
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// New makes an error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf says a thing does not exist (or belongs to another tenant,
// which is the same to the caller).
func NotFoundf(format string, args ...any) *Error { return New(NotFound, format, args...) }

// As extracts a domain error; ok is false for internal errors.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is tells whether err carries code.
func Is(err error, code Code) bool {
	e, ok := As(err)
	return ok && e.Code == code
}

// PluginReason is a plugin's refusal as a person reads it: the text after
// the last "whatsapp-cloud: " (the plugin's own prefix, repeated by each
// wrapping layer), or the whole text when it has none.
func PluginReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "whatsapp-cloud: "); i >= 0 {
		msg = msg[i+len("whatsapp-cloud: "):]
	}
	return msg
}
