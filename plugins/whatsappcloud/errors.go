package whatsappcloud

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// GraphError is an error the Graph API answered with ({"error": {...}}).
// Branch on Code: rate limits come back as HTTP 400 with a code.
type GraphError struct {
	HTTPStatus int    `json:"-"`
	Code       int    `json:"code"`
	Subcode    int    `json:"error_subcode,omitempty"`
	Type       string `json:"type,omitempty"`
	Message    string `json:"message"`
	ErrorData  struct {
		Details string `json:"details"`
	} `json:"error_data"`
	FBTraceID string `json:"fbtrace_id,omitempty"`
}

// Error describes the error with its code and HTTP status.
func (e *GraphError) Error() string {
	s := fmt.Sprintf("whatsapp-cloud: graph error %d (HTTP %d): %s", e.Code, e.HTTPStatus, e.Message)
	if e.ErrorData.Details != "" {
		s += ": " + e.ErrorData.Details
	}
	return s
}

// Rule is how the plugin treats one Graph error code.
type Rule struct {
	Class sdk.Class
	// RetryAfter is the default wait for rate limits and maintenance.
	RetryAfter time.Duration
	// Scope is what a rate limit throttles: "number" (every send from the
	// phone number) or "recipient" (sends to one user); empty for none.
	Scope string
}

// ErrorRules is the error-code map: every code in Meta's table, with its
// class. Codes not listed fall back by range (132xxx templates are
// permanent) and then by HTTP status (see [ClassifyCode]).
var ErrorRules = map[int]Rule{
	0:      {Class: sdk.ClassAuth},                                                     // AuthException
	1:      {Class: sdk.ClassRetryable},                                                // API unknown: possibly a server error
	2:      {Class: sdk.ClassRetryable},                                                // service temporarily down
	3:      {Class: sdk.ClassAuth},                                                     // capability or permission
	4:      {Class: sdk.ClassRateLimited, RetryAfter: time.Minute, Scope: "number"},    // app call rate limit
	10:     {Class: sdk.ClassAuth},                                                     // permission denied
	100:    {Class: sdk.ClassPermanent},                                                // invalid parameter
	190:    {Class: sdk.ClassAuth},                                                     // access token expired
	368:    {Class: sdk.ClassPermanent},                                                // blocked for policy violations
	80007:  {Class: sdk.ClassRateLimited, RetryAfter: time.Minute, Scope: "number"},    // WABA rate limit
	130429: {Class: sdk.ClassRateLimited, RetryAfter: time.Second, Scope: "number"},    // throughput
	130472: {Class: sdk.ClassPermanent},                                                // user in an experiment
	130497: {Class: sdk.ClassPermanent},                                                // country restricted
	131000: {Class: sdk.ClassRetryable},                                                // unknown error
	131005: {Class: sdk.ClassAuth},                                                     // access denied
	131008: {Class: sdk.ClassPermanent},                                                // missing parameter
	131009: {Class: sdk.ClassPermanent},                                                // invalid parameter value
	131016: {Class: sdk.ClassRetryable},                                                // service unavailable
	131021: {Class: sdk.ClassPermanent},                                                // recipient is the sender
	131026: {Class: sdk.ClassPermanent},                                                // undeliverable
	131031: {Class: sdk.ClassPermanent},                                                // account locked
	131042: {Class: sdk.ClassPermanent},                                                // payment issue
	131045: {Class: sdk.ClassPermanent},                                                // registration (certificate)
	131047: {Class: sdk.ClassPermanent},                                                // outside the 24 h window
	131048: {Class: sdk.ClassRateLimited, RetryAfter: 30 * time.Minute},                // spam rate limit: pause
	131049: {Class: sdk.ClassPermanent},                                                // healthy-ecosystem limit
	131050: {Class: sdk.ClassPermanent},                                                // user stopped marketing
	131051: {Class: sdk.ClassPermanent},                                                // unsupported type
	131052: {Class: sdk.ClassPermanent},                                                // media download error
	131053: {Class: sdk.ClassPermanent},                                                // media upload error
	131056: {Class: sdk.ClassRateLimited, RetryAfter: time.Second, Scope: "recipient"}, // pair rate
	131057: {Class: sdk.ClassRetryable, RetryAfter: time.Minute},                       // maintenance mode
	133016: {Class: sdk.ClassRateLimited, RetryAfter: time.Minute},                     // register rate limit
	135000: {Class: sdk.ClassPermanent},                                                // generic user error
}

// ClassifyCode returns the rule for a Graph error code answered with HTTP
// status (0 when unknown, as for codes in webhooks).
func ClassifyCode(code, status int) Rule {
	if r, ok := ErrorRules[code]; ok {
		return r
	}
	switch {
	case code >= 200 && code <= 299: // API permission
		return Rule{Class: sdk.ClassAuth}
	case code >= 132000 && code < 133000: // template errors
		return Rule{Class: sdk.ClassPermanent}
	case code >= 133000 && code < 134000: // registration
		return Rule{Class: sdk.ClassPermanent}
	case status == http.StatusUnauthorized:
		return Rule{Class: sdk.ClassAuth}
	case status == http.StatusTooManyRequests:
		return Rule{Class: sdk.ClassRateLimited, RetryAfter: time.Second, Scope: "number"}
	case status >= 500 || status == 0:
		return Rule{Class: sdk.ClassRetryable}
	}
	return Rule{Class: sdk.ClassPermanent}
}

// classify wraps a Graph error in its SDK class; retryAfter overrides the
// rule's default when positive.
func classify(e *GraphError, retryAfter time.Duration) error {
	r := ClassifyCode(e.Code, e.HTTPStatus)
	if retryAfter <= 0 {
		retryAfter = r.RetryAfter
	}
	switch r.Class {
	case sdk.ClassAuth:
		return sdk.Auth(e)
	case sdk.ClassRateLimited:
		return sdk.RateLimited(e, retryAfter)
	case sdk.ClassPermanent:
		code := ""
		if e.Code >= 0 {
			code = strconv.Itoa(e.Code)
		}
		return sdk.Permanent(e, code)
	}
	return sdk.Retryable(e, retryAfter)
}
