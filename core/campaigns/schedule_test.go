package campaigns

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// sendAll records every due row of the rig's campaigns as sent, as a
// dispatcher would.
func sendAll(t *testing.T, r *rig, now time.Time) int {
	t.Helper()
	ctx := context.Background()
	rows, err := r.st.ClaimSends(ctx, "test", now, now.Add(time.Minute), 1000)
	if err != nil {
		t.Fatal(err)
	}
	outs := make([]store.SendOutcome, len(rows))
	for i, row := range rows {
		outs[i] = store.SendOutcome{ID: row.ID, TenantID: row.TenantID, Kind: store.OutcomeSent, ProviderMessageID: "wamid." + row.ID, At: now}
	}
	if _, err := r.st.RecordSends(ctx, outs); err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// TestScheduledAndRecurringRounds: a campaign starts at its time, repeats
// on its cron in its time zone, and each round is a new set of ledger
// rows (the same contacts get each round's message once).
func TestScheduledAndRecurringRounds(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)} // Monday 05:00 in São Paulo
	r := newRig(t, "sqlite", nil)
	r.svc.Now = clk.Now
	r.contacts(5, nil)
	ctx := context.Background()
	c := r.launch("weekday-morning", "whatsapp", Spec{Message: hello(), Pacing: unlimited,
		Schedule: Schedule{Cron: "0 9 * * mon-fri", TimeZone: "America/Sao_Paulo"}})
	sp, _ := time.LoadLocation("America/Sao_Paulo")
	if want := time.Date(2026, 5, 4, 9, 0, 0, 0, sp); !c.NextAt.Equal(want) {
		t.Fatalf("first round at %v, want %v", c.NextAt.In(sp), want)
	}
	tick := func() store.Campaign {
		t.Helper()
		if err := r.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := r.svc.Get(ctx, r.p, c.ID)
		return got
	}
	if got := tick(); got.Status != store.CampaignScheduled || got.Round != 0 {
		t.Fatalf("before its time: %+v", got)
	}
	for round, day := range []int{4, 5} { // Monday, Tuesday
		clk.t = time.Date(2026, 5, day, 9, 0, 30, 0, sp)
		if got := tick(); got.Status != store.CampaignRunning || got.Round != round+1 || got.Audience != 5 {
			t.Fatalf("round %d: %+v", round+1, got)
		}
		if n := sendAll(t, r, clk.Now()); n != 5 {
			t.Fatalf("round %d queued %d sends", round+1, n)
		}
		got := tick()
		if want := time.Date(2026, 5, day+1, 9, 0, 0, 0, sp); got.Status != store.CampaignScheduled || !got.NextAt.Equal(want) {
			t.Fatalf("after round %d: %s next %v, want %v", round+1, got.Status, got.NextAt, want)
		}
	}
	pr, _ := r.svc.Progress(ctx, r.p, c.ID)
	if pr.Sent != 10 || pr.Round != 2 {
		t.Fatalf("two rounds of five: %+v", pr)
	}
}

// TestStartAtATime: a campaign scheduled for later waits for it.
func TestStartAtATime(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
	r := newRig(t, "sqlite", nil)
	r.svc.Now = clk.Now
	r.contacts(3, nil)
	at := clk.t.Add(90 * time.Minute)
	c := r.launch("later", "whatsapp", Spec{Message: hello(), Pacing: unlimited, Schedule: Schedule{At: &at}})
	if err := r.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.svc.Get(context.Background(), r.p, c.ID); got.Round != 0 || !got.NextAt.Equal(at) {
		t.Fatalf("started early: %+v", got)
	}
	clk.Advance(91 * time.Minute)
	if err := r.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := sendAll(t, r, clk.Now()); n != 3 {
		t.Fatalf("%d sends queued at its time", n)
	}
}
