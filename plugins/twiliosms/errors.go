package twiliosms

import (
	"net/http"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Rule is how the plugin treats one Twilio error code.
type Rule struct {
	Class sdk.Class
	// RetryAfter is the default wait for rate limits and queue overflow.
	RetryAfter time.Duration
	// Title is the code's meaning, used for asynchronous errors, which
	// arrive as a bare ErrorCode in a status callback.
	Title string
}

// ErrorRules is the error-code map: the codes Twilio answers on create
// (synchronous, with an HTTP status) and the ErrorCode of failed or
// undelivered status callbacks (asynchronous). Codes not listed fall back
// by HTTP status (see [ClassifyCode]).
var ErrorRules = map[int]Rule{
	// Synchronous: the REST API answers them.
	20003: {Class: sdk.ClassAuth, Title: "Authentication failed"},
	20404: {Class: sdk.ClassPermanent, Title: "Resource not found"},
	20429: {Class: sdk.ClassRateLimited, RetryAfter: time.Second, Title: "Too many requests"},
	20500: {Class: sdk.ClassRetryable, Title: "Internal server error"},
	20503: {Class: sdk.ClassRetryable, Title: "Service unavailable"},
	21211: {Class: sdk.ClassPermanent, Title: "Invalid 'To' phone number"},
	21212: {Class: sdk.ClassPermanent, Title: "Invalid 'From' number"},
	21266: {Class: sdk.ClassPermanent, Title: "'To' and 'From' are the same"},
	21602: {Class: sdk.ClassPermanent, Title: "Message body is required"},
	21603: {Class: sdk.ClassPermanent, Title: "'From' number is required"},
	21604: {Class: sdk.ClassPermanent, Title: "'To' number is required"},
	21606: {Class: sdk.ClassPermanent, Title: "'From' is not a valid SMS-capable number of the account"},
	21608: {Class: sdk.ClassPermanent, Title: "Unverified number (trial account)"},
	21609: {Class: sdk.ClassPermanent, Title: "Invalid StatusCallback URL"},
	21610: {Class: sdk.ClassPermanent, Title: "Recipient unsubscribed (texted STOP)"},
	21611: {Class: sdk.ClassRateLimited, RetryAfter: time.Minute, Title: "Sender queue full (over 10 hours of messages)"},
	21614: {Class: sdk.ClassPermanent, Title: "'To' is not a mobile number"},
	21617: {Class: sdk.ClassPermanent, Title: "Body exceeds 1600 characters"},
	21619: {Class: sdk.ClassPermanent, Title: "A body, media URL or content SID is required"},
	21620: {Class: sdk.ClassPermanent, Title: "Invalid media URL"},
	21635: {Class: sdk.ClassPermanent, Title: "'To' is a landline"},
	21704: {Class: sdk.ClassPermanent, Title: "Messaging Service has no senders"},
	21705: {Class: sdk.ClassPermanent, Title: "Invalid Messaging Service SID"},
	// Asynchronous: the ErrorCode of a failed or undelivered message.
	11200: {Class: sdk.ClassPermanent, Title: "Twilio could not fetch the media (HTTP retrieval failure)"},
	12300: {Class: sdk.ClassPermanent, Title: "The media's Content-Type is not one Twilio sends"},
	30019: {Class: sdk.ClassPermanent, Title: "The media is larger than the carrier takes"},
	30001: {Class: sdk.ClassRateLimited, RetryAfter: time.Minute, Title: "Queue overflow"},
	30002: {Class: sdk.ClassAuth, Title: "Account suspended"},
	30003: {Class: sdk.ClassRetryable, RetryAfter: 10 * time.Minute, Title: "Unreachable destination handset"},
	30004: {Class: sdk.ClassPermanent, Title: "Message blocked"},
	30005: {Class: sdk.ClassPermanent, Title: "Unknown destination handset"},
	30006: {Class: sdk.ClassPermanent, Title: "Landline or unreachable carrier"},
	30007: {Class: sdk.ClassPermanent, Title: "Message filtered (carrier violation)"},
	30008: {Class: sdk.ClassRetryable, Title: "Unknown error"},
	30036: {Class: sdk.ClassRetryable, Title: "Validity period expired"},
}

// ClassifyCode returns the rule for a Twilio error code answered with HTTP
// status (0 for a code from a status callback).
func ClassifyCode(code, status int) Rule {
	if r, ok := ErrorRules[code]; ok {
		return r
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return Rule{Class: sdk.ClassAuth}
	case status == http.StatusTooManyRequests:
		return Rule{Class: sdk.ClassRateLimited, RetryAfter: time.Second}
	case status >= 500 || status == 0:
		return Rule{Class: sdk.ClassRetryable}
	}
	return Rule{Class: sdk.ClassPermanent}
}

// classify wraps an API error in its SDK class.
func classify(e *APIError) error {
	r := ClassifyCode(e.Code, e.Status)
	wait := e.RetryAfter
	if wait <= 0 {
		wait = r.RetryAfter
	}
	switch r.Class {
	case sdk.ClassAuth:
		return sdk.Auth(e)
	case sdk.ClassRateLimited:
		return sdk.RateLimited(e, wait)
	case sdk.ClassPermanent:
		code := ""
		if e.Code != 0 {
			code = strconv.Itoa(e.Code)
		}
		return sdk.Permanent(e, code)
	}
	return sdk.Retryable(e, wait)
}

// asyncError is the ProviderError of a status callback's ErrorCode.
func asyncError(code string) sdk.ProviderError {
	n, _ := strconv.Atoi(code)
	r := ClassifyCode(n, 0)
	return sdk.ProviderError{Code: code, Title: r.Title, Details: "class: " + r.Class.String()}
}
