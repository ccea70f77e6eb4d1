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

// TestResendCutShortIsAskedAboutTwiceAgain: a claim asks the provider
// about a dead attempt and finds nothing; the next, RecheckAfter later,
// asks again, finds nothing and decides to resend, and its process dies
// before the resend's request lands. The claim after that must not take
// the old first ask for its own and resend at once (the dead resend may
// still arrive): it asks twice again.
func TestResendCutShortIsAskedAboutTwiceAgain(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	g := newGraphSender(base)
	r := newRig(t, "sqlite", g)
	rows, _ := deadAttempts(t, r, g, Spec{Message: hello(), Pacing: unlimited}, 0)
	ctx := context.Background()
	l, err := r.svc.live(ctx, rows[0].TenantID, rows[0].CampaignID)
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now()
	claim := func(owner string) store.Send { // rows[0] claimed again, once the leases ran out
		t.Helper()
		later = later.Add(2 * time.Minute)
		got, err := r.st.ClaimSends(ctx, owner, later, later.Add(time.Minute), 100)
		for _, row := range got {
			if row.ID == rows[0].ID {
				return row
			}
		}
		t.Fatalf("claim by %s: %d rows, %v", owner, len(got), err)
		return store.Send{}
	}

	first := r.svc.attempt(ctx, claim("asks-once"), l)
	if first.out.Kind != store.OutcomeUnknown || first.out.ErrorCode != codeRecheck {
		t.Fatalf("the first ask: %+v", first.out)
	}
	if applied, err := r.st.RecordSends(ctx, []store.SendOutcome{first.out}); err != nil || !applied[0] {
		t.Fatalf("record: %v %v", applied, err)
	}
	row := claim("asks-twice-then-dies")
	var res result
	if done, note := r.svc.settle(ctx, row, l, &res); done || !strings.Contains(note, "twice; sent again") {
		t.Fatalf("the second ask: done %v, %q, %+v", done, note, res.out)
	}
	// That process dies here, its resend's request not yet at the provider.

	next := r.svc.attempt(ctx, claim("after-the-crash"), l)
	if next.out.Kind != store.OutcomeUnknown || next.out.ErrorCode != codeRecheck {
		t.Fatalf("after a resend cut short, the next claim %+v: want a first ask again", next.out)
	}
	if n := len(s.Messages(sim.Filter{})); n != 0 {
		t.Fatalf("the provider got %d messages", n)
	}
}
