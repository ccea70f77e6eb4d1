package abi

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/masteria/masteria/sdk"
)

// Provision is the input of [ExportProvision].
type Provision struct {
	ConnectionID string `json:"connection_id"`
	// Config is the connection's validated config as plain JSON values
	// (see [Values]); the guest parses it again with the manifest's fields.
	Config map[string]any `json:"config,omitempty"`
	// AllowHosts are egress hosts the operator approved beyond the
	// manifest's. The host enforces them; the guest adds them to its own
	// guard so it does not refuse what the host allows.
	AllowHosts []string `json:"allow_hosts,omitempty"`
	// WebhookURL is the connection's public webhook URL ([sdk.Connection]).
	WebhookURL string `json:"webhook_url,omitempty"`
}

// Invoke is the input of [ExportInvoke]. Its result is the action's output
// values as a JSON object.
type Invoke struct {
	Action         string         `json:"action"`
	Input          map[string]any `json:"input,omitempty"`
	IdempotencyKey string         `json:"idempotency_key,omitempty"`
	RunID          string         `json:"run_id,omitempty"`
	StepID         string         `json:"step_id,omitempty"`
}

// WebhookResult is the result of [ExportHandleWebhook].
type WebhookResult struct {
	Response sdk.WebhookResponse `json:"response"`
	Events   []Event             `json:"events,omitempty"`
}

// Event is an sdk.Event whose payload is already JSON.
type Event struct {
	Subject string          `json:"subject"`
	ID      string          `json:"id"`
	Payload json.RawMessage `json:"payload"`
}

// HTTPRequest is the input of [FuncHTTPRequest]. The host sends it with the
// current call's context, through its egress guard.
type HTTPRequest struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
}

// HTTPResponse is the result of [FuncHTTPRequest].
type HTTPResponse struct {
	Status int         `json:"status"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
}

// Attr is one key/value pair of a log record, as [FuncLog] receives them.
type Attr struct {
	Key   string `json:"k"`
	Value any    `json:"v"`
}

// Unmarshal decodes b into v keeping numbers as json.Number, which the
// SDK's field parsing accepts, so large integers survive.
func Unmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
