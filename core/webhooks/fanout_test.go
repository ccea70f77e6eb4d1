package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func openBus(t *testing.T) *bus.Bus {
	t.Helper()
	b, err := bus.Open(context.Background(), bus.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// consumerInfo is the webhook consumer's info; nil when there is none.
func consumerInfo(t *testing.T, b *bus.Bus) *jetstream.ConsumerInfo {
	t.Helper()
	c, err := b.JS.Consumer(context.Background(), b.EventStream(), Durable)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(context.Background())
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// eventually polls cond every 10 ms for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
	}
}

func emit(t *testing.T, st store.Store, tenantID, typ, msgID string, payload any) {
	t.Helper()
	raw, _ := json.Marshal(payload)
	if err := st.Emit(context.Background(), store.Event{TenantID: tenantID, Type: typ, MsgID: msgID, Payload: raw}); err != nil {
		t.Fatal(err)
	}
}

// TestDeliversABusEventEndToEnd: an event committed to the outbox goes
// through the relay, the stream and the consumer to a real receiver,
// signed as Standard Webhooks says, webhook-id being the event's ID; the
// events no endpoint wants (another tenant's, a type not asked for) are
// not delivered.
func TestDeliversABusEventEndToEnd(t *testing.T) {
	r := newReceiver(t)
	k := newKit(t, r.host())
	k.sender.Now, k.svc.Now = nil, nil // the real clock: JetStream stamps events with it
	b := openBus(t)
	f := NewFanout(k.st, b, k.sender, k.log)
	k.svc.Changed, k.sender.Disabled = f.Refresh, f.Refresh
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 3)
	for _, run := range []func(){
		func() { (&bus.Relay{Store: k.st, Bus: b, Poll: 20 * time.Millisecond}).Run(ctx) },
		func() { _ = f.Run(ctx) },
		func() { k.sender.Run(ctx) },
	} {
		go func() { run(); done <- struct{}{} }()
	}
	t.Cleanup(func() {
		cancel()
		for range 3 {
			<-done
		}
	})

	other := k.tenant("other")
	ep := k.endpoint(r.URL+"/in", "contact.created", "conversation.*")
	eventually(t, "the consumer is subscribed", func() bool { return consumerInfo(t, b) != nil })
	info := consumerInfo(t, b)
	want := []string{b.EventSubject(k.owner.TenantID, "contact.created")}
	for _, typ := range typesWanted([]string{"conversation.*"}) {
		want = append(want, b.EventSubject(k.owner.TenantID, typ))
	}
	slices.Sort(want)
	if !slices.Equal(info.Config.FilterSubjects, want) {
		t.Fatalf("filter subjects %v, want %v", info.Config.FilterSubjects, want)
	}

	emit(t, k.st, other.TenantID, "contact.created", ids.New("evt"), map[string]string{"id": "ctc_other"})
	emit(t, k.st, k.owner.TenantID, "message.received", ids.New("evt"), map[string]string{"text": "not asked for"})
	msgID := ids.New("evt")
	emit(t, k.st, k.owner.TenantID, "contact.created", msgID, map[string]any{"id": "ctc_1", "name": "Maria"})
	got := r.wait(t, 1)
	body := verify(t, ep.Secret, got, time.Now())
	if got.Header.Get("webhook-id") != msgID || got.Path != "/in" || got.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("headers: %v", got.Header)
	}
	data, _ := body["data"].(map[string]any)
	if body["type"] != "contact.created" || data["id"] != "ctc_1" || data["name"] != "Maria" {
		t.Fatalf("body: %s", got.Body)
	}
	if ts, err := time.Parse(time.RFC3339Nano, body["timestamp"].(string)); err != nil || time.Since(ts) > time.Minute {
		t.Fatalf("timestamp %v: %v", body["timestamp"], err)
	}
	emit(t, k.st, k.owner.TenantID, "conversation.assigned", ids.New("evt"), map[string]string{"id": "cnv_1"})
	if got := verify(t, ep.Secret, r.wait(t, 2), time.Now()); got["type"] != "conversation.assigned" {
		t.Fatalf("second: %v", got)
	}
	eventually(t, "both deliveries are recorded delivered", func() bool {
		ds, _ := k.st.ListWebhookDeliveries(ctx, k.owner.TenantID, ep.ID, 10)
		return len(ds) == 2 && ds[0].State == store.DeliveryDelivered && ds[1].State == store.DeliveryDelivered
	})
	if n := len(r.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}

	// Deleting the last endpoint deletes the consumer.
	if err := k.svc.Delete(ctx, k.owner, ep.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the consumer is gone", func() bool { return consumerInfo(t, b) == nil })
}

