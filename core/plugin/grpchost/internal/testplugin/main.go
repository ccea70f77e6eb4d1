// Command testplugin is the plugin grpchost's tests run as a subprocess: it
// crashes on demand, blocks until cancelled, and uses the host services.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

func main() { grpcplugin.Serve(func() sdk.Plugin { return &plugin{} }) }

// RuntimeEnv, when set, overrides the runtime the manifest declares.
const RuntimeEnv = "TESTPLUGIN_RUNTIME"

func str(name string) sdk.Field { return sdk.NewStringField(name) }

var manifest = sdk.Manifest{
	ID: "testplugin", Version: "0.1.0", Runtime: sdk.RuntimeGRPC, Title: "Test plugin", Namespaces: []string{"test"},
	Config: sdk.Fields{str("name").Default("t")},
	Actions: []sdk.ActionSpec{
		{ID: "test.echo", Title: "Echo", Input: sdk.Fields{str("value").Required()}, Output: sdk.Fields{str("value")}},
		{ID: "test.block", Title: "Block until cancelled", Input: sdk.Fields{str("tag").Required()}},
		{ID: "test.exit", Title: "Exit the process"},
		{ID: "test.pid", Title: "Process ID", Output: sdk.Fields{sdk.NewIntField("pid")}},
		{ID: "test.procs", Title: "GOMAXPROCS", Output: sdk.Fields{sdk.NewIntField("procs")}},
		{ID: "test.kv", Title: "KV round trip", Input: sdk.Fields{str("key").Required(), str("value").Required()},
			Output: sdk.Fields{str("value")}},
		{ID: "test.emit", Title: "Emit", Input: sdk.Fields{str("subject").Required()}},
		{ID: "test.fetch", Title: "Fetch", Input: sdk.Fields{sdk.NewURLField("url").Required()},
			Output: sdk.Fields{sdk.NewIntField("status")}},
		{ID: "test.secret", Title: "Secret", Input: sdk.Fields{str("name").Required()}},
	},
	Events: []sdk.EventSpec{{Subject: "test.cancelled"}, {Subject: "test.happened"}},
	Permissions: sdk.Permissions{Hosts: []string{"api.example.com"}, Services: []sdk.Service{
		sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock}},
}

type plugin struct {
	sdk.Base
	conn sdk.Connection
}

func (*plugin) Manifest() sdk.Manifest {
	m := manifest
	if rt := os.Getenv(RuntimeEnv); rt != "" {
		m.Runtime = sdk.Runtime(rt)
	}
	return m
}

func (p *plugin) Provision(ctx context.Context, conn sdk.Connection) error {
	if why, err := conn.Host.KV.Get(ctx, "refuse"); err == nil {
		return errors.New("refused: " + string(why)) // as a provider that does not answer would make it
	}
	p.conn = conn
	conn.Host.Log.Info("provisioned", "connection", conn.ID, "pid", os.Getpid())
	return nil
}

func (p *plugin) Cleanup() error {
	if p.conn.Host.Log != nil {
		p.conn.Host.Log.Info("cleaned up", "connection", p.conn.ID)
	}
	return nil
}

func (p *plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		"test.echo": sdk.ActionFunc(func(_ context.Context, in sdk.Input) (sdk.Output, error) {
			return out("value", in.Params.String("value")), nil
		}),
		"test.block": sdk.ActionFunc(p.block),
		"test.exit": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
			os.Exit(3)
			return sdk.Output{}, nil
		}),
		"test.pid": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
			return out("pid", os.Getpid()), nil
		}),
		"test.procs": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
			return out("procs", runtime.GOMAXPROCS(0)), nil
		}),
		"test.kv":     sdk.ActionFunc(p.kv),
		"test.emit":   sdk.ActionFunc(p.emit),
		"test.fetch":  sdk.ActionFunc(p.fetch),
		"test.secret": sdk.ActionFunc(p.secret),
	}
}

func out(k string, v any) sdk.Output { return sdk.Output{Values: map[string]any{k: v}} }

// block waits for cancellation, then reports through the host that it saw
// it, proving the cancellation crossed the process boundary.
func (p *plugin) block(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	<-ctx.Done()
	report, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	tag := in.Params.String("tag")
	if err := p.conn.Host.Events.Emit(report, "test.cancelled", map[string]any{"tag": tag}, tag); err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{}, ctx.Err()
}

func (p *plugin) kv(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	if err := p.conn.Host.KV.Set(ctx, in.Params.String("key"), []byte(in.Params.String("value")), 0); err != nil {
		return sdk.Output{}, err
	}
	b, err := p.conn.Host.KV.Get(ctx, in.Params.String("key"))
	return out("value", string(b)), err
}

func (p *plugin) emit(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	return sdk.Output{}, p.conn.Host.Events.Emit(ctx, in.Params.String("subject"), map[string]any{"n": 1}, "e1")
}

func (p *plugin) fetch(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, in.Params.String("url"), nil)
	if err != nil {
		return sdk.Output{}, err
	}
	resp, err := p.conn.Host.HTTP.Do(req)
	if err != nil {
		return sdk.Output{}, fmt.Errorf("fetch: %w", err)
	}
	resp.Body.Close()
	return out("status", resp.StatusCode), nil
}

// secret reads a secret the manifest does not allow, so it must be refused.
func (p *plugin) secret(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	_, err := p.conn.Host.Secrets.Get(ctx, in.Params.String("name"))
	if err == nil {
		err = errors.New("secrets were not refused")
	}
	return sdk.Output{}, err
}
