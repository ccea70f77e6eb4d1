package storetest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// testWebhookEndpoints: endpoints are the tenant's alone, keep their sealed
// secrets as given, and the sender's disable changes only an enabled one.
func testWebhookEndpoints(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "wa")
	b, _ := Seed(t, s, "wb")
	now := store.Now()
	e := store.WebhookEndpoint{ID: ids.New("whe"), TenantID: a.ID, URL: "https://hooks.example.com/in", Description: "ERP",
		EventTypes: []string{"message.received", "conversation.*"}, Enabled: true, Secret: "mia1.sealed", CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateWebhookEndpoint(ctx, e))
	got, err := s.GetWebhookEndpoint(ctx, a.ID, e.ID)
	if err != nil || got.URL != e.URL || !slices.Equal(got.EventTypes, e.EventTypes) || !got.Enabled || got.Secret != "mia1.sealed" ||
		got.DisabledAt != nil || !got.PreviousUntil.IsZero() || !got.CreatedAt.Equal(now) {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = s.GetWebhookEndpoint(ctx, b.ID, e.ID)
	wantErr(t, err, store.ErrNotFound)
	if l, err := s.ListWebhookEndpoints(ctx, b.ID); err != nil || len(l) != 0 {
		t.Fatalf("B lists A's endpoints: %+v %v", l, err)
	}
	foreign := e
	foreign.TenantID, foreign.URL = b.ID, "https://evil.example.com"
	wantErr(t, s.UpdateWebhookEndpoint(ctx, foreign), store.ErrNotFound)
	wantErr(t, s.SetWebhookSecrets(ctx, b.ID, e.ID, "x", "y", now, now), store.ErrNotFound)
	wantErr(t, s.DeleteWebhookEndpoint(ctx, b.ID, e.ID), store.ErrNotFound)
	if ok, err := s.DisableWebhookEndpoint(ctx, b.ID, e.ID, "gone", now); ok || err != nil {
		t.Fatalf("B disabled A's endpoint: %v %v", ok, err)
	}

	until := now.Add(24 * time.Hour)
	must(t, s.SetWebhookSecrets(ctx, a.ID, e.ID, "mia1.new", "mia1.sealed", until, now.Add(time.Second)))
	if got, _ := s.GetWebhookEndpoint(ctx, a.ID, e.ID); got.Secret != "mia1.new" || got.PreviousSecret != "mia1.sealed" || !got.PreviousUntil.Equal(until) {
		t.Fatalf("rotated: %+v", got)
	}
	if on, err := s.EnabledWebhookEndpoints(ctx); err != nil || len(on) != 1 || on[0].ID != e.ID {
		t.Fatalf("enabled: %+v %v", on, err)
	}
	if ok, err := s.DisableWebhookEndpoint(ctx, a.ID, e.ID, "gone", now); !ok || err != nil {
		t.Fatalf("disable: %v %v", ok, err)
	}
	if ok, _ := s.DisableWebhookEndpoint(ctx, a.ID, e.ID, "failing", now); ok {
		t.Fatal("an endpoint already off was disabled again")
	}
	got, _ = s.GetWebhookEndpoint(ctx, a.ID, e.ID)
	if got.Enabled || got.DisabledReason != "gone" || got.DisabledAt == nil || !got.DisabledAt.Equal(now) {
		t.Fatalf("disabled: %+v", got)
	}
	if on, _ := s.EnabledWebhookEndpoints(ctx); len(on) != 0 {
		t.Fatalf("a disabled endpoint is subscribed: %+v", on)
	}
	if all, err := s.AllWebhookEndpoints(ctx); err != nil || !slices.ContainsFunc(all, func(x store.WebhookEndpoint) bool {
		return x.ID == e.ID && x.Secret == "mia1.new" && x.PreviousSecret == "mia1.sealed"
	}) {
		t.Fatalf("every endpoint leaves out a disabled one: %+v %v", all, err)
	}
	got.Enabled, got.DisabledReason, got.DisabledAt, got.EventTypes = true, "", nil, []string{"*"}
	must(t, s.UpdateWebhookEndpoint(ctx, got))
	if got, _ := s.GetWebhookEndpoint(ctx, a.ID, e.ID); !got.Enabled || got.DisabledReason != "" || got.DisabledAt != nil || got.EventTypes[0] != "*" {
		t.Fatalf("re-enabled: %+v", got)
	}
	must(t, s.DeleteWebhookEndpoint(ctx, a.ID, e.ID))
	_, err = s.GetWebhookEndpoint(ctx, a.ID, e.ID)
	wantErr(t, err, store.ErrNotFound)
}

