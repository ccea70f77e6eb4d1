package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// jsonOf is v as JSON, so params compare whatever their numbers' Go types.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// wantReason fails unless r has the code, the params (as JSON) and text.
func wantReason(t *testing.T, r Reason, code, params, text string) {
	t.Helper()
	if r.Code != code || jsonOf(t, r.Params) != params || r.Text != text {
		t.Fatalf("reason\n got %s %s %q\nwant %s %s %q", r.Code, jsonOf(t, r.Params), r.Text, code, params, text)
	}
	if _, ok := ReasonCodes[code]; !ok {
		t.Fatalf("%s is not in ReasonCodes", code)
	}
}

// TestBreakerReasonsCarryCodeAndParams: each way the breaker trips keys
// its English reason with a code and the counts and codes it names.
func TestBreakerReasonsCarryCodeAndParams(t *testing.T) {
	b := newBreaker(Breaker{Window: 100, MinSamples: 50, MaxUndeliverable: 0.2, MaxOptOut: 0.05})
	for range 100 {
		b.record(sentOK)
	}
	var r Reason
	for n := 0; r.Code == "" && n < 100; n++ {
		code := map[bool]string{true: "131049", false: "131026"}[n%4 == 3]
		r = b.record(failure(signalUndeliverable, code, ""))
	}
	wantReason(t, r, ReasonBreakerUndeliverable,
		`{"codes":[{"code":"131026","count":16},{"code":"131049","count":5}],"count":21,"limit":20,"percent":21,"window":100}`,
		"circuit breaker: 21 of the last 100 sends (21%) were undeliverable or blocked (131026 ×16, 131049 ×5); the limit is 20%")

	opt := newBreaker(Breaker{Window: 200, MinSamples: 50, MaxUndeliverable: 0.2, MaxOptOut: 0.05})
	for range 10 {
		opt.record(outcome{signal: signalOptOut})
	}
	for r = (Reason{}); r.Code == ""; {
		r = opt.record(sentOK)
	}
	wantReason(t, r, ReasonBreakerOptOuts, `{"codes":[],"count":10,"limit":5,"percent":20,"window":50}`,
		"circuit breaker: 10 of the last 50 sends (20%) were opt-outs; the limit is 5%")

	fails := newBreaker(breakerDefaults(Breaker{}, map[string]apperr.Field{}))
	fails.record(sentOK)
	for r = (Reason{}); r.Code == ""; {
		r = fails.record(failure(signalOK, "132015", "paused"))
	}
	wantReason(t, r, ReasonBreakerFailures, `{"codes":[{"code":"132015","count":49}],"count":49,"limit":50,"percent":98,"window":50}`,
		"circuit breaker: 49 of the last 50 sends (98%) were failures (132015 ×49); the limit is 50%")
}

// TestFirstSendsReasonCarriesCodes: the first sends all failing names how
// many and the commonest codes, with the provider's words, in params.
func TestFirstSendsReasonCarriesCodes(t *testing.T) {
	b := newBreaker(breakerDefaults(Breaker{}, map[string]apperr.Field{}))
	var r Reason
	for i := 0; r.Code == ""; i++ {
		code, msg := "132001", "whatsapp-cloud: graph error 132001 (HTTP 404): Template name does not exist in the translation"
		if i == 4 {
			code, msg = "", "no connection"
		}
		r = b.record(failure(signalOK, code, msg))
	}
	wantReason(t, r, ReasonFirstSendsFailed,
		`{"codes":[{"code":"132001","count":9,"message":"graph error 132001 (HTTP 404): Template name does not exist in the translation"},`+
			`{"code":"","count":1,"message":"no connection"}],"count":10}`,
		`the first 10 sends all failed, none went out: 132001 ×9: "graph error 132001 (HTTP 404): Template name does not exist in the translation"; `+
			`no code ×1: "no connection". Fix what the provider says (the template, the connection or the list), then resume the campaign`)
}

// TestPauseVerdictsCarryCodes: a pause code of the provider keys its
// reason with the code; refused credentials with their own.
func TestPauseVerdictsCarryCodes(t *testing.T) {
	v := judge(sdk.RateLimited(errors.New("graph error 131048"), time.Minute), 1, 5)
	wantReason(t, v.pause, ReasonSenderBlocked, `{"code":"131048"}`, "WhatsApp's spam rate limit (131048): the number's quality dropped")
	v = judge(sdk.Permanent(errors.New("suspended"), "30002"), 1, 5)
	wantReason(t, v.pause, ReasonSenderBlocked, `{"code":"30002"}`, "the Twilio account is suspended (30002)")
	v = judge(sdk.Auth(errors.New("token expired")), 1, 5)
	wantReason(t, v.pause, ReasonCredentialsRefused, `null`, "the provider refused the connection's credentials: fix the connection, then resume")
	wantReason(t, definitionInvalid(errors.New("spec.message: required")), ReasonDefinitionInvalid, `{"detail":"spec.message: required"}`,
		"the campaign's definition is no longer valid: spec.message: required")
}

