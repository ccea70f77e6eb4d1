package sdktest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// checkChannel: each sample message is valid, uses a declared capability,
// and sends (Concurrency times at once) returning a provider message ID.
func (e Env) checkChannel(t *testing.T) {
	if e.Manifest.Channel == nil {
		t.Skip("the plugin is not a channel")
	}
	ch, ok := e.Open(t).(sdk.Channel)
	if !ok {
		t.Fatal("the manifest declares a channel but the plugin does not implement sdk.Channel")
	}
	if len(e.Options.Messages) == 0 {
		t.Fatal("a channel plugin needs sample messages in Options.Messages")
	}
	for i, msg := range e.Options.Messages {
		t.Run(fmt.Sprintf("%d-%s", i, msg.Kind), func(t *testing.T) {
			if err := msg.Validate(); err != nil {
				t.Fatalf("sample message is invalid: %v", err)
			}
			if !e.Manifest.Channel.Supports(msg.Kind.Capability()) {
				t.Fatalf("sample %s message needs capability %q, which the channel does not declare", msg.Kind, msg.Kind.Capability())
			}
			e.sendConcurrently(t, ch, msg)
		})
	}
}

func (e Env) sendConcurrently(t *testing.T, ch sdk.Channel, msg sdk.OutboundMessage) {
	var wg sync.WaitGroup
	errs := make(chan error, e.Options.Concurrency)
	for range e.Options.Concurrency {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			defer cancel()
			var res sdk.SendResult
			err := guard(func() (err error) { res, err = ch.Send(ctx, msg); return err })
			if err == nil && res.MessageID == "" {
				err = fmt.Errorf("Send succeeded without a provider message ID")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
