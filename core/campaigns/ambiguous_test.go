package campaigns

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// deadAttempts plays a process that claimed every row of a campaign, had
// its first `reached` calls accepted by the provider, and died before it
// recorded anything. It returns the claimed rows and the provider IDs.
func deadAttempts(t *testing.T, r *rig, g *graphSender, spec Spec, reached int) ([]store.Send, []string) {
	t.Helper()
	ctx := context.Background()
	r.contacts(10, nil)
	r.launch("crashed", "whatsapp", spec)
	if err := r.svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := r.st.ClaimSends(ctx, "dead-process", time.Now(), time.Now().Add(time.Minute), 100)
	if err != nil || len(rows) != 10 {
		t.Fatalf("claim: %d %v", len(rows), err)
	}
	var accepted []string
	for _, row := range rows[:reached] {
		id, err := g.Send(ctx, r.svc.outbound(row))
		if err != nil {
			t.Fatal(err)
		}
		accepted = append(accepted, id)
	}
	return rows, accepted
}

// onePerContact fails unless the provider got exactly one message per row.
func onePerContact(t *testing.T, s *sim.Server, rows []store.Send) {
	t.Helper()
	per := map[string]int{}
	for _, m := range s.Messages(sim.Filter{}) {
		per[m.WaID]++
	}
	for _, row := range rows {
		if n := per[strings.TrimPrefix(row.Address, "+")]; n != 1 {
			t.Fatalf("%s got %d messages", row.Address, n)
		}
	}
}

func resolutions(t *testing.T, r *rig, campaignID string) map[string]int {
	out := map[string]int{}
	for _, row := range sendsOf(t, r, campaignID) {
		out[row.Status+": "+row.Resolution]++
	}
	return out
}

// TestAmbiguousAttemptsAreReconciledNotResent: after a crash, a sender
// that can ask the provider finds the attempts it accepted (by the row's
// reference) and resends only the others.
func TestAmbiguousAttemptsAreReconciledNotResent(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	g := newGraphSender(base)
	r := newRig(t, "sqlite", g)
	rows, _ := deadAttempts(t, r, g, Spec{Message: hello(), Pacing: unlimited}, 5)
	r.start()
	r.waitFor(rows[0].CampaignID, "completion", completed)
	onePerContact(t, s, rows)
	res := resolutions(t, r, rows[0].CampaignID)
	if res["sent: reconciled: the provider had accepted an earlier attempt; not sent again"] != 5 ||
		res["sent: reconciled: the provider had no record of the earlier attempt, twice; sent again"] != 5 {
		t.Fatalf("resolutions: %v", res)
	}
}

// awaitReports waits until every row waits for a provider report.
func awaitReports(t *testing.T, r *rig, campaignID string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		waiting := 0
		for _, row := range sendsOf(t, r, campaignID) {
			if row.ErrorCode == codeAwaitingReport {
				waiting++
			}
		}
		if waiting == n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the ambiguous rows never waited for a report")
}

// TestAmbiguousAttemptsWithoutReconciler: like the real Cloud API, the
// sender cannot be asked; a status report naming the recipient settles an
// attempt (adopted), and what no report names is resent after the grace
// period ("resend") or held and shown as ambiguous ("hold").
func TestAmbiguousAttemptsWithoutReconciler(t *testing.T) {
	for _, policy := range []string{"resend", "hold"} {
		t.Run(policy, func(t *testing.T) {
			s, base := startWhatsApp(t, nil)
			g := newGraphSender(base)
			r := newRig(t, "sqlite", blindSender{g})
			spec := Spec{Message: hello(), Pacing: Pacing{MPS: -1, Tier: "TIER_UNLIMITED", OnAmbiguous: policy, AmbiguousGrace: "2s"}}
			rows, accepted := deadAttempts(t, r, g, spec, 5)
			r.start()
			awaitReports(t, r, rows[0].CampaignID, 10)
			for i, id := range accepted { // the provider's "sent" webhooks for the attempts it took
				u := sdk.StatusUpdate{ProviderMessageID: id, Recipient: strings.TrimPrefix(rows[i].Address, "+"), Status: sdk.StatusSent}
				if err := report(t, r, u); err != nil {
					t.Fatal(err)
				}
			}
			pr := r.waitFor(rows[0].CampaignID, "completion", completed)
			res := resolutions(t, r, rows[0].CampaignID)
			if res["sent: adopted: a provider status report named this attempt"] != 5 {
				t.Fatalf("adopted: %v", res)
			}
			if policy == "resend" {
				onePerContact(t, s, rows)
				return
			}
			if pr.Ambiguous != 5 || len(s.Messages(sim.Filter{})) != 5 {
				t.Fatalf("hold must resend nothing and show 5 ambiguous: %+v", pr)
			}
		})
	}
}
