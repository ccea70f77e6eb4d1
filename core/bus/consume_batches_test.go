package bus

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestOrderedBatchesKeepOrderAcrossInstances: two instances consume one
// Ordered consumer (made from the one-at-a-time consumer an earlier
// version left) at once. Every event is handled once, in stream order,
// by one instance at a time; on the embedded server (which pins) the
// events come in batches, on the external one (NATS older than 2.11 here)
// one at a time.
func TestOrderedBatchesKeepOrderAcrossInstances(t *testing.T) {
	for _, external := range []bool{false, true} {
		t.Run(fmt.Sprintf("external=%v", external), func(t *testing.T) {
			b := openBus(t, external)
			ctx := context.Background()
			const n = 600
			for i := range n {
				if _, err := b.JS.Publish(ctx, b.EventSubject("ten_1", "test.event"), []byte(strconv.Itoa(i))); err != nil {
					t.Fatal(err)
				}
			}
			o := Ordered{Durable: "ordered-test", Batch: 64, AckWait: time.Minute}
			// As an earlier version left it: one event at a time, no policy.
			if _, err := b.JS.CreateOrUpdateConsumer(ctx, b.EventStream(), jetstream.ConsumerConfig{
				Durable: o.Durable, AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1, AckWait: time.Minute,
			}); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var got []int
			biggest := 0
			run, stop := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for range 2 {
				cons, opts, err := o.Consumer(ctx, b)
				if err != nil {
					t.Fatal(err)
				}
				wg.Go(func() {
					_ = ConsumeBatches(run, cons, o.Batch, func(_ context.Context, msgs []jetstream.Msg) {
						mu.Lock()
						defer mu.Unlock()
						biggest = max(biggest, len(msgs))
						for _, m := range msgs {
							i, _ := strconv.Atoi(string(m.Data()))
							got = append(got, i)
							_ = m.Ack()
						}
					}, opts...)
				})
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				mu.Lock()
				done := len(got) >= n
				mu.Unlock()
				if done || time.Now().After(deadline) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			stop()
			wg.Wait()
			if len(got) != n {
				t.Fatalf("handled %d events, want %d", len(got), n)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("event %d handled at %d: order lost", v, i)
				}
			}
			cons, err := b.JS.Consumer(ctx, b.EventStream(), o.Durable)
			if err != nil {
				t.Fatal(err)
			}
			info, err := cons.Info(ctx)
			if err != nil {
				t.Fatal(err)
			}
			pinned := info.Config.PriorityPolicy == jetstream.PriorityPolicyPinned
			if !external && (!pinned || info.Config.MaxAckPending != o.Batch || biggest < 2) {
				t.Fatalf("embedded: pinned %v, max ack pending %d, biggest batch %d", pinned, info.Config.MaxAckPending, biggest)
			}
			if !pinned && (info.Config.MaxAckPending != 1 || biggest != 1) {
				t.Fatalf("a server that cannot pin: max ack pending %d, biggest batch %d", info.Config.MaxAckPending, biggest)
			}
			if info.NumAckPending != 0 {
				t.Fatalf("%d left pending", info.NumAckPending)
			}
		})
	}
}

// TestOrderedHandsOverWhenTheInstanceGoes: on a server that stays up (an
// external cluster), the pinned instance's process ends; another instance
// is pinned and gets the next events once pinnedTTL has run out, not
// minutes later.
func TestOrderedHandsOverWhenTheInstanceGoes(t *testing.T) {
	ctx := context.Background()
	b := openBus(t, false)
	instance := func() *Bus { // another connection to the same server
		nc, err := nats.Connect("", nats.InProcessServer(b.srv))
		if err != nil {
			t.Fatal(err)
		}
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		return &Bus{NC: nc, JS: js, ns: b.ns}
	}
	o := Ordered{Durable: "handover", Batch: 16, AckWait: time.Minute}
	got := make(chan string, 10)
	consume := func(ctx context.Context, in *Bus, name string) <-chan struct{} {
		cons, opts, err := o.Consumer(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = ConsumeBatches(ctx, cons, o.Batch, func(_ context.Context, msgs []jetstream.Msg) {
				for _, m := range msgs {
					got <- name + ":" + string(m.Data())
					_ = m.Ack()
				}
			}, opts...)
		}()
		return done
	}
	publish := func(data string) {
		if _, err := b.JS.Publish(ctx, b.EventSubject("ten_1", "test.event"), []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	a := instance()
	run, stop := context.WithCancel(ctx)
	aDone := consume(run, a, "a")
	publish("1")
	if s := <-got; s != "a:1" {
		t.Fatalf("first event: %s", s)
	}
	stop()
	<-aDone
	a.NC.Close()
	bb := instance()
	defer bb.NC.Close()
	runB, stopB := context.WithCancel(ctx)
	bDone := consume(runB, bb, "b")
	defer func() { stopB(); <-bDone }()
	publish("2")
	select {
	case s := <-got:
		if s != "b:2" {
			t.Fatalf("second event: %s", s)
		}
	case <-time.After(3 * pinnedTTL):
		t.Fatalf("no instance got the event %v after the pinned one went", 3*pinnedTTL)
	}
}
