package webhooks

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/bus/bustest"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// openInstances connects two instances' buses to the one external NATS,
// in a namespace of their own.
func openInstances(t *testing.T) (a, b *bus.Bus) {
	t.Helper()
	ns := bustest.Namespace()
	open := func(name string) *bus.Bus {
		x, err := bus.Open(context.Background(), bus.Options{URL: bustest.ExternalURL(), Namespace: ns, Name: name})
		if err != nil {
			t.Fatalf("external NATS: %v", err)
		}
		return x
	}
	a, b = open("instance-a"), open("instance-b")
	t.Cleanup(func() {
		_ = a.JS.DeleteStream(context.Background(), a.EventStream())
		a.Close()
		b.Close()
	})
	return a, b
}

// run runs fn until the test ends or stop is called.
func run(t *testing.T, fn func(ctx context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { fn(ctx); close(done) }()
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	t.Cleanup(stop)
	return stop
}

// knows is the endpoint IDs, and their event types, an instance's fan-out
// holds for a tenant.
func knows(f *Fanout, tenant string) map[string][]string {
	out := map[string][]string{}
	if s := f.subs.Load(); s != nil {
		for _, sub := range s.byTenant[tenant] {
			out[sub.id] = sub.patterns
		}
	}
	return out
}

// TestAnotherInstanceHearsEndpointChanges: two instances on one NATS; an
// endpoint is created, changed and deleted through instance A (its API),
// and the fan-out of instance B, which reads the endpoints again only
// hourly, knows of each within seconds (the webhook.endpoint.* events
// A's relay publishes) and delivers A's event to it.
// hearWithin bounds how long B may take to hear of a change: far below
// its hourly resync, so the test still fails without the notification, and
// loose enough for a loaded 2-core machine running every package at once
// (5 s missed there once).
const hearWithin = 20 * time.Second

func TestAnotherInstanceHearsEndpointChanges(t *testing.T) {
	r := newReceiver(t)
	k := newKit(t, r.host())
	k.sender.Now, k.svc.Now = nil, nil // the real clock: JetStream stamps events with it
	busA, busB := openInstances(t)
	fb := NewFanout(k.st, busB, k.sender, k.log)
	fb.Resync = time.Hour
	run(t, (&bus.Relay{Store: k.st, Bus: busA, Poll: 20 * time.Millisecond}).Run)
	run(t, k.sender.Run)
	run(t, func(ctx context.Context) { _ = fb.Run(ctx) })
	ctx, tenant := context.Background(), k.owner.TenantID

	ep := k.endpoint(r.URL+"/in", "contact.created")
	within(t, hearWithin, "B hears of the new endpoint", func() bool { return len(knows(fb, tenant)[ep.ID]) == 1 })
	types := []string{"conversation.*"}
	if _, err := k.svc.Update(ctx, k.owner, ep.ID, EndpointPatch{EventTypes: &types}); err != nil {
		t.Fatal(err)
	}
	within(t, hearWithin, "B hears of the change", func() bool { return slices.Equal(knows(fb, tenant)[ep.ID], types) })

	emit(t, k.st, tenant, "conversation.assigned", ids.New("evt"), map[string]string{"id": "cnv_1"})
	if got := verify(t, ep.Secret, r.wait(t, 1), time.Now()); got["type"] != "conversation.assigned" {
		t.Fatalf("delivered through B: %v", got)
	}

	if err := k.svc.Delete(ctx, k.owner, ep.ID); err != nil {
		t.Fatal(err)
	}
	within(t, hearWithin, "B hears of the deletion, and deletes the consumer", func() bool {
		return len(knows(fb, tenant)) == 0 && consumerInfo(t, busB) == nil
	})
}

// TestAStaleInstanceReadsTheEndpointsAgain: an instance that missed an
// endpoint's news (it never heard the event) and is handed an event the
// shared consumer's filter has only because another instance knows the
// endpoint, reads the endpoints again before it acknowledges, and records
// the delivery rather than dropping it. (Two fan-outs on the embedded
// server, which filters by many subjects; an external one older than 2.10
// hands every event to every fan-out, and this check cannot tell.)
func TestAStaleInstanceReadsTheEndpointsAgain(t *testing.T) {
	k := newKit(t, "hooks.example.com")
	k.svc.Now = nil
	b := openBus(t)
	fa, fb := NewFanout(k.st, b, nil, k.log), NewFanout(k.st, b, nil, k.log)
	ctx := context.Background()
	run(t, (&bus.Relay{Store: k.st, Bus: b, Poll: 20 * time.Millisecond}).Run)

	k.endpoint("https://hooks.example.com/first", "contact.created")
	var runA, runB consuming
	defer runB.stop()
	if err := fb.resubscribe(ctx, &runB); err != nil { // B consumes, knowing the first endpoint
		t.Fatal(err)
	}
	other := k.tenant("other")
	later, err := k.svc.Create(ctx, other, NewEndpoint{URL: "https://hooks.example.com/later", EventTypes: []string{"contact.created"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := fa.resubscribe(ctx, &runA); err != nil { // A widens the shared consumer's filter...
		t.Fatal(err)
	}
	runA.stop() // ...and leaves B to pull
	if len(knows(fb, other.TenantID)) != 0 {
		t.Fatal("B knows of the later endpoint already")
	}

	emit(t, k.st, other.TenantID, "contact.created", ids.New("evt"), map[string]string{"id": "ctc_9"})
	eventually(t, "B records the later endpoint's delivery", func() bool {
		ds, _ := k.st.ListWebhookDeliveries(ctx, other.TenantID, later.ID, 10)
		return len(ds) == 1 && ds[0].State == store.DeliveryPending && ds[0].EventType == "contact.created"
	})
	if len(knows(fb, other.TenantID)) != 1 {
		t.Fatal("B's view was not read again")
	}
}

// within polls cond every 10 ms for up to d.
func within(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", d, what)
		}
	}
}
