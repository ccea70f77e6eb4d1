package plugin

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestWebhookSkipsAnEventTheHostRefuses: an event the store refuses as
// invalid (an opt-out keyword from a sender that is no phone number, say)
// is logged and skipped, and the webhook is acknowledged: refusing the
// delivery would lose the events after it in the batch, and the provider's
// retries (Meta's go on for 36 hours) would be refused the same way. A
// store that fails still answers 500, so the provider retries.
func TestWebhookSkipsAnEventTheHostRefuses(t *testing.T) {
	f := newFixture(t)
	v := f.connect(t)
	sink := f.m.Sink
	f.m.Sink = func(ctx context.Context, c store.Connection, subject string, payload []byte, msgID string) error {
		switch {
		case strings.Contains(string(payload), `"from":"12"`):
			return apperr.Fields("the keyword cannot be recorded", map[string]string{"phone": "not a phone number: 12"})
		case strings.Contains(string(payload), `"from":"down"`):
			return apperr.New(apperr.Unavailable, "the store is down")
		}
		return sink(ctx, c, subject, payload, msgID)
	}
	post := func(body string) (sdk.WebhookResponse, error) {
		mac := hmac.New(sha256.New, []byte("top-secret-value"))
		mac.Write([]byte(body))
		h := http.Header{"X-Echo-Signature": {"sha256=" + hex.EncodeToString(mac.Sum(nil))}}
		return f.m.Webhook(context.Background(), v.ID, sdk.WebhookRequest{Method: "POST", Path: "/", Header: h, Body: []byte(body)})
	}
	res, err := post(`{"messages":[{"id":"m1","from":"12","text":"STOP"},{"id":"m2","from":"5511999990000","text":"oi"}]}`)
	if err != nil || res.StatusCode() != http.StatusOK {
		t.Fatalf("a refused event failed the webhook: %d %v", res.StatusCode(), err)
	}
	if len(f.events) != 1 || !strings.Contains(<-f.events, `"from":"5511999990000"`) {
		t.Fatal("the event after the refused one was not stored")
	}
	if res, err := post(`{"messages":[{"id":"m3","from":"down","text":"oi"}]}`); err == nil || res.StatusCode() != http.StatusInternalServerError {
		t.Fatalf("a failing store: %d %v", res.StatusCode(), err)
	}
}