// TestRoundEndReasonsCarryCounts: a round that ends with failures says
// so by code, all failed or some, once or across a recurring campaign's
// rounds.
func TestRoundEndReasonsCarryCounts(t *testing.T) {
	codes := []failureCount{{Code: "131026", Count: 2, Message: "undeliverable"}}
	c := store.Campaign{Round: 3}
	some, all := failures{failed: 2, tried: 12, codes: codes}, failures{failed: 5, tried: 5, codes: codes}
	list := `"codes":[{"code":"131026","count":2,"message":"undeliverable"}]`
	wantReason(t, roundEndReason(c, false, some), ReasonCompletedWithFailures, `{`+list+`,"count":2,"total":12}`,
		`completed: 2 of 12 sends failed (131026 ×2: "undeliverable")`)
	wantReason(t, roundEndReason(c, false, all), ReasonCompletedAllFailed, `{`+list+`,"count":5}`,
		`completed: 5 of 5 sends failed, none went out (131026 ×2: "undeliverable")`)
	wantReason(t, roundEndReason(c, true, some), ReasonRoundEndedWithFailures, `{`+list+`,"count":2,"round":3,"total":12}`,
		`round 3 ended; across its rounds so far, 2 of 12 sends failed (131026 ×2: "undeliverable")`)
	wantReason(t, roundEndReason(c, true, all), ReasonRoundEndedAllFailed, `{`+list+`,"count":5,"round":3}`,
		`round 3 ended; across its rounds so far, 5 of 5 sends failed, none went out (131026 ×2: "undeliverable")`)
	if r := roundEndReason(c, false, failures{tried: 4}); r.Code != "" || r.Text != "" {
		t.Fatalf("no failures: %+v", r)
	}
}

// TestPauseAndCancelKeepTheirCode: a pause or cancel by a user or an API
// key keeps its code and the name beside the English reason: in the
// answer, in the store, in the progress and in the event.
func TestPauseAndCancelKeepTheirCode(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	key := store.APIKey{ID: ids.New("key"), TenantID: r.p.TenantID, Name: "CRM", Prefix: "mia_x", Hash: []byte("h"),
		Role: string(auth.RoleAdmin), CreatedAt: time.Now()}
	if err := r.st.CreateAPIKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	u, err := r.st.GetUser(ctx, r.p.UserID)
	if err != nil {
		t.Fatal(err)
	}
	byKey := tenancy.Principal{TenantID: r.p.TenantID, APIKeyID: key.ID, Role: auth.RoleAdmin}
	for _, tc := range []struct {
		p              tenancy.Principal
		paused, cancel string
		params         string
	}{
		{r.p, ReasonPausedByUser, ReasonCancelledByUser, jsonOf(t, map[string]string{"name": "camp (" + u.Email + ")"})},
		{byKey, ReasonPausedByAPIKey, ReasonCancelledByAPIKey, `{"name":"CRM"}`},
	} {
		c, err := r.svc.Create(ctx, r.p, Input{Name: "c " + tc.paused, Channel: "sms", Spec: Spec{Message: smsPromo}})
		if err == nil {
			_, err = r.svc.Start(ctx, r.p, c.ID)
		}
		if err == nil {
			c, err = r.svc.Pause(ctx, tc.p, c.ID)
		}
		if err != nil || c.ReasonCode != tc.paused || jsonOf(t, c.ReasonParams) != tc.params {
			t.Fatalf("paused: %s %v (%v)", c.ReasonCode, c.ReasonParams, err)
		}
		stored, _ := r.st.GetCampaign(ctx, r.p.TenantID, c.ID)
		pr, _ := r.svc.Progress(ctx, r.p, c.ID)
		if stored.ReasonCode != tc.paused || jsonOf(t, stored.ReasonParams) != tc.params ||
			pr.ReasonCode != tc.paused || jsonOf(t, pr.ReasonParams) != tc.params {
			t.Fatalf("stored %s %v, progress %s %v", stored.ReasonCode, stored.ReasonParams, pr.ReasonCode, pr.ReasonParams)
		}
		if c, err = r.svc.Cancel(ctx, tc.p, c.ID); err != nil || c.ReasonCode != tc.cancel || jsonOf(t, c.ReasonParams) != tc.params {
			t.Fatalf("cancelled: %s %v (%v)", c.ReasonCode, c.ReasonParams, err)
		}
	}
	paused := eventPayloads(t, r.st, bus.EventCampaignPaused)
	if len(paused) != 2 || paused[1]["reason_code"] != ReasonPausedByAPIKey || jsonOf(t, paused[1]["reason_params"]) != `{"name":"CRM"}` ||
		paused[1]["reason"] != `paused by the API key "CRM"` {
		t.Fatalf("campaign.paused events: %v", paused)
	}
}

// eventPayloads claims the waiting events and returns those of type typ.
func eventPayloads(t *testing.T, st store.Store, typ string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for {
		n, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
			for _, e := range es {
				var p map[string]any
				if e.Type == typ && json.Unmarshal(e.Payload, &p) == nil {
					out = append(out, p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return out
		}
	}
}
