package webhooks

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

func wantReason(t *testing.T, err error, code apperr.Code, reason apperr.Reason) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code || e.Reason != reason {
		t.Fatalf("got %v, want %s (%s)", err, code, reason)
	}
}

// TestRedeliverSendsTheSameEventAgain: a settled delivery is sent again
// now, with its webhook-id and body unchanged and a fresh signature, as
// one more attempt of the same delivery; a failure of it is tried once
// (no retry, and a 410 turns nothing off).
func TestRedeliverSendsTheSameEventAgain(t *testing.T) {
	r := newReceiver(t, answer{status: 200}, answer{status: 200}, answer{status: 410})
	k := newKit(t, r.host())
	ctx := context.Background()
	ep := k.endpoint(r.URL + "/hook")
	d := k.enqueue(ep.ID, "contact.created", `{"id":"ctc_1"}`)
	k.sendDue()
	k.clock.Advance(time.Hour)

	got, err := k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID)
	if err != nil || got.ID != d.ID || got.State != store.DeliveryDelivered || got.Attempts != 2 || got.LastStatus != 200 || !got.UpdatedAt.Equal(k.clock.Now()) {
		t.Fatalf("redelivered: %+v %v", got, err)
	}
	first, again := r.wait(t, 1), r.wait(t, 2)
	verify(t, ep.Secret, again, k.clock.Now())
	if again.Header.Get("webhook-id") != d.EventID || first.Header.Get("webhook-id") != d.EventID || string(again.Body) != string(first.Body) {
		t.Fatalf("not the same event: %q %q\n%s\n%s", first.Header.Get("webhook-id"), again.Header.Get("webhook-id"), first.Body, again.Body)
	}
	if again.Header.Get("webhook-timestamp") == first.Header.Get("webhook-timestamp") {
		t.Fatal("the redelivery is not signed at its own time")
	}

	got, err = k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID)
	if err != nil || got.State != store.DeliveryFailed || got.Attempts != 3 || got.LastStatus != 410 || got.NextAttemptAt != nil {
		t.Fatalf("a failed redelivery: %+v %v", got, err)
	}
	if e := k.endpointState(ep.ID); !e.Enabled {
		t.Fatal("a redelivery's 410 turned the endpoint off")
	}
	k.clock.Advance(time.Hour)
	k.sendDue()
	if n := len(r.requests()); n != 3 {
		t.Fatalf("a failed redelivery was retried: %d requests", n)
	}
}

// TestRedeliverRefuses: another tenant's or another endpoint's delivery
// is not found; a pending delivery and an endpoint turned off are
// conflicts; none of them sends anything or changes the delivery. Once
// the endpoint is enabled again, its failed delivery goes.
func TestRedeliverRefuses(t *testing.T) {
	r := newReceiver(t, answer{status: 500}, answer{status: 410}, answer{status: 200})
	k := newKit(t, r.host())
	ctx := context.Background()
	ep := k.endpoint(r.URL)
	other := k.endpoint(r.URL + "/other")
	d := k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue() // 500: pending, a retry due in 5 s

	_, err := k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID)
	wantReason(t, err, apperr.Conflict, apperr.WebhookDeliveryPending)
	stranger := k.tenant("stranger")
	_, err = k.svc.Redeliver(ctx, stranger, ep.ID, d.ID)
	wantReason(t, err, apperr.NotFound, "")
	_, err = k.svc.Redeliver(ctx, k.owner, other.ID, d.ID)
	wantReason(t, err, apperr.NotFound, "")
	_, err = k.svc.Redeliver(ctx, k.owner, ep.ID, "whd_nope")
	wantReason(t, err, apperr.NotFound, "")

	k.clock.Advance(5 * time.Second)
	k.sendDue() // 410: failed, and the endpoint is gone
	before := k.delivery(d.ID)
	if before.State != store.DeliveryFailed || k.endpointState(ep.ID).State != StateGone {
		t.Fatalf("after the 410: %+v", before)
	}
	_, err = k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID)
	wantReason(t, err, apperr.Conflict, apperr.WebhookEndpointOff)
	if e, _ := apperr.As(err); e.Params["state"] != StateGone {
		t.Fatalf("params: %v", e.Params)
	}
	if after := k.delivery(d.ID); after.Attempts != before.Attempts || after.State != before.State || !after.UpdatedAt.Equal(before.UpdatedAt) || len(r.requests()) != 2 {
		t.Fatalf("a refused redelivery changed something: %+v (%d requests)", after, len(r.requests()))
	}

	on := true
	if _, err := k.svc.Update(ctx, k.owner, ep.ID, EndpointPatch{Enabled: &on}); err != nil {
		t.Fatal(err)
	}
	if got, err := k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID); err != nil || got.State != store.DeliveryDelivered || got.Attempts != 3 {
		t.Fatalf("after enabling: %+v %v", got, err)
	}
}

// TestRedeliveriesAtOnceSendOnce: while one redelivery holds the
// delivery, another (read before it) sends nothing and the API says it
// is pending.
func TestRedeliveriesAtOnceSendOnce(t *testing.T) {
	r := newReceiver(t)
	k := newKit(t, r.host())
	ctx := context.Background()
	ep := k.endpoint(r.URL)
	d := k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	settled := k.delivery(d.ID)
	if _, err := k.st.ReclaimWebhookDelivery(ctx, k.owner.TenantID, d.ID, k.clock.Now().Add(claimLease)); err != nil {
		t.Fatal(err) // the first redelivery, mid-attempt
	}
	if _, err := k.sender.Redeliver(ctx, mustEndpoint(t, k, ep.ID), settled); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a second redelivery of the same settled row: %v", err)
	}
	_, err := k.svc.Redeliver(ctx, k.owner, ep.ID, d.ID)
	wantReason(t, err, apperr.Conflict, apperr.WebhookDeliveryPending)
	if n := len(r.requests()); n != 1 {
		t.Fatalf("%d requests, want the first delivery's only", n)
	}
}

func mustEndpoint(t *testing.T, k *kit, id string) store.WebhookEndpoint {
	t.Helper()
	e, err := k.st.GetWebhookEndpoint(context.Background(), k.owner.TenantID, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
