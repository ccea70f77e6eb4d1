package bus

import (
	"context"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// DrainTimeout bounds how long Consume lets the messages in hand finish
// once its context ends.
const DrainTimeout = 5 * time.Second

// Consume runs handle for each message of cons until ctx ends. Then it
// stops pulling and lets the messages already received finish, with a
// context that is still live, so they are acknowledged (or refused) before
// it returns: a message left unacknowledged holds its place until AckWait
// after the next start, and a consumer taking one message at a time (the
// trigger router's) would deliver nothing else until then. After
// DrainTimeout the handlers' context ends and the rest is dropped, to be
// redelivered.
func Consume(ctx context.Context, cons jetstream.Consumer, handle func(context.Context, jetstream.Msg)) error {
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	cc, err := cons.Consume(func(m jetstream.Msg) { handle(hctx, m) })
	if err != nil {
		return err
	}
	<-ctx.Done()
	t := time.NewTimer(DrainTimeout)
	defer t.Stop()
	drain(cc, cancel, t)
	return nil
}

// drain stops cc pulling and waits for the messages already received to
// be handed over; when t fires first, it ends the handlers' context
// (cancel) and stops cc.
func drain(cc jetstream.ConsumeContext, cancel context.CancelFunc, t *time.Timer) {
	cc.Drain()
	select {
	case <-cc.Closed():
	case <-t.C:
		cancel()
		cc.Stop()
		<-cc.Closed()
	}
}
