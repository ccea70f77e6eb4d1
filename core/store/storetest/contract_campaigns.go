package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// runCampaigns is the campaigns' part of the contract.
func runCampaigns(t *testing.T, open Opener) {
	t.Run("campaign rows", func(t *testing.T) { testCampaignRows(t, open(t)) })
	t.Run("campaign reasons", func(t *testing.T) { testCampaignReasons(t, open(t)) })
	t.Run("send ledger uniqueness and listing", func(t *testing.T) { testSendLedger(t, open(t)) })
	t.Run("send ledger forward-only outcomes", func(t *testing.T) { testSendOutcomes(t, open(t)) })
	t.Run("send ledger provider statuses", func(t *testing.T) { testSendStatuses(t, open(t)) })
	t.Run("send ledger concurrent claimers", func(t *testing.T) { testConcurrentClaims(t, open(t)) })
	t.Run("send ledger ambiguous attempts", func(t *testing.T) { testAmbiguousSends(t, open(t)) })
	t.Run("send ledger cancel race", func(t *testing.T) { testCancelRace(t, open(t)) })
	t.Run("sms duplicate guard", func(t *testing.T) { testSMSGuard(t, open(t)) })
	t.Run("cadence activity", func(t *testing.T) { testCadenceActive(t, open(t)) })
	t.Run("campaign audience", func(t *testing.T) { testAudience(t, open(t)) })
	t.Run("tags match whatever their case and accents", func(t *testing.T) { testTagsFold(t, open(t)) })
}

// NewCampaign is a running message campaign of tenant, ready to insert.
func NewCampaign(tenantID, name string) store.Campaign {
	at := time.Now()
	return store.Campaign{ID: ids.New("cmp"), TenantID: tenantID, Name: name, Kind: "message", Channel: "whatsapp",
		Spec: []byte(`{}`), Status: store.CampaignRunning, Round: 1, CreatedAt: at, UpdatedAt: at}
}

// NewSend is a queued dispatch row of the campaign for contact, due now.
func NewSend(c store.Campaign, contactID, step string) store.Send {
	at := time.Now().Add(-time.Second)
	return store.Send{ID: ids.New("snd"), TenantID: c.TenantID, CampaignID: c.ID, Round: c.Round, ContactID: contactID,
		Step: step, Via: store.ViaDispatch, Channel: c.Channel, Address: "+55119" + contactID[len(contactID)-8:],
		Payload: []byte(`{"text":"oi"}`), Status: store.SendQueued, NextAt: at, QueuedAt: at}
}

func seedSends(t *testing.T, s store.Store, c store.Campaign, n int) []store.Send {
	t.Helper()
	rows := make([]store.Send, n)
	for i := range rows {
		rows[i] = NewSend(c, ids.New("ctc"), "send")
	}
	added, err := s.InsertSends(context.Background(), rows)
	must(t, err)
	if added != int64(n) {
		t.Fatalf("inserted %d of %d", added, n)
	}
	return rows
}

func testCampaignRows(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "ca")
	b, _ := Seed(t, s, "cb")
	c := NewCampaign(a.ID, "promo")
	c.Status, c.Excluded = store.CampaignDraft, map[string]int64{"opted_out": 2}
	must(t, s.CreateCampaign(ctx, c))
	wantErr(t, s.CreateCampaign(ctx, NewCampaign(a.ID, "promo")), store.ErrConflict)
	must(t, s.CreateCampaign(ctx, NewCampaign(b.ID, "promo"))) // names are per tenant
	got, err := s.GetCampaign(ctx, a.ID, c.ID)
	must(t, err)
	if got.Name != "promo" || got.Excluded["opted_out"] != 2 || got.Status != store.CampaignDraft {
		t.Fatalf("round trip: %+v", got)
	}
	_, err = s.GetCampaign(ctx, b.ID, c.ID)
	wantErr(t, err, store.ErrNotFound)
	due := time.Now().Add(-time.Minute)
	got.Status, got.NextAt = store.CampaignScheduled, &due
	must(t, s.SaveCampaign(ctx, got))
	wantErr(t, s.SaveCampaign(ctx, got), store.ErrConflict) // stale rev
	other := got
	other.TenantID = b.ID
	wantErr(t, s.SaveCampaign(ctx, other), store.ErrNotFound)
	list, err := s.DueCampaigns(ctx, time.Now())
	must(t, err)
	if len(list) != 2 { // a's due promo and b's running one
		t.Fatalf("due: %d", len(list))
	}
	ok, err := s.LeaseCampaign(ctx, a.ID, c.ID, "one", time.Now(), time.Now().Add(time.Minute))
	must(t, err)
	again, _ := s.LeaseCampaign(ctx, a.ID, c.ID, "two", time.Now(), time.Now().Add(time.Minute))
	if !ok || again {
		t.Fatalf("lease: first %v, second owner %v", ok, again)
	}
	wantErr(t, s.DeleteCampaign(ctx, b.ID, c.ID), store.ErrNotFound)
	must(t, s.DeleteCampaign(ctx, a.ID, c.ID))
}