// testWebhookDeliveries: an event is delivered once per endpoint however
// often it arrives; claims lease due deliveries to one claimer; the
// outcome of an attempt is kept; settled deliveries are pruned by age.
func testWebhookDeliveries(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "da")
	b, _ := Seed(t, s, "db")
	now := store.Now()
	ep := store.WebhookEndpoint{ID: ids.New("whe"), TenantID: a.ID, URL: "https://x.example.com", EventTypes: []string{"*"}, Enabled: true,
		Secret: "s", CreatedAt: now, UpdatedAt: now}
	must(t, s.CreateWebhookEndpoint(ctx, ep))
	var ds []store.WebhookDelivery
	for i := range 40 {
		ds = append(ds, store.WebhookDelivery{ID: ids.New("whd"), TenantID: a.ID, EndpointID: ep.ID, EventID: ids.New("evt"),
			EventType: "message.received", Payload: []byte(`{"n":` + string(rune('0'+i%10)) + `}`), State: store.DeliveryPending,
			NextAttemptAt: now.Add(time.Duration(i) * time.Millisecond), CreatedAt: now.Add(time.Duration(i) * time.Millisecond), UpdatedAt: now})
	}
	must(t, s.AddWebhookDeliveries(ctx, ds))
	again := ds[3]
	again.ID = ids.New("whd")
	must(t, s.AddWebhookDeliveries(ctx, []store.WebhookDelivery{again})) // the same event again: left out
	if l, err := s.ListWebhookDeliveries(ctx, a.ID, ep.ID, 100); err != nil || len(l) != 40 || l[0].ID != ds[39].ID {
		t.Fatalf("list: %d %v", len(l), err)
	}
	if l, _ := s.ListWebhookDeliveries(ctx, b.ID, ep.ID, 100); len(l) != 0 {
		t.Fatalf("B lists A's deliveries: %d", len(l))
	}
	_, err := s.GetWebhookDelivery(ctx, b.ID, ds[0].ID)
	wantErr(t, err, store.ErrNotFound)
	if next, ok, err := s.NextWebhookAttempt(ctx); err != nil || !ok || !next.Equal(now) {
		t.Fatalf("next: %v %v %v", next, ok, err)
	}

	// Two claimers at once share the due deliveries without overlap.
	lease := now.Add(time.Minute)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				got, err := s.ClaimWebhookDeliveries(ctx, now.Add(time.Second), lease, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, d := range got {
					seen[d.ID]++
					if !d.NextAttemptAt.Equal(lease) {
						t.Errorf("claimed without its lease: %v", d.NextAttemptAt)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 40 {
		t.Fatalf("claimed %d of 40", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s claimed %d times", id, n)
		}
	}
	if got, _ := s.ClaimWebhookDeliveries(ctx, now.Add(30*time.Second), lease, 10); len(got) != 0 {
		t.Fatalf("claimed inside a lease: %d", len(got))
	}
	if got, _ := s.ClaimWebhookDeliveries(ctx, lease, lease.Add(time.Minute), 100); len(got) != 40 {
		t.Fatalf("a lapsed lease is not claimed again: %d", len(got))
	}

	d := ds[0]
	d.State, d.Attempts, d.LastStatus, d.LastError, d.NextAttemptAt, d.UpdatedAt = store.DeliveryPending, 2, 500, "500 Internal Server Error", now.Add(5*time.Minute), now
	must(t, s.RecordWebhookAttempt(ctx, d))
	got, err := s.GetWebhookDelivery(ctx, a.ID, d.ID)
	if err != nil || got.Attempts != 2 || got.LastStatus != 500 || got.LastError != d.LastError || !got.NextAttemptAt.Equal(d.NextAttemptAt) ||
		string(got.Payload) != string(d.Payload) || got.EventID != d.EventID {
		t.Fatalf("recorded: %+v %v", got, err)
	}
	d.TenantID = b.ID
	wantErr(t, s.RecordWebhookAttempt(ctx, d), store.ErrNotFound)

	if ok, _ := s.WebhookDeliveredSince(ctx, a.ID, ep.ID, now.Add(-time.Hour)); ok {
		t.Fatal("delivered before anything was")
	}
	for _, d := range ds[10:] {
		d.State, d.Attempts, d.NextAttemptAt, d.UpdatedAt = store.DeliveryDelivered, 1, time.Time{}, now
		must(t, s.RecordWebhookAttempt(ctx, d))
	}
	if ok, _ := s.WebhookDeliveredSince(ctx, a.ID, ep.ID, now.Add(-time.Hour)); !ok {
		t.Fatal("delivered, yet not since")
	}
	if ok, _ := s.WebhookDeliveredSince(ctx, a.ID, ep.ID, now.Add(time.Hour)); ok {
		t.Fatal("delivered since a time after every delivery")
	}
	testReclaim(t, s, a.ID, b.ID, ds[0], ds[10])
	if n, err := s.PruneWebhookDeliveries(ctx, now.Add(time.Hour)); err != nil || n != 30 {
		t.Fatalf("pruned %d %v, want the 30 delivered", n, err)
	}
	must(t, s.DeleteWebhookEndpoint(ctx, a.ID, ep.ID))
	if _, ok, _ := s.NextWebhookAttempt(ctx); ok {
		t.Fatal("a deleted endpoint's deliveries are still pending")
	}
}

// testReclaim: a settled delivery is taken back for a manual redelivery
// once, by its tenant only; a pending one is not.
func testReclaim(t *testing.T, s store.Store, tenant, other string, pending, settled store.WebhookDelivery) {
	ctx := context.Background()
	until := store.Now().Add(time.Minute)
	_, err := s.ReclaimWebhookDelivery(ctx, tenant, pending.ID, until)
	wantErr(t, err, store.ErrNotFound)
	_, err = s.ReclaimWebhookDelivery(ctx, other, settled.ID, until)
	wantErr(t, err, store.ErrNotFound)
	got, err := s.ReclaimWebhookDelivery(ctx, tenant, settled.ID, until)
	if err != nil || got.State != store.DeliveryPending || !got.NextAttemptAt.Equal(until) || got.Attempts != 1 || got.EventID != settled.EventID {
		t.Fatalf("reclaimed: %+v %v", got, err)
	}
	_, err = s.ReclaimWebhookDelivery(ctx, tenant, settled.ID, until)
	wantErr(t, err, store.ErrNotFound) // already taken back
	got.State, got.Attempts, got.NextAttemptAt = store.DeliveryDelivered, 2, time.Time{}
	must(t, s.RecordWebhookAttempt(ctx, got))
}
