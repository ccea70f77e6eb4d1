package campaigns

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// TestCampaignWhoseFirstSendsAllFailPauses: a WhatsApp campaign whose
// template Meta removed after the sync fails every send with 132001. It pauses
// after its first 10 sends, saying so with the code and Meta's words,
// and its queued sends say they wait for the pause; resumed (still
// broken), it completes saying every send failed, not as a success.
func TestCampaignWhoseFirstSendsAllFailPauses(t *testing.T) {
	r := newPluginRig(t)
	ctx := context.Background()
	r.contacts(15, nil)
	r.start()
	// Meta removed the template after the catalog's sync: the campaign passes its
	// checks, and every send fails with 132001.
	r.whatsapp.InjectFault(wasim.Fault{Code: 132001, Endpoint: "messages"})
	c := r.launch("promo", "whatsapp", Spec{Connection: r.wa.ID, Pacing: Pacing{MPS: 4, Tier: "TIER_UNLIMITED"},
		Message: &Message{Template: &Template{Name: "hello_world", Language: "en_US"}}})
	pr := r.waitFor(c.ID, "a pause", func(pr Progress) bool { return pr.Status == store.CampaignPaused })
	for _, want := range []string{"the first 10 sends all failed", "132001 ×10", "does not exist", "then resume"} {
		if !strings.Contains(pr.Reason, want) {
			t.Fatalf("paused with %q, want it to say %q", pr.Reason, want)
		}
	}
	if pr.Sent != 0 || pr.Failed < 10 || pr.Queued == 0 || pr.ReasonCode != ReasonFirstSendsFailed || pr.ReasonParams["count"] != float64(10) {
		t.Fatalf("paused: %+v", pr)
	}
	rows, _, err := r.svc.Sends(ctx, r.p, c.ID, store.SendFilter{Status: store.SendQueued})
	if err != nil || len(rows) == 0 {
		t.Fatalf("queued sends: %v %v", rows, err)
	}
	for _, row := range rows {
		if !strings.Contains(row.Error, "the campaign is paused") || row.WaitReason != WaitPaused {
			t.Fatalf("a paused campaign's queued send says %q (%q)", row.Error, row.WaitReason)
		}
	}
	if _, err := r.svc.Resume(ctx, r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	pr = r.waitFor(c.ID, "completion", completed)
	if pr.Sent != 0 || pr.Failed != 15 || !strings.Contains(pr.Reason, "completed: 15 of 15 sends failed, none went out (132001 ×15") ||
		pr.ReasonCode != ReasonCompletedAllFailed || pr.ReasonParams["count"] != float64(15) {
		t.Fatalf("completed: %+v", pr)
	}
}

// TestCampaignCompletingWithSomeFailuresSaysSo: a campaign whose sends
// went out save a few keeps a reason naming the failures; one whose sends
// all went keeps none.
func TestCampaignCompletingWithSomeFailuresSaysSo(t *testing.T) {
	r := newPluginRig(t)
	r.contacts(12, nil)
	r.start()
	pedido := &Message{Template: &Template{Name: "pedido_confirmado", Language: "pt_BR",
		Variables: map[string]string{"1": "{{ contact.first_name }}", "2": "#1042"}}}
	ok := r.launch("ok", "whatsapp", Spec{Connection: r.wa.ID, Pacing: unlimited, Message: pedido})
	if pr := r.waitFor(ok.ID, "completion", completed); pr.Sent != 12 || pr.Reason != "" {
		t.Fatalf("all sent: %+v", pr)
	}
	for _, to := range []string{"5511900000003", "5511900000007"} {
		r.whatsapp.InjectFault(wasim.Fault{Code: 131026, To: to})
	}
	some := r.launch("some", "whatsapp", Spec{Connection: r.wa.ID, Pacing: unlimited, Message: pedido})
	pr := r.waitFor(some.ID, "completion", completed)
	if pr.Sent != 10 || !strings.HasPrefix(pr.Reason, "completed: 2 of 12 sends failed (131026 ×2: ") {
		t.Fatalf("two failed: %+v", pr)
	}
}

// TestPauseAndCancelSayWhoInWords: a pause or cancel names the user (name
// and email) or the API key (its name), never their IDs.
func TestPauseAndCancelSayWhoInWords(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	key := store.APIKey{ID: ids.New("key"), TenantID: r.p.TenantID, Name: "Integração CRM", Prefix: "mia_x", Hash: []byte("h"),
		Role: string(auth.RoleAdmin), CreatedAt: time.Now()}
	if err := r.st.CreateAPIKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	byKey := tenancy.Principal{TenantID: r.p.TenantID, APIKeyID: key.ID, Role: auth.RoleAdmin}
	u, err := r.st.GetUser(ctx, r.p.UserID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    tenancy.Principal
		want string
	}{{r.p, "paused by camp (" + u.Email + ")"}, {byKey, `paused by the API key "Integração CRM"`}} {
		c, err := r.svc.Create(ctx, r.p, Input{Name: "c " + tc.want, Channel: "sms", Spec: Spec{Message: smsPromo}})
		if err == nil {
			_, err = r.svc.Start(ctx, r.p, c.ID)
		}
		if err == nil {
			c, err = r.svc.Pause(ctx, tc.p, c.ID)
		}
		if err != nil || c.Reason != tc.want {
			t.Fatalf("paused: %q %v, want %q", c.Reason, err, tc.want)
		}
		if c, err = r.svc.Cancel(ctx, tc.p, c.ID); err != nil || c.Reason != strings.Replace(tc.want, "paused", "cancelled", 1) {
			t.Fatalf("cancelled: %q %v", c.Reason, err)
		}
	}
}
