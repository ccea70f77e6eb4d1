package echo

import (
	"context"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// say returns the text repeated.
func (p *Plugin) say(_ context.Context, in sdk.Input) (sdk.Output, error) {
	n := max(in.Params.Int("repeat"), 1)
	text := strings.Repeat(p.prefix+in.Params.String("text"), n)
	return sdk.Output{Values: map[string]any{"text": text}}, in.Params.Err()
}

// wait blocks for the given duration or until ctx is done.
func (p *Plugin) wait(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	d := in.Params.Duration("for")
	start := p.host.Clock.Now()
	select {
	case <-ctx.Done():
		return sdk.Output{}, ctx.Err()
	case <-p.host.Clock.After(d):
	}
	waited := p.host.Clock.Now().Sub(start).Round(time.Millisecond)
	return sdk.Output{Values: map[string]any{"waited": waited.String()}}, nil
}