func testSendLedger(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "la")
	b, _ := Seed(t, s, "lb")
	c := NewCampaign(a.ID, "ledger")
	must(t, s.CreateCampaign(ctx, c))
	rows := seedSends(t, s, c, 5)
	dup := NewSend(c, rows[0].ContactID, "send") // same campaign × round × contact × step
	added, err := s.InsertSends(ctx, []store.Send{dup, NewSend(c, rows[0].ContactID, "follow_up")})
	must(t, err)
	if added != 1 {
		t.Fatalf("a duplicate key was inserted: %d added", added)
	}
	got, err := s.SendByKey(ctx, a.ID, c.ID, 1, rows[0].ContactID, "send")
	must(t, err)
	if got.ID != rows[0].ID || string(got.Payload) != `{"text":"oi"}` {
		t.Fatalf("by key: %+v", got)
	}
	first, next, err := s.ListSends(ctx, a.ID, store.SendFilter{CampaignID: c.ID, Step: "send", Page: store.Page{Limit: 3}})
	must(t, err)
	rest, end, err := s.ListSends(ctx, a.ID, store.SendFilter{CampaignID: c.ID, Step: "send", Page: store.Page{Limit: 3, Cursor: next}})
	must(t, err)
	if len(first) != 3 || len(rest) != 2 || end != "" || rest[0].ID <= first[2].ID {
		t.Fatalf("pages: %d %d %q", len(first), len(rest), end)
	}
	foreign, _, err := s.ListSends(ctx, b.ID, store.SendFilter{CampaignID: c.ID})
	must(t, err)
	if len(foreign) != 0 {
		t.Fatal("another tenant listed the ledger")
	}
	_, err = s.GetSend(ctx, b.ID, rows[0].ID)
	wantErr(t, err, store.ErrNotFound)
	counts, err := s.CampaignCounts(ctx, a.ID, c.ID)
	must(t, err)
	bySteps := map[string]store.StepCounts{}
	for _, k := range counts {
		bySteps[k.Step] = k
	}
	if len(counts) != 2 || bySteps["send"].Queued != 5 || bySteps["follow_up"].Total != 1 {
		t.Fatalf("counts: %+v", counts)
	}
}

// claimAll claims every due row for owner.
func claimAll(t *testing.T, s store.Store, owner string) []store.Send {
	t.Helper()
	got, err := s.ClaimSends(context.Background(), owner, time.Now(), time.Now().Add(time.Minute), 1000)
	must(t, err)
	return got
}

func outcome(r store.Send, kind string) store.SendOutcome {
	return store.SendOutcome{ID: r.ID, TenantID: r.TenantID, Kind: kind, At: time.Now(), NextAt: time.Now().Add(-time.Millisecond)}
}

func testSendOutcomes(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "oa")
	c := NewCampaign(a.ID, "outcomes")
	paused := NewCampaign(a.ID, "paused")
	paused.Status = store.CampaignPaused
	must(t, s.CreateCampaign(ctx, c))
	must(t, s.CreateCampaign(ctx, paused))
	rows := seedSends(t, s, c, 4)
	seedSends(t, s, paused, 3)
	claimed := claimAll(t, s, "w1")
	if len(claimed) != 4 || claimed[0].Attempts != 1 || claimed[0].InFlight != 1 {
		t.Fatalf("claimed %d rows of a running campaign (paused ones must wait): %+v", len(claimed), claimed)
	}
	if again := claimAll(t, s, "w2"); len(again) != 0 {
		t.Fatalf("leased rows were claimed twice: %d", len(again))
	}
	sent := outcome(rows[0], store.OutcomeSent)
	sent.ProviderMessageID = "wamid.1"
	retry := outcome(rows[1], store.OutcomeRetry)
	release := outcome(rows[2], store.OutcomeRelease)
	failed := outcome(rows[3], store.OutcomeFailed)
	failed.ErrorCode = "131026"
	applied, err := s.RecordSends(ctx, []store.SendOutcome{sent, retry, release, failed})
	must(t, err)
	if fmt.Sprint(applied) != "[true true true true]" {
		t.Fatalf("applied %v", applied)
	}
	// Forward only: a sent row is never failed, suppressed or re-sent; a failed one never sent.
	late := []store.SendOutcome{outcome(rows[0], store.OutcomeFailed), outcome(rows[0], store.OutcomeSuppress), outcome(rows[3], store.OutcomeSent)}
	applied, err = s.RecordSends(ctx, late)
	must(t, err)
	if fmt.Sprint(applied) != "[false false false]" {
		t.Fatalf("a status moved back: %v", applied)
	}
	again := claimAll(t, s, "w3")
	if len(again) != 2 {
		t.Fatalf("retried and released rows are claimable again: got %d", len(again))
	}
	for _, r := range again {
		want := map[string]int{rows[1].ID: 2, rows[2].ID: 1}[r.ID] // a release gives the attempt back
		if r.Attempts != want || r.InFlight != 1 {
			t.Fatalf("row %s attempts %d in flight %d, want %d and 1", r.ID, r.Attempts, r.InFlight, want)
		}
	}
	got, _ := s.GetSend(ctx, a.ID, rows[0].ID)
	if got.Status != store.SendSent || got.ProviderMessageID != "wamid.1" || got.SentAt == nil || got.InFlight != 0 {
		t.Fatalf("sent row: %+v", got)
	}
}
