package bus

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestConsumerBacklogCountsWhatIsNotFinished: three events, a consumer
// that took one and acknowledged none, then acknowledged it.
func TestConsumerBacklogCountsWhatIsNotFinished(t *testing.T) {
	b := openBus(t, false)
	ctx := context.Background()
	for range 3 {
		if _, err := b.JS.Publish(ctx, b.EventSubject("ten_1", "message.received"), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	cons, err := b.JS.CreateOrUpdateConsumer(ctx, b.EventStream(), jetstream.ConsumerConfig{
		Durable: "slow", AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if got := backlogOf(t, b, "slow"); got != 3 {
		t.Fatalf("backlog before any delivery = %d, want 3", got)
	}
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var taken []jetstream.Msg
	for m := range batch.Messages() {
		taken = append(taken, m)
	}
	if len(taken) != 1 {
		t.Fatalf("fetched %d, want 1", len(taken))
	}
	if got := backlogOf(t, b, "slow"); got != 3 {
		t.Fatalf("backlog with one delivered, unacknowledged = %d, want 3", got)
	}
	if err := taken[0].DoubleAck(ctx); err != nil {
		t.Fatal(err)
	}
	if got := backlogOf(t, b, "slow"); got != 2 {
		t.Fatalf("backlog after one acknowledgement = %d, want 2", got)
	}
}

func backlogOf(t *testing.T, b *Bus, consumer string) uint64 {
	t.Helper()
	backlog, err := b.ConsumerBacklog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n, ok := backlog[consumer]
	if !ok {
		t.Fatalf("no %q in %v", consumer, backlog)
	}
	return n
}
