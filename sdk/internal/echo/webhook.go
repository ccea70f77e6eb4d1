package echo

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// SignatureHeader carries "sha256=<hex HMAC of the body>".
const SignatureHeader = "X-Echo-Signature"

// payload is the echo provider's webhook body.
type payload struct {
	Messages []struct {
		ID        string `json:"id"`
		From      string `json:"from"`
		Name      string `json:"name"`
		Text      string `json:"text"`
		Timestamp int64  `json:"timestamp"`
	} `json:"messages"`
}

// HandleWebhook verifies the signature and turns echoed messages into
// message.received events.
// A GET to /where answers with the request's URL and raw query, one per
// line, so tests can see what crossed a runtime.
func (p *Plugin) HandleWebhook(_ context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	if req.Method == http.MethodGet && req.Path == "/where" {
		return sdk.WebhookResponse{Body: []byte(req.URL + "\n" + req.RawQuery)}, nil, nil
	}
	if req.Method != http.MethodPost {
		return respond(http.StatusMethodNotAllowed), nil, nil
	}
	if !p.signed(req) {
		return respond(http.StatusUnauthorized), nil, nil
	}
	var body payload
	if err := json.Unmarshal(req.Body, &body); err != nil {
		return respond(http.StatusBadRequest), nil, nil
	}
	var events []sdk.Event
	for _, m := range body.Messages {
		if m.ID == "" || m.From == "" {
			return respond(http.StatusBadRequest), nil, nil
		}
		events = append(events, sdk.MessageReceived(sdk.InboundMessage{
			ProviderMessageID: m.ID, From: m.From, ContactName: m.Name, Type: sdk.InboundText,
			Text: m.Text, Timestamp: time.Unix(m.Timestamp, 0).UTC(),
		}))
	}
	return respond(http.StatusOK), events, nil
}

func (p *Plugin) signed(req sdk.WebhookRequest) bool {
	got, ok := strings.CutPrefix(req.Header.Get(SignatureHeader), "sha256=")
	sig, err := hex.DecodeString(got)
	return ok && err == nil && hmac.Equal(sig, Sign(p.secret, req.Body))
}

// Sign returns the HMAC-SHA256 of body under secret.
func Sign(secret, body []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return mac.Sum(nil)
}

func respond(status int) sdk.WebhookResponse { return sdk.WebhookResponse{Status: status} }
