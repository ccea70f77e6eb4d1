package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func change(status string, maxFrom int) store.StatusChange {
	return store.StatusChange{Status: status, Rank: store.SendRanks[status], MaxFrom: maxFrom, At: time.Now()}
}

func testSendStatuses(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "sa")
	b, _ := Seed(t, s, "sb")
	c := NewCampaign(a.ID, "statuses")
	must(t, s.CreateCampaign(ctx, c))
	rows := seedSends(t, s, c, 2)
	claimAll(t, s, "w")
	for i, r := range rows {
		o := outcome(r, store.OutcomeSent)
		o.ProviderMessageID = []string{"wamid.a", "wamid.b"}[i]
		_, err := s.RecordSends(ctx, []store.SendOutcome{o})
		must(t, err)
	}
	byProvider, err := s.SendIDs(ctx, a.ID, []string{"wamid.b", "wamid.unknown", "wamid.a"})
	if err != nil || len(byProvider) != 2 || byProvider["wamid.a"] != rows[0].ID || byProvider["wamid.b"] != rows[1].ID {
		t.Fatalf("send IDs by provider ID: %v %v", byProvider, err)
	}
	if other, err := s.SendIDs(ctx, b.ID, []string{"wamid.a"}); err != nil || len(other) != 0 {
		t.Fatalf("another tenant's sends by provider ID: %v %v", other, err)
	}
	_, _, err = s.ApplySendStatus(ctx, b.ID, "wamid.a", change(store.SendRead, 3), "")
	wantErr(t, err, store.ErrNotFound) // another tenant's message
	got, moved, err := s.ApplySendStatus(ctx, a.ID, "wamid.a", change(store.SendRead, 3), "")
	if err != nil || !moved || got.Status != store.SendRead || got.ReadAt == nil {
		t.Fatalf("read: %+v %v %v", got, moved, err)
	}
	got, moved, err = s.ApplySendStatus(ctx, a.ID, "wamid.a", change(store.SendDelivered, 2), "")
	if err != nil || moved || got.Status != store.SendRead || got.DeliveredAt == nil {
		t.Fatalf("a late delivered must stamp its time but not move read back: %+v %v %v", got, moved, err)
	}
	if _, moved, _ = s.ApplySendStatus(ctx, a.ID, "wamid.a", change(store.SendFailed, 3), "131026"); moved {
		t.Fatal("failed followed read")
	}
	_, moved, _ = s.ApplySendStatus(ctx, a.ID, "wamid.a", change(store.SendRead, 3), "")
	if moved {
		t.Fatal("a repeated report moved the row")
	}
	got, moved, err = s.ApplySendStatus(ctx, a.ID, "wamid.b", change(store.SendFailed, 3), "131026")
	if err != nil || !moved || got.Status != store.SendFailed || got.ErrorCode != "131026" {
		t.Fatalf("async failure: %+v %v %v", got, moved, err)
	}
	_, _, err = s.ApplySendStatus(ctx, a.ID, "wamid.unknown", change(store.SendDelivered, 2), "")
	wantErr(t, err, store.ErrNotFound)
	locked, err := s.LockSends(ctx, a.ID, []string{rows[1].ID, "snd_nobody", rows[0].ID})
	must(t, err)
	if len(locked) != 2 {
		t.Fatalf("locked sends: %+v", locked)
	}
	for _, l := range locked {
		want := map[string]string{rows[0].ID: store.SendRead, rows[1].ID: store.SendFailed}[l.ID]
		if l.Status != want || l.SentAt == nil || (want == store.SendRead) != (l.ReadAt != nil && l.DeliveredAt != nil) ||
			(want == store.SendFailed) != (l.FailedAt != nil && l.ErrorCode == "131026") || l.ProviderMessageID == "" {
			t.Fatalf("locked send %s: %+v", want, l)
		}
	}
	if other, err := s.LockSends(ctx, b.ID, []string{rows[0].ID}); err != nil || len(other) != 0 {
		t.Fatalf("another tenant's sends: %+v %v", other, err)
	}
	hour := time.Now().Add(-time.Hour)
	ids := []string{"ctt_nobody", rows[0].ContactID, rows[1].ContactID}
	toMark, err := s.ContactsToMark(ctx, a.ID, "replied_at", hour, ids)
	must(t, err)
	if len(toMark) != 2 || !toMark[rows[0].ContactID] || !toMark[rows[1].ContactID] {
		t.Fatalf("contacts to mark: %v", toMark)
	}
	if other, err := s.ContactsToMark(ctx, b.ID, "replied_at", hour, ids); err != nil || len(other) != 0 {
		t.Fatalf("another tenant's contacts to mark: %v %v", other, err)
	}
	if later, err := s.ContactsToMark(ctx, a.ID, "replied_at", time.Now().Add(time.Hour), ids); err != nil || len(later) != 0 {
		t.Fatalf("contacts sent nothing since: %v %v", later, err)
	}
	marked, err := s.MarkContactSends(ctx, a.ID, rows[0].ContactID, "replied_at", hour, time.Now())
	must(t, err)
	if toMark, err := s.ContactsToMark(ctx, a.ID, "replied_at", hour, ids); err != nil || len(toMark) != 1 || !toMark[rows[1].ContactID] {
		t.Fatalf("after one was marked: %v %v", toMark, err)
	}
	again, _ := s.MarkContactSends(ctx, a.ID, rows[0].ContactID, "replied_at", time.Now().Add(-time.Hour), time.Now())
	if len(marked) != 1 || len(again) != 0 {
		t.Fatalf("replied marks: %d then %d", len(marked), len(again))
	}
	counts, err := s.CampaignCounts(ctx, a.ID, c.ID)
	must(t, err)
	if k := counts[0]; k.Sent != 2 || k.Delivered != 1 || k.Read != 1 || k.Replied != 1 || k.Failed != 1 || k.Reasons["131026"] != 1 {
		t.Fatalf("funnel: %+v", k)
	}
}