// TestNoEndpointsNoConsumer: without an enabled endpoint no consumer
// exists; with one, only its tenant's wanted subjects reach it, so other
// tenants' events are never even handed to the process.
func TestNoEndpointsNoConsumer(t *testing.T) {
	k := newKit(t, "hooks.example.com")
	b := openBus(t)
	f := NewFanout(k.st, b, nil, k.log)
	ctx := context.Background()
	var run consuming
	defer run.stop()
	if err := f.resubscribe(ctx, &run); err != nil || consumerInfo(t, b) != nil {
		t.Fatalf("a consumer without endpoints: %v", err)
	}
	ep := k.endpoint("https://hooks.example.com/in", "message.received")
	other := k.tenant("busy")
	if err := f.resubscribe(ctx, &run); err != nil {
		t.Fatal(err)
	}
	info := consumerInfo(t, b)
	if info == nil || !slices.Equal(info.Config.FilterSubjects, []string{b.EventSubject(k.owner.TenantID, "message.received")}) {
		t.Fatalf("consumer: %+v", info)
	}
	// Deleted behind its back (another instance with an older view): made again.
	if err := b.JS.DeleteConsumer(ctx, b.EventStream(), Durable); err != nil {
		t.Fatal(err)
	}
	if err := f.resubscribe(ctx, &run); err != nil || consumerInfo(t, b) == nil {
		t.Fatalf("the consumer was not made again: %v", err)
	}
	run.stop() // hold the consumer still to count what reaches it
	for i := range 50 {
		if _, err := b.JS.Publish(ctx, b.EventSubject(other.TenantID, "message.received"), []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.JS.Publish(ctx, b.EventSubject(k.owner.TenantID, "contact.created"), []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.JS.Publish(ctx, b.EventSubject(k.owner.TenantID, "message.received"), []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	// (A pull the stopped consumer left open may hold the message: ack pending.)
	eventually(t, "the endpoint's event reaches the consumer", func() bool {
		info := consumerInfo(t, b)
		return info.NumPending+uint64(info.NumAckPending) >= 1
	})
	if info := consumerInfo(t, b); info.NumPending+uint64(info.NumAckPending) != 1 {
		t.Fatalf("%d events wait for the webhook consumer, want only the endpoint's one", info.NumPending+uint64(info.NumAckPending))
	}
	off := false
	if _, err := k.svc.Update(ctx, k.owner, ep.ID, EndpointPatch{Enabled: &off}); err != nil {
		t.Fatal(err)
	}
	if err := f.resubscribe(ctx, &run); err != nil || consumerInfo(t, b) != nil {
		t.Fatalf("a consumer after the last endpoint was disabled: %v", err)
	}
}

// TestSubjectsFallBackWhenMany: many tenants' subjects become one per
// tenant, and past that every event (the in-memory check does the rest).
func TestSubjectsFallBackWhenMany(t *testing.T) {
	f := &Fanout{Bus: openBus(t)}
	endpoints := func(tenants int) []store.WebhookEndpoint {
		var out []store.WebhookEndpoint
		for i := range tenants {
			out = append(out, store.WebhookEndpoint{ID: fmt.Sprint("whe_", i), TenantID: fmt.Sprint("ten_", i), EventTypes: []string{"*"}})
		}
		return out
	}
	if s := f.subscriptionsOf(endpoints(2)); len(s.subjects) != 2*len(Catalog) {
		t.Fatalf("2 tenants: %d subjects", len(s.subjects))
	}
	if s := f.subscriptionsOf(endpoints(30)); len(s.subjects) != 30 || s.subjects[0] != f.Bus.TenantEvents("ten_0") {
		t.Fatalf("30 tenants: %d subjects, %v", len(s.subjects), s.subjects[:1])
	}
	if s := f.subscriptionsOf(endpoints(maxSubjects + 1)); !slices.Equal(s.subjects, []string{f.Bus.AllEvents()}) {
		t.Fatalf("many tenants: %d subjects", len(s.subjects))
	}
}
