package grpcplugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// svc is a plugin that uses every host service, to check each crosses the
// broker intact.
type svc struct {
	sdk.Base
	host sdk.Host
}

var svcManifest = sdk.Manifest{
	ID: "svc", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Services", Namespaces: []string{"svc"},
	Actions: []sdk.ActionSpec{
		{ID: "svc.kv", Title: "KV", Input: sdk.Fields{sdk.NewStringField("key").Required()}},
		{ID: "svc.secret", Title: "Secret", Input: sdk.Fields{sdk.NewStringField("name").Required()}},
		{ID: "svc.fetch", Title: "Fetch", Input: sdk.Fields{sdk.NewURLField("url").Required()}},
		{ID: "svc.emit", Title: "Emit"},
		{ID: "svc.clock", Title: "Clock"},
	},
	Events: []sdk.EventSpec{{Subject: "svc.happened"}},
	Permissions: sdk.Permissions{Hosts: []string{"api.example.com"}, Services: []sdk.Service{
		sdk.ServiceKV, sdk.ServiceSecrets, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock}},
}

func (*svc) Manifest() sdk.Manifest { return svcManifest }

func (s *svc) Provision(_ context.Context, conn sdk.Connection) error {
	s.host = conn.Host
	return nil
}

func (s *svc) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		"svc.kv": sdk.ActionFunc(s.kv), "svc.secret": sdk.ActionFunc(s.secret), "svc.fetch": sdk.ActionFunc(s.fetch),
		"svc.emit": sdk.ActionFunc(s.emit), "svc.clock": sdk.ActionFunc(s.clock),
	}
}

func out(kv ...any) sdk.Output {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return sdk.Output{Values: m}
}

func (s *svc) kv(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	key := in.Params.String("key")
	if err := s.host.KV.Set(ctx, key, []byte("v1"), time.Hour); err != nil {
		return sdk.Output{}, err
	}
	got, err := s.host.KV.Get(ctx, key)
	if err != nil {
		return sdk.Output{}, err
	}
	if err := s.host.KV.Delete(ctx, key); err != nil {
		return sdk.Output{}, err
	}
	_, err = s.host.KV.Get(ctx, key)
	return out("got", string(got), "gone", errors.Is(err, sdk.ErrNotFound)), nil
}

func (s *svc) secret(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	v, err := s.host.Secrets.Get(ctx, in.Params.String("name"))
	return out("value", v, "missing", errors.Is(err, sdk.ErrNotFound)), nil
}

func (s *svc) fetch(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, in.Params.String("url"), strings.NewReader("ping"))
	req.Header.Set("X-Test", "1")
	resp, err := s.host.HTTP.Do(req)
	if err != nil {
		return sdk.Output{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return out("status", resp.StatusCode, "body", string(b), "echo", resp.Header.Get("X-Echo")), nil
}

func (s *svc) emit(ctx context.Context, _ sdk.Input) (sdk.Output, error) {
	s.host.Log.Info("emitting", "n", 1, "d", time.Second, "err", errors.New("boom"))
	return sdk.Output{}, s.host.Events.Emit(ctx, "svc.happened", map[string]any{"n": 1}, "id-1")
}

func (s *svc) clock(context.Context, sdk.Input) (sdk.Output, error) {
	before := s.host.Clock.Now()
	after := <-s.host.Clock.After(time.Millisecond)
	return out("before", before.UnixNano(), "after", after.UnixNano()), nil
}

func invokeSvc(t *testing.T, r *Remote, action string, raw map[string]any) (map[string]any, error) {
	t.Helper()
	spec, _ := svcManifest.Action(action)
	in, err := spec.ParseInput(raw)
	if err != nil {
		t.Fatal(err)
	}
	o, err := r.Invoke(context.Background(), "c1", action, in)
	return o.Values, err
}

func TestHostServicesCrossTheBroker(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Echo", r.Header.Get("X-Test"))
		_, _ = w.Write(bytes.ToUpper(b))
	}))
	defer srv.Close()
	var logs bytes.Buffer
	events := &sdktest.EventLog{}
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), Secrets: sdktest.Secrets{"token": "t0k"},
		HTTP: srv.Client(), Events: events, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	r := dispense(t, func() sdk.Plugin { return &svc{} })
	u, _ := url.Parse(srv.URL)
	cfg, _ := svcManifest.Config.Parse(nil)
	conn := sdk.Connection{ID: "c1", Config: cfg, Host: host}
	if err := r.Configure(context.Background(), conn, ConnectOptions{ExtraHosts: []string{u.Host}}); err != nil {
		t.Fatal(err)
	}
	check := func(action string, raw map[string]any, want map[string]any) {
		t.Helper()
		got, err := invokeSvc(t, r, action, raw)
		for k, v := range want {
			if err != nil || sprint(got[k]) != sprint(v) {
				t.Errorf("%s: %s = %v (err %v), want %v", action, k, got[k], err, v)
			}
		}
	}
	check("svc.kv", map[string]any{"key": "k"}, map[string]any{"got": "v1", "gone": true})
	check("svc.secret", map[string]any{"name": "token"}, map[string]any{"value": "t0k", "missing": false})
	check("svc.secret", map[string]any{"name": "nope"}, map[string]any{"missing": true})
	check("svc.fetch", map[string]any{"url": srv.URL}, map[string]any{"status": 200, "body": "PING", "echo": "1"})
	check("svc.emit", nil, nil)
	if got := events.Emitted(); len(got) != 1 || got[0].ID != "id-1" || sprint(got[0].Payload) != `{"n":1}` {
		t.Errorf("emitted %+v", got)
	}
	if !strings.Contains(logs.String(), `msg=emitting n=1 d=1s err=boom`) {
		t.Errorf("log line = %q", logs.String())
	}
	_, err := invokeSvc(t, r, "svc.fetch", map[string]any{"url": "http://elsewhere.test/"})
	if !errors.Is(err, sdk.ErrHostNotAllowed) {
		t.Errorf("fetching an undeclared host = %v, want ErrHostNotAllowed", err)
	}
}

func sprint(v any) string {
	if b, ok := v.(json.RawMessage); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// fixedClock is a host clock that is not the system's: its readings must
// cross to the host.
type fixedClock struct{ at time.Time }

func (c fixedClock) Now() time.Time                         { return c.at }
func (c fixedClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func TestHostClockHonouredWhateverItIs(t *testing.T) {
	y2k := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		clock sdk.Clock
		want  func(time.Time) bool
	}{
		{fixedClock{y2k}, func(got time.Time) bool { return got.Equal(y2k) }},
		{sdk.SystemClock(), func(got time.Time) bool { return time.Since(got).Abs() < time.Minute }},
	} {
		r := dispense(t, func() sdk.Plugin { return &svc{} })
		cfg, _ := svcManifest.Config.Parse(nil)
		conn := sdk.Connection{ID: "c1", Config: cfg, Host: sdk.Host{Clock: tc.clock, Log: slog.New(slog.DiscardHandler)}}
		if err := r.Configure(context.Background(), conn, ConnectOptions{}); err != nil {
			t.Fatal(err)
		}
		got, err := invokeSvc(t, r, "svc.clock", nil)
		if err != nil {
			t.Fatal(err)
		}
		ns, _ := strconv.ParseInt(sprint(got["before"]), 10, 64)
		if at := time.Unix(0, ns); !tc.want(at) {
			t.Errorf("host clock %T: the plugin read %v", tc.clock, at)
		}
	}
}
