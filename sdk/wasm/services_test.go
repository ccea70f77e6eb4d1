//go:build !wasip1

package wasm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
	"github.com/masteria/masteria/sdk/wasm"
)

// probe is a plugin whose one action drives a host service by name, so the
// test can check what arrives on each side of the host-import layer.
type probe struct {
	sdk.Base
	host sdk.Host
}

var probeManifest = sdk.Manifest{
	ID: "probe", Version: "0.1.0", Runtime: sdk.RuntimeWASM, Title: "Probe", Namespaces: []string{"probe"},
	Actions: []sdk.ActionSpec{{ID: "probe.run", Title: "Run",
		Input:  sdk.Fields{sdk.NewStringField("service").Required(), sdk.NewStringField("arg")},
		Output: sdk.Fields{sdk.NewStringField("result")}}},
	Permissions: sdk.Permissions{Hosts: []string{"api.example.com"},
		Services: []sdk.Service{sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock}},
}

func (*probe) Manifest() sdk.Manifest { return probeManifest }

func (p *probe) Provision(_ context.Context, conn sdk.Connection) error {
	p.host = conn.Host
	return nil
}

func (p *probe) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"probe.run": sdk.ActionFunc(p.run)}
}

func (p *probe) run(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	arg := in.Params.String("arg")
	var res string
	var err error
	switch in.Params.String("service") {
	case "kv":
		if err = p.host.KV.Set(ctx, "k", []byte(arg), time.Hour); err == nil {
			var b []byte
			b, err = p.host.KV.Get(ctx, "k")
			res = string(b)
		}
	case "kv-missing":
		_, err = p.host.KV.Get(ctx, "missing")
	case "secret":
		res, err = p.host.Secrets.Get(ctx, arg)
	case "event":
		err = p.host.Events.Emit(ctx, "probe.happened", map[string]any{"arg": arg}, "id-"+arg)
	case "http":
		res, err = p.fetch(ctx, arg)
	case "log":
		p.host.Log.Info("probing", "arg", arg, "took", time.Second, "err", errors.New("boom"))
	case "clock":
		res = p.host.Clock.Now().UTC().Format(time.RFC3339)
	}
	return sdk.Output{Values: map[string]any{"result": res}}, err
}

func (p *probe) fetch(ctx context.Context, url string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader("ping"))
	resp, err := p.host.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b), err
}

// answer is a RoundTripper standing in for the network.
type answer func(*http.Request) (*http.Response, error)

func (f answer) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func pong(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	return &http.Response{StatusCode: http.StatusTeapot, Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("pong:" + string(body))), Request: r}, nil
}

type fixedClock struct{ sdk.Clock }

func (fixedClock) Now() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func TestStubHostServices(t *testing.T) {
	events := &sdktest.EventLog{}
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), Events: events, Log: sdktest.NewLogger(t),
		Secrets: sdktest.Secrets{"token": "t0k"}, Clock: fixedClock{sdk.SystemClock()},
		HTTP: &http.Client{Transport: sdk.NewEgressGuard(probeManifest.Permissions.Hosts, answer(pong))}}
	p := wasm.Stub(func() sdk.Plugin { return &probe{} })()
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c1", Host: host}); err != nil {
		t.Fatal(err)
	}
	defer sdk.Close(p)
	run := func(service, arg string) (any, error) {
		spec, _ := probeManifest.Action("probe.run")
		in, _ := spec.ParseInput(map[string]any{"service": service, "arg": arg})
		out, err := p.Actions()["probe.run"].Invoke(context.Background(), in)
		return out.Values["result"], err
	}
	tests := []struct {
		service, arg string
		want         any
		wantErr      error
		class        sdk.Class
	}{
		{"kv", "v1", "v1", nil, sdk.ClassNone},
		{"kv-missing", "", nil, sdk.ErrNotFound, sdk.ClassRetryable},
		{"secret", "token", nil, sdk.ErrNotPermitted, sdk.ClassPermanent},
		{"event", "e1", "", nil, sdk.ClassNone},
		{"http", "https://api.example.com/x", "418 pong:ping", nil, sdk.ClassNone},
		{"http", "https://evil.example.org/x", nil, sdk.ErrHostNotAllowed, sdk.ClassPermanent},
		{"log", "a", "", nil, sdk.ClassNone},
		{"clock", "", "2026-11-25T12:00:00Z", nil, sdk.ClassNone},
	}
	for _, tt := range tests {
		t.Run(tt.service+" "+tt.arg, func(t *testing.T) {
			got, err := run(tt.service, tt.arg)
			if c, _, _ := sdk.ClassOf(err); !errors.Is(err, tt.wantErr) || c != tt.class {
				t.Fatalf("err = %v (class %v), want %v (class %v)", err, c, tt.wantErr, tt.class)
			}
			if err == nil && got != tt.want {
				t.Errorf("result = %q, want %q", got, tt.want)
			}
		})
	}
	if got := events.Emitted(); len(got) != 1 || got[0].Subject != "probe.happened" || got[0].ID != "id-e1" {
		t.Errorf("emitted %+v", got)
	}
}