// testConcurrentClaims: several claimers at once never share a row (on
// Postgres through FOR UPDATE SKIP LOCKED), and together take them all.
func testConcurrentClaims(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "cc")
	c := NewCampaign(a.ID, "concurrent")
	must(t, s.CreateCampaign(ctx, c))
	const n = 600
	seedSends(t, s, c, n)
	var mu sync.Mutex
	seen := map[string]string{}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		owner := ids.New("w")
		wg.Go(func() {
			for {
				got, err := s.ClaimSends(ctx, owner, time.Now(), time.Now().Add(time.Minute), 25)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, r := range got {
					if prev, dup := seen[r.ID]; dup {
						t.Errorf("row %s claimed by %s and %s", r.ID, prev, owner)
					}
					seen[r.ID] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("claimed %d of %d rows", len(seen), n)
	}
}

// testAmbiguousSends: a claim that never recorded an outcome shows as
// in_flight 2 when reclaimed, and a provider report for that address
// settles it; a live attempt (in_flight 1) is never adopted.
func testAmbiguousSends(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "am")
	c := NewCampaign(a.ID, "ambiguous")
	must(t, s.CreateCampaign(ctx, c))
	rows := seedSends(t, s, c, 2)
	first := claimAll(t, s, "dead")
	if len(first) != 2 {
		t.Fatal("claim")
	}
	if _, adopted, err := s.AdoptProviderID(ctx, a.ID, []string{rows[0].Address}, "wamid.x", time.Now()); adopted || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a live attempt was adopted (%v), or not reported as pending: %v", adopted, err)
	}
	if _, adopted, err := s.AdoptProviderID(ctx, a.ID, []string{"+0000"}, "wamid.z", time.Now()); adopted || err != nil {
		t.Fatalf("a report for no send of the tenant: %v %v", adopted, err)
	}
	must(t, s.ClearSendLeases(ctx)) // the owner died
	again := claimAll(t, s, "next")
	if len(again) != 2 || again[0].InFlight != 2 {
		t.Fatalf("reclaimed: %+v", again)
	}
	got, adopted, err := s.AdoptProviderID(ctx, a.ID, []string{"5511x", rows[0].Address}, "wamid.x", time.Now())
	if err != nil || !adopted || got.ID != rows[0].ID || got.Status != store.SendSent || got.Resolution == "" {
		t.Fatalf("adopt: %+v %v %v", got, adopted, err)
	}
	hold := outcome(rows[1], store.OutcomeAmbiguous)
	hold.Resolution = "held"
	applied, err := s.RecordSends(ctx, []store.SendOutcome{hold})
	must(t, err)
	held, _ := s.GetSend(ctx, a.ID, rows[1].ID)
	if !applied[0] || held.Status != store.SendAmbiguous || held.InFlight != 2 {
		t.Fatalf("held: %+v", held)
	}
	if _, adopted, _ := s.AdoptProviderID(ctx, a.ID, []string{rows[1].Address}, "wamid.y", time.Now()); !adopted {
		t.Fatal("a held ambiguous row was not adopted")
	}
}

