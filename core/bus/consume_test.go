package bus

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestConsumeFinishesTheMessageInHand: when Consume's context ends while
// a message is being handled, the handler keeps a live context, its
// acknowledgement gets through, and nothing is left pending: a consumer
// taking one message at a time is free at the next start.
func TestConsumeFinishesTheMessageInHand(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cons, err := b.JS.CreateOrUpdateConsumer(ctx, b.EventStream(), jetstream.ConsumerConfig{
		Durable: "one-at-a-time", AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1, AckWait: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c"} {
		if _, err := b.JS.Publish(ctx, b.EventSubject("ten_1", "test.event"), []byte(id)); err != nil {
			t.Fatal(err)
		}
	}
	run, stop := context.WithCancel(ctx)
	inHand, release := make(chan context.Context, 3), make(chan struct{})
	returned := make(chan error, 1)
	go func() {
		returned <- Consume(run, cons, func(hctx context.Context, m jetstream.Msg) {
			inHand <- hctx
			<-release
			_ = m.Ack()
		})
	}()
	hctx := <-inHand
	stop()
	time.Sleep(50 * time.Millisecond) // Consume is draining now
	if hctx.Err() != nil {
		t.Fatalf("the handler's context ended with Consume's: %v", hctx.Err())
	}
	close(release)
	if err := <-returned; err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // a late delivery to the drained subscription would show
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.NumAckPending != 0 || info.AckFloor.Stream == 0 {
		t.Fatalf("after Consume returned: %d pending acknowledgement, ack floor %d", info.NumAckPending, info.AckFloor.Stream)
	}
}
