package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// SignatureHeader carries "sha256=<hex HMAC of the body>".
const SignatureHeader = "X-Echo-Signature"

// Send "delivers" the message and reports it sent on the bus. Its ID is
// random rather than counted: another instance may serve the next send.
func (p *Plugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	if err := msg.Validate(); err != nil {
		return sdk.SendResult{}, sdk.Permanent(err, "")
	}
	id := "wecho-" + rand.Text()
	st := sdk.MessageStatus(sdk.StatusUpdate{
		ProviderMessageID: id, Recipient: msg.To, Status: sdk.StatusSent, Timestamp: p.host.Clock.Now(),
	})
	if err := p.host.Events.Emit(ctx, st.Subject, st.Payload, st.ID); err != nil {
		return sdk.SendResult{}, sdk.Retryable(fmt.Errorf("wasm-echo: report status: %w", err), 0)
	}
	return sdk.SendResult{MessageID: id, Status: sdk.StatusSent}, nil
}

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
func (p *Plugin) HandleWebhook(_ context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
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
			Text: p.prefix + m.Text, Timestamp: time.Unix(m.Timestamp, 0).UTC(),
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
