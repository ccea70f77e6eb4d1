package bus

import (
	"context"
	"time"
)

// ConsumerBacklog is how many events each durable consumer of the event
// stream has yet to finish: those not yet delivered plus those delivered
// and not yet acknowledged. A flow router that falls behind a burst shows
// here first.
func (b *Bus) ConsumerBacklog(ctx context.Context) (map[string]uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	stream, err := b.JS.Stream(ctx, b.EventStream())
	if err != nil {
		return nil, err
	}
	out := map[string]uint64{}
	list := stream.ListConsumers(ctx)
	for info := range list.Info() {
		out[info.Name] = info.NumPending + uint64(info.NumAckPending)
	}
	return out, list.Err()
}
