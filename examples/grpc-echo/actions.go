package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// say returns the text with the prefix.
func (p *Plugin) say(_ context.Context, in sdk.Input) (sdk.Output, error) {
	return sdk.Output{Values: map[string]any{"text": p.prefix + in.Params.String("text")}}, in.Params.Err()
}

// wait blocks on the host's clock for the given duration, or until ctx is
// done: the host cancels the call over gRPC.
func (p *Plugin) wait(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	start := p.host.Clock.Now()
	select {
	case <-ctx.Done():
		return sdk.Output{}, ctx.Err()
	case <-p.host.Clock.After(in.Params.Duration("for")):
	}
	waited := p.host.Clock.Now().Sub(start).Round(time.Millisecond)
	return sdk.Output{Values: map[string]any{"waited": waited.String()}}, nil
}

// count increments a counter kept in the host's KV store, so it survives a
// restart of the plugin process. Calls run concurrently and KV has no
// increment, so the read and the write happen under a lock: without it two
// calls could read the same count and one increment would be lost. (The
// lock covers this process; plugin hosts on several instances would need a
// counter that lives elsewhere.)
func (p *Plugin) count(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	p.countMu.Lock()
	defer p.countMu.Unlock()
	key := "count:" + in.Params.String("name")
	n := 0
	switch b, err := p.host.KV.Get(ctx, key); {
	case err == nil:
		n, _ = strconv.Atoi(string(b))
	case !errors.Is(err, sdk.ErrNotFound):
		return sdk.Output{}, err
	}
	n++
	if err := p.host.KV.Set(ctx, key, []byte(strconv.Itoa(n)), 0); err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"count": n}}, nil
}

// fetch GETs a URL through the host's HTTP egress, which lets it out only
// to declared hosts and those the operator added.
func (p *Plugin) fetch(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, in.Params.String("url"), nil)
	if err != nil {
		return sdk.Output{}, sdk.Permanent(err, "")
	}
	resp, err := p.host.HTTP.Do(req)
	if err != nil {
		return sdk.Output{}, fmt.Errorf("grpc-echo: fetch: %w", err)
	}
	resp.Body.Close()
	return sdk.Output{Values: map[string]any{"status": resp.StatusCode}}, nil
}
