package flows

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// SignatureHeader carries sha256=<hex HMAC-SHA256 of the raw body> when a
// webhook trigger names a secret.
const SignatureHeader = "X-Masteria-Signature"

// WebhookReply is what a webhook-triggered run answers: its outcome and
// variables when it finished within the wait, else that it is running.
type WebhookReply struct {
	RunID  string         `json:"run_id"`
	Status string         `json:"status"`
	Vars   map[string]any `json:"vars,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// SecretReader opens a tenant's stored secret by name.
type SecretReader func(ctx context.Context, tenantID, name string) (string, error)

// Webhook starts a published webhook-triggered flow from a request: the
// signature is checked when the trigger names a secret, the JSON body is
// the event, an Idempotency-Key header makes retries start one run, and
// the reply waits (up to wait) for the run to settle.
func (s *Service) Webhook(ctx context.Context, flowID string, header http.Header, body []byte, secrets SecretReader, wait time.Duration) (int, WebhookReply, error) {
	f, err := s.Store.FlowByID(ctx, flowID)
	if err != nil || f.PublishedVersion == 0 || f.TriggerOn != "webhook" {
		return 0, WebhookReply{}, apperr.NotFoundf("no such webhook")
	}
	plan, err := s.Engine.Plan(ctx, f.TenantID, f.ID, f.PublishedVersion)
	if err != nil {
		return 0, WebhookReply{}, err
	}
	if name := plan.Flow.Trigger.Secret; name != "" {
		if err := checkSignature(ctx, f, name, header.Get(SignatureHeader), body, secrets); err != nil {
			return 0, WebhookReply{}, err
		}
	}
	data := map[string]any{}
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &data); err != nil {
			return 0, WebhookReply{}, apperr.New(apperr.Invalid, "the body must be a JSON object")
		}
	}
	start := engine.Start{TenantID: f.TenantID, FlowID: f.ID, Version: f.PublishedVersion,
		Event: flow.Event{Type: "webhook", Data: data}}
	if key := header.Get("Idempotency-Key"); key != "" {
		start.TriggerKey = "idem:" + key
	}
	run, err := s.Engine.StartRun(ctx, start)
	if err != nil {
		return 0, WebhookReply{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	settled, err := s.Engine.WaitSettled(wctx, f.TenantID, run.ID)
	if err != nil {
		return http.StatusAccepted, WebhookReply{RunID: run.ID, Status: store.RunReady}, nil
	}
	return http.StatusOK, reply(settled), nil
}

func reply(r store.Run) WebhookReply {
	out := WebhookReply{RunID: r.ID, Status: r.Status, Error: r.Error}
	var st struct {
		Vars map[string]any `json:"vars"`
	}
	_ = json.Unmarshal(r.State, &st)
	out.Vars = st.Vars
	return out
}

func checkSignature(ctx context.Context, f store.Flow, name, got string, body []byte, secrets SecretReader) error {
	secret, err := secrets(ctx, f.TenantID, name)
	if err != nil {
		return apperr.New(apperr.Unauthenticated, "the flow's signing secret is not set")
	}
	sig, err := hex.DecodeString(strings.TrimPrefix(got, "sha256="))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if err != nil || !strings.HasPrefix(got, "sha256=") || !hmac.Equal(sig, mac.Sum(nil)) {
		return apperr.New(apperr.Unauthenticated, "bad or missing "+SignatureHeader)
	}
	return nil
}
