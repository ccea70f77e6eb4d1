package bus

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus/bustest"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
)

func openBus(t *testing.T, external bool) *Bus {
	t.Helper()
	o := Options{DataDir: t.TempDir(), Name: t.Name()}
	if external {
		o.URL, o.Namespace = bustest.ExternalURL(), bustest.Namespace()
	}
	b, err := Open(context.Background(), o)
	if err != nil {
		t.Fatalf("open bus (external=%v): %v", external, err)
	}
	t.Cleanup(func() {
		if external {
			_ = b.JS.DeleteStream(context.Background(), b.EventStream())
		}
		b.Close()
	})
	return b
}

func openStore(t *testing.T) *sqlstore.DB {
	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// consume returns the first n events of tenant from the stream.
func consume(t *testing.T, b *Bus, tenant string, n int) []jetstream.Msg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := b.JS.OrderedConsumer(ctx, b.EventStream(), jetstream.OrderedConsumerConfig{FilterSubjects: []string{b.TenantEvents(tenant)}})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := c.Fetch(n, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.Msg
	for m := range batch.Messages() {
		out = append(out, m)
	}
	return out
}

func TestRelayPublishesCommittedEventsInOrder(t *testing.T) {
	for _, external := range []bool{false, true} {
		t.Run(fmt.Sprintf("external=%v", external), func(t *testing.T) {
			b, db := openBus(t, external), openStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			relay := &Relay{Store: db, Bus: b}
			go relay.Run(ctx)
			for i := 0; i < 20; i++ {
				err := db.Tx(ctx, func(q store.Queries) error {
					return q.Emit(ctx, store.Event{TenantID: "ten_a", Type: EventContactCreated, MsgID: fmt.Sprintf("a-%d", i), Payload: []byte(fmt.Sprintf(`{"i":%d}`, i))})
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			_ = db.Emit(ctx, store.Event{TenantID: "ten_b", Type: EventContactCreated, MsgID: "b-1"})
			msgs := consume(t, b, "ten_a", 20)
			if len(msgs) != 20 {
				t.Fatalf("got %d events for ten_a, want 20", len(msgs))
			}
			for i, m := range msgs {
				if string(m.Data()) != fmt.Sprintf(`{"i":%d}`, i) || m.Headers().Get(HeaderTenant) != "ten_a" || m.Subject() != b.EventSubject("ten_a", EventContactCreated) {
					t.Fatalf("event %d: %s %s %v", i, m.Subject(), m.Data(), m.Headers())
				}
			}
		})
	}
}

// TestRepublishAfterCrashIsDeduplicated replays a batch whose delete was
// lost (a crash after the publish, before the commit): JetStream keeps one.
func TestRepublishAfterCrashIsDeduplicated(t *testing.T) {
	b := openBus(t, false)
	relay := &Relay{Bus: b}
	events := []store.Event{
		{TenantID: "ten_a", Type: EventMessageReceived, MsgID: "dup-1", Payload: []byte(`{}`), CreatedAt: time.Now()},
		{TenantID: "ten_a", Type: EventMessageReceived, MsgID: "dup-2", Payload: []byte(`{}`), CreatedAt: time.Now()},
	}
	for range 3 {
		if err := relay.publish(events); err != nil {
			t.Fatal(err)
		}
	}
	info, err := b.JS.Stream(context.Background(), b.EventStream())
	if err != nil {
		t.Fatal(err)
	}
	if n := info.CachedInfo().State.Msgs; n != 2 {
		t.Fatalf("stream holds %d messages after 3 publishes of 2 events, want 2", n)
	}
}

// TestEventsSurviveABusOutage: while the bus is gone nothing is deleted
// from the outbox; Flush after it returns publishes everything.
func TestEventsSurviveABusOutage(t *testing.T) {
	dir := t.TempDir()
	db := openStore(t)
	ctx := context.Background()
	b, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		_ = db.Emit(ctx, store.Event{TenantID: "ten_o", Type: EventCallEnded, MsgID: fmt.Sprintf("o-%d", i)})
	}
	b.Close()
	if err := (&Relay{Store: db, Bus: b}).Flush(ctx); err == nil {
		t.Fatal("flush to a closed bus reported success")
	}
	if n, _, _ := db.OutboxBacklog(ctx); n != 5 {
		t.Fatalf("backlog after failed publish: %d, want 5", n)
	}
	b2, err := Open(ctx, Options{DataDir: dir}) // same data dir: the stream persisted
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if err := (&Relay{Store: db, Bus: b2}).Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := consume(t, b2, "ten_o", 5); len(got) != 5 {
		t.Fatalf("after the outage %d events arrived, want 5", len(got))
	}
}

func TestPingAndSubjects(t *testing.T) {
	b := openBus(t, false)
	if err := b.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := b.EventSubject("ten_1", EventKanbanCardMoved); got != "masteria.evt.ten_1.kanban.card.moved" {
		t.Fatal(got)
	}
	if b.EventStream() != "MASTERIA_EVENTS" || b.ActionCall("whatsapp.send") != "masteria.act.whatsapp.send" {
		t.Fatal(b.EventStream(), b.ActionCall("whatsapp.send"))
	}
}
