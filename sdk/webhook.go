package sdk

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// WebhookRequest is a provider's HTTP request, exactly as received at
// /hooks/{connection_id}, so the plugin can verify signatures over the raw
// body.
type WebhookRequest struct {
	Method string `json:"method"`
	// Path is the part after /hooks/{connection_id}, "/" when empty.
	Path  string     `json:"path"`
	Query url.Values `json:"query,omitempty"`
	// RawQuery is the query exactly as received (without "?"), for
	// signature schemes over the URL, whose order Query loses.
	RawQuery string `json:"raw_query,omitempty"`
	// URL is the full URL the provider called, as the host saw it:
	// scheme://host/hooks/{connection_id}/path?raw_query. Behind a reverse
	// proxy the scheme and host are the proxy's public ones only when the
	// host is configured to trust it; empty when the runtime does not
	// know it.
	URL    string      `json:"url,omitempty"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
}

// WebhookResponse is the answer sent back to the provider.
type WebhookResponse struct {
	// Status is the HTTP status; zero means 200.
	Status int         `json:"status,omitempty"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
}

// StatusCode returns Status, or 200 when it is zero.
func (r WebhookResponse) StatusCode() int {
	if r.Status == 0 {
		return http.StatusOK
	}
	return r.Status
}

// WebhookRefused is a refusal in the platform's error format,
// {"error": {"code": …, "message": …}}, so whoever is setting a webhook up
// (or a provider's delivery log) reads why: the code follows the status
// (401 unauthenticated, 403 forbidden, 400 invalid_input, …) and message
// says what was wrong, never a secret.
func WebhookRefused(status int, message string) WebhookResponse {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"code": RefusalCode(status), "message": message}})
	return WebhookResponse{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}
}

// RefusalCode is the platform's error code for an HTTP status.
func RefusalCode(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "not_found"
	case http.StatusRequestEntityTooLarge:
		return "payload_too_large"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	if status >= 500 {
		return "internal"
	}
	return "invalid_input"
}
