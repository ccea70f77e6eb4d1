package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestRequest: replies reach their own callers, many at once, on the
// embedded and an external server; nothing subscribed is ErrNoResponders.
func TestRequest(t *testing.T) {
	for _, external := range []bool{false, true} {
		t.Run(fmt.Sprint("external=", external), func(t *testing.T) {
			b := openBus(t, external)
			subject := b.ns + ".test.echo"
			sub, err := b.NC.QueueSubscribe(subject, "q", func(m *nats.Msg) { _ = m.Respond(append([]byte("re:"), m.Data...)) })
			if err != nil {
				t.Fatal(err)
			}
			defer sub.Unsubscribe()
			ctx := context.Background()
			var wg sync.WaitGroup
			errs := make(chan error, 200)
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 25 {
						want := fmt.Sprintf("%d-%d", g, i)
						msg, err := b.Request(ctx, subject, []byte(want))
						if err != nil {
							errs <- err
							return
						}
						if string(msg.Data) != "re:"+want {
							errs <- fmt.Errorf("asked %q, got %q", want, msg.Data)
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if _, err := b.Request(ctx, b.ns+".test.nobody", []byte("x")); !errors.Is(err, nats.ErrNoResponders) {
				t.Errorf("no responders: got %v", err)
			}
		})
	}
}

// TestRequestLateReply: a reply that comes after its caller gave up is not
// taken by the next caller of the same inbox.
func TestRequestLateReply(t *testing.T) {
	b := openBus(t, false)
	slow, fast := b.ns+".test.slow", b.ns+".test.fast"
	release := make(chan struct{})
	done := make(chan struct{})
	_, _ = b.NC.Subscribe(slow, func(m *nats.Msg) {
		go func() {
			<-release
			_ = m.Respond([]byte("late"))
			_ = b.NC.Flush()
			close(done)
		}()
	})
	_, _ = b.NC.Subscribe(fast, func(m *nats.Msg) {
		<-done // answer only after the late reply is in the inbox
		_ = m.Respond([]byte("fast"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err := b.Request(ctx, slow, nil)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow request: got %v, want the deadline", err)
	}
	close(release)
	msg, err := b.Request(context.Background(), fast, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg.Data) != "fast" {
		t.Fatalf("got %q: the late reply of an earlier request", msg.Data)
	}
}
