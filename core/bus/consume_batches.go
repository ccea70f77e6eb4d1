package bus

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Ordered is an ordered durable consumer of the event stream: one instance at a time takes its
// messages, in stream order, as many at once as have arrived (up to
// Batch). On a NATS server that pins a consumer's messages to one client
// (2.11 and later; the embedded one does) the consumer is created with
// the pinned-client priority policy and Batch messages may be pending at
// once. An older server cannot pin, so there it takes one message at a
// time (MaxAckPending 1), which keeps the same order across instances.
type Ordered struct {
	Durable string
	Batch   int           // most messages in hand at once where pinning works
	AckWait time.Duration // before an unacknowledged message is redelivered
}

// orderedGroup is the priority group every instance pulls in.
const orderedGroup = "ordered"

// pinnedTTL is how long a pinned instance may go without asking for
// messages before another is pinned; nats.go's Consume asks again every
// orderedExpiry while its process is alive. When a pinned instance stops
// (a restart, a crash), the others get nothing until it runs out.
const (
	pinnedTTL     = 5 * time.Second
	orderedExpiry = 2 * time.Second
)

// Consumer creates (or updates) the consumer and says how many messages it
// may hold at once: o.Batch where the server pins, 1 otherwise.
func (o Ordered) Consumer(ctx context.Context, b *Bus) (jetstream.Consumer, []jetstream.PullConsumeOpt, error) {
	cfg := jetstream.ConsumerConfig{
		Durable: o.Durable, AckPolicy: jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy, AckWait: o.AckWait, MaxAckPending: 1,
	}
	// Asked of the server before the consumer is touched: an older server
	// would take the batch size and ignore the policy, and other instances
	// would share the batch meanwhile.
	pins := versionAtLeast(b.NC.ConnectedServerVersion(), 2, 11)
	if pins {
		cfg.MaxAckPending, cfg.PriorityPolicy, cfg.PriorityGroups, cfg.PinnedTTL = o.Batch, jetstream.PriorityPolicyPinned, []string{orderedGroup}, pinnedTTL
	}
	cons, err := b.JS.CreateOrUpdateConsumer(ctx, b.EventStream(), cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("consumer %s: %w", o.Durable, err)
	}
	if got := cons.CachedInfo().Config; got.PriorityPolicy != cfg.PriorityPolicy || got.MaxAckPending != cfg.MaxAckPending {
		return nil, nil, fmt.Errorf("consumer %s: the server kept max ack pending %d, priority policy %v", o.Durable, got.MaxAckPending, got.PriorityPolicy)
	}
	if !pins {
		return cons, nil, nil
	}
	return cons, []jetstream.PullConsumeOpt{
		jetstream.PullPriorityGroup(orderedGroup), jetstream.PullMaxMessages(o.Batch), jetstream.PullExpiry(orderedExpiry),
	}, nil
}

// versionAtLeast compares a server version ("2.10.7", "v2.11.0-beta")
// with major.minor.
func versionAtLeast(v string, major, minor int) bool {
	var maj, min int
	if _, err := fmt.Sscanf(strings.TrimPrefix(v, "v"), "%d.%d", &maj, &min); err != nil {
		return false
	}
	return maj > major || maj == major && min >= minor
}

// ConsumeBatches runs handle on cons's messages in delivery order, each
// time on all that have arrived (up to max), until ctx ends; handle
// acknowledges them. Like Consume it then stops pulling and lets the
// messages already received be handled, with a live context, for up to
// DrainTimeout.
func ConsumeBatches(ctx context.Context, cons jetstream.Consumer, max int, handle func(context.Context, []jetstream.Msg), opts ...jetstream.PullConsumeOpt) error {
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	arrived := make(chan jetstream.Msg, max)
	cc, err := cons.Consume(func(m jetstream.Msg) { arrived <- m }, opts...)
	if err != nil {
		return err
	}
	worked := make(chan struct{})
	go func() {
		defer close(worked)
		batch := make([]jetstream.Msg, 0, max)
		for m := range arrived {
			batch = append(batch[:0], m)
			for more := true; more && len(batch) < max; {
				select {
				case m, ok := <-arrived:
					if ok {
						batch = append(batch, m)
					} else {
						more = false
					}
				default:
					more = false
				}
			}
			handle(hctx, batch)
		}
	}()
	<-ctx.Done()
	t := time.NewTimer(DrainTimeout)
	defer t.Stop()
	drain(cc, cancel, t)
	close(arrived) // Closed: no callback runs any more
	select {
	case <-worked:
	case <-t.C:
		cancel()
		<-worked
	}
	return nil
}

// ServerAtLeast tells whether the NATS server this bus is connected to is
// version major.minor or later.
func (b *Bus) ServerAtLeast(major, minor int) bool {
	return versionAtLeast(b.NC.ConnectedServerVersion(), major, minor)
}
