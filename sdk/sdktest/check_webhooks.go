package sdktest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// checkWebhooks: each sample request gets the expected status and events;
// every event is declared, has an ID and a payload matching its declared
// fields; a replayed request yields the same event IDs, so redeliveries are
// de-duplicated; malformed bodies produce no events and no panic.
func (e Env) checkWebhooks(t *testing.T) {
	if !e.Manifest.Webhooks {
		t.Skip("the plugin declares no webhooks")
	}
	h, ok := e.Open(t).(sdk.WebhookHandler)
	if !ok {
		t.Fatal("the manifest declares webhooks but the plugin does not implement sdk.WebhookHandler")
	}
	if len(e.Options.Webhooks) == 0 {
		t.Fatal("the plugin handles webhooks: add sample requests to Options.Webhooks")
	}
	for i, c := range e.Options.Webhooks {
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("case %d", i)
		}
		t.Run(name, func(t *testing.T) { e.webhookCase(t, h, c) })
	}
	t.Run("malformed", func(t *testing.T) { malformedWebhooks(t, h, e.Options.Webhooks[0].Request) })
}

func (e Env) webhookCase(t *testing.T, h sdk.WebhookHandler, c WebhookCase) {
	resp, events, err := handle(h, c.Request)
	if err != nil {
		t.Fatalf("HandleWebhook: %v", err)
	}
	if got := resp.StatusCode(); (c.Status == 0 && (got < 200 || got > 299)) || (c.Status != 0 && got != c.Status) {
		t.Errorf("status = %d, want %d (0 means any 2xx)", got, c.Status)
	}
	subjects := make([]string, len(events))
	for i, ev := range events {
		subjects[i] = ev.Subject
		e.checkEvent(t, ev)
	}
	if c.Subjects != nil && !slices.Equal(subjects, c.Subjects) {
		t.Errorf("event subjects = %v, want %v", subjects, c.Subjects)
	}
	_, again, err := handle(h, c.Request)
	if err != nil || !slices.EqualFunc(events, again, func(a, b sdk.Event) bool { return a.ID == b.ID }) {
		t.Errorf("replaying the request gave other event IDs (err = %v); IDs must be stable so redeliveries are dropped", err)
	}
}

func (e Env) checkEvent(t *testing.T, ev sdk.Event) {
	t.Helper()
	spec, ok := e.Manifest.Event(ev.Subject)
	if !ok {
		t.Errorf("event %q is not declared in the manifest's Events", ev.Subject)
	}
	if ev.ID == "" {
		t.Errorf("event %q has no ID for de-duplication", ev.Subject)
	}
	b, err := json.Marshal(ev.Payload)
	var payload map[string]any
	if err == nil {
		err = json.Unmarshal(b, &payload)
	}
	if err != nil {
		t.Errorf("event %q payload is not a JSON object: %v", ev.Subject, err)
		return
	}
	for _, fe := range spec.Payload.Validate(payload) {
		if fe.Code != sdk.CodeUnknown {
			t.Errorf("event %q payload: %v", ev.Subject, fe)
		}
	}
}

func malformedWebhooks(t *testing.T, h sdk.WebhookHandler, base sdk.WebhookRequest) {
	for _, body := range [][]byte{nil, []byte("{"), []byte("\x00\xffnot json"), []byte(`{"entry":[{"changes":[null]}]}`)} {
		req := base
		req.Body = body
		_, events, err := handle(h, req)
		if _, panicked := err.(*panicError); panicked {
			t.Errorf("body %q: %v", body, err)
		} else if err == nil && len(events) > 0 {
			t.Errorf("body %q produced %d events", body, len(events))
		}
	}
}

// handle calls the handler with a private copy of req, catching panics.
func handle(h sdk.WebhookHandler, req sdk.WebhookRequest) (resp sdk.WebhookResponse, events []sdk.Event, err error) {
	req.Body = slices.Clone(req.Body)
	req.Header = req.Header.Clone()
	req.Query = cloneValues(req.Query)
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	err = guard(func() (err error) {
		resp, events, err = h.HandleWebhook(ctx, req)
		return err
	})
	return resp, events, err
}

func cloneValues(v map[string][]string) map[string][]string {
	if v == nil {
		return nil
	}
	out := make(map[string][]string, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