func testSMSGuard(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "sg")
	now := time.Now()
	cutoff := now.Add(-time.Hour)
	ok, err := s.GuardSMS(ctx, a.ID, "+5511900000001", "h1", "send-1", now, cutoff)
	must(t, err)
	dup, _ := s.GuardSMS(ctx, a.ID, "+5511900000001", "h1", "send-2", now, cutoff)
	mine, _ := s.GuardSMS(ctx, a.ID, "+5511900000001", "h1", "send-1", now, cutoff)
	other, _ := s.GuardSMS(ctx, a.ID, "+5511900000001", "h2", "send-3", now, cutoff)
	if !ok || dup || !mine || !other {
		t.Fatalf("guard: first %v duplicate %v same owner %v other text %v", ok, dup, mine, other)
	}
	later, _ := s.GuardSMS(ctx, a.ID, "+5511900000001", "h1", "send-4", now.Add(2*time.Hour), now.Add(time.Hour))
	if !later {
		t.Fatal("the window passed but the send was still suppressed")
	}
	must(t, s.ReleaseSMSGuard(ctx, a.ID, "+5511900000001", "h1", "send-4"))
	if ok, _ := s.GuardSMS(ctx, a.ID, "+5511900000001", "h1", "send-5", now.Add(2*time.Hour), now.Add(time.Hour)); !ok {
		t.Fatal("a released hold still suppressed")
	}
}

