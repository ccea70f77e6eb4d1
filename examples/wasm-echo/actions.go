package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// maxBody bounds the body fetch returns.
const maxBody = 64 << 10

// say returns the text repeated.
func (p *Plugin) say(_ context.Context, in sdk.Input) (sdk.Output, error) {
	n := max(in.Params.Int("repeat"), 1)
	text := strings.Repeat(p.prefix+in.Params.String("text"), n)
	return sdk.Output{Values: map[string]any{"text": text}}, in.Params.Err()
}

// wait blocks for the given duration or until ctx is done.
func (p *Plugin) wait(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	d := in.Params.Duration("for")
	start := time.Now()
	select {
	case <-ctx.Done():
		return sdk.Output{}, ctx.Err()
	case <-p.host.Clock.After(d):
	}
	waited := time.Since(start).Round(time.Millisecond)
	return sdk.Output{Values: map[string]any{"waited": waited.String()}}, nil
}

// remember stores value under key and returns what was there before.
func (p *Plugin) remember(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	key := "remember:" + in.Params.String("key")
	prev, err := p.host.KV.Get(ctx, key)
	if err != nil && !errors.Is(err, sdk.ErrNotFound) {
		return sdk.Output{}, err
	}
	if err := p.host.KV.Set(ctx, key, []byte(in.Params.String("value")), 0); err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"previous": string(prev)}}, nil
}

// keep stores the text in the host's blob store and reads it back.
func (p *Plugin) keep(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	meta, err := p.host.Blobs.Put(ctx, "text/plain; charset=utf-8", strings.NewReader(in.Params.String("text")))
	if err != nil {
		return sdk.Output{}, err
	}
	rc, _, err := p.host.Blobs.Get(ctx, meta.ID)
	if err != nil {
		return sdk.Output{}, err
	}
	defer rc.Close()
	back, err := io.ReadAll(rc)
	if err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"id": meta.ID, "size": meta.Size, "sha256": meta.SHA256,
		"read_back": string(back)}}, nil
}

// announce emits an event keyed by the step's idempotency key, so a retried
// step does not announce twice.
func (p *Plugin) announce(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	id := "announce:" + in.IdempotencyKey
	text := in.Params.String("text")
	if err := p.host.Events.Emit(ctx, SubjectAnnounced, map[string]any{"text": text}, id); err != nil {
		return sdk.Output{}, err
	}
	p.host.Log.Info("announced", "text", text, "id", id)
	return sdk.Output{Values: map[string]any{"id": id}}, nil
}

// fetch GETs a URL. The host refuses hosts the manifest does not declare
// (and the operator did not approve) before any connection is made.
func (p *Plugin) fetch(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, in.Params.String("url"), nil)
	if err != nil {
		return sdk.Output{}, sdk.Permanent(err, "")
	}
	resp, err := p.host.HTTP.Do(req)
	if err != nil {
		return sdk.Output{}, fmt.Errorf("wasm-echo: fetch: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"status": resp.StatusCode, "body": string(body)}}, nil
}