func testAudience(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "au")
	var all []store.Contact
	for i, tags := range [][]string{{"lead"}, {"lead", "vip"}, {"vip"}, {}, {"lead", "churned"}} {
		c := NewContact(a.ID, "P")
		c.Tags, c.Phone = tags, "+551190000000"+string(rune('0'+i))
		must(t, s.CreateContact(ctx, c))
		all = append(all, c)
	}
	page, err := s.AudiencePage(ctx, a.ID, store.AudienceQuery{AllTags: []string{"lead"}, NoneTags: []string{"churned"}, Limit: 10})
	must(t, err)
	any, err := s.AudiencePage(ctx, a.ID, store.AudienceQuery{AnyTags: []string{"vip", "churned"}, Limit: 10})
	must(t, err)
	if len(page) != 2 || len(any) != 3 || len(page[1].Tags) == 0 {
		t.Fatalf("tag conditions: %d and %d", len(page), len(any))
	}
	at := time.Now()
	consent := func(c store.Contact, ch, status string, d time.Duration) {
		must(t, s.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: a.ID, ContactID: c.ID, Channel: ch, Status: status, CreatedAt: at.Add(d)}))
	}
	consent(all[0], "whatsapp", "opt_out", 0)
	consent(all[1], "all", "opt_out", 0)
	consent(all[2], "whatsapp", "opt_out", 0)
	consent(all[2], "whatsapp", "opt_in", time.Second) // the latest record wins
	consent(all[3], "sms", "opt_out", 0)
	consent(all[3], "whatsapp:marketing", "opt_out", 0) // marketing only
	consent(all[4], "whatsapp:marketing", "opt_out", 0)
	consent(all[4], "whatsapp", "opt_in", time.Second) // the channel's opt-in leaves its part's opt-out
	idsOf := make([]string, len(all))
	for i, c := range all {
		idsOf[i] = c.ID
	}
	want := map[string][]bool{"whatsapp": {true, true, false, false, false}, "whatsapp:marketing": {true, true, false, true, true},
		"sms": {false, true, false, true, false}}
	for scope, outs := range want {
		out, err := s.OptedOut(ctx, a.ID, scope, idsOf)
		must(t, err)
		for i, c := range all {
			reach, err := s.ContactReachable(ctx, a.ID, c.ID, scope)
			must(t, err)
			if out[c.ID] != outs[i] || reach == outs[i] {
				t.Fatalf("%s, contact %d: OptedOut %v, ContactReachable %v; want out=%v", scope, i, out[c.ID], reach, outs[i])
			}
		}
	}
}

// testCancelRace: a cancel skips rows in flight; a row released after it
// becomes cancelled, never queued for a campaign that is over.
func testCancelRace(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "cr")
	c := NewCampaign(a.ID, "cancel-race")
	must(t, s.CreateCampaign(ctx, c))
	rows := seedSends(t, s, c, 3)
	claimAll(t, s, "w")
	c.Status = store.CampaignCancelled
	must(t, s.SaveCampaign(ctx, c))
	n, err := s.CancelQueuedSends(ctx, a.ID, c.ID, time.Now())
	must(t, err)
	if n != 0 {
		t.Fatalf("cancelled %d rows in flight", n)
	}
	sent := outcome(rows[0], store.OutcomeSent)
	sent.ProviderMessageID = "wamid.race"
	_, err = s.RecordSends(ctx, []store.SendOutcome{sent, outcome(rows[1], store.OutcomeRelease), outcome(rows[2], store.OutcomeRetry)})
	must(t, err)
	for i, want := range []string{store.SendSent, store.SendCancelled, store.SendCancelled} {
		got, _ := s.GetSend(ctx, a.ID, rows[i].ID)
		if got.Status != want {
			t.Fatalf("row %d: %s, want %s", i, got.Status, want)
		}
	}
}

// testCadenceActive: a cadence is active while a run it enrolled is
// unfinished.
func testCadenceActive(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "ca")
	f := seedFlow(t, s, a.ID)
	c := NewCampaign(a.ID, "cadence")
	must(t, s.CreateCampaign(ctx, c))
	rows := seedSends(t, s, c, 1)
	claimAll(t, s, "w")
	sent := outcome(rows[0], store.OutcomeSent)
	run := newRun(a.ID, f.ID, "campaign:"+rows[0].ID, time.Now())
	sent.ProviderMessageID = run.ID
	_, err := s.RecordSends(ctx, []store.SendOutcome{sent})
	must(t, err)
	must(t, s.CreateRun(ctx, run))
	active, err := s.CadenceActive(ctx, a.ID, c.ID, f.ID)
	must(t, err)
	if !active {
		t.Fatal("a ready run is not active")
	}
	got, _ := s.GetRun(ctx, a.ID, run.ID)
	got.Status, got.WakeAt = store.RunCompleted, nil
	must(t, s.SaveRun(ctx, got, nil))
	if active, _ := s.CadenceActive(ctx, a.ID, c.ID, f.ID); active {
		t.Fatal("a completed run is still active")
	}
}
