package whatsappcloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// handlerTransport serves requests with a handler in-process, without TCP.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// BenchmarkSend measures text sends per second through the plugin to the
// simulator, with the simulator's limits and the plugin's pacing lifted:
// window check (KV), request build, Graph call, answer decode. "http"
// goes over loopback TCP; "inproc" calls the simulator's handler directly,
// leaving mostly the plugin's own cost.
func BenchmarkSend(b *testing.B) {
	cfg := sim.DefaultConfig()
	cfg.Accounts[0].PhoneNumbers[0].Throughput = sim.Unlimited
	cfg.PairRate = sim.PairRate{Burst: 1 << 30, Every: time.Hour}
	cfg.Progression = sim.Progression{Sent: sim.Never, Delivered: sim.Never, Read: sim.Never, Reply: sim.Never}
	cfg.MaxMessages, cfg.Clock = 1000, sim.NewManualClock(t0)
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	transports := map[string]http.RoundTripper{
		"http":   &http.Transport{MaxIdleConnsPerHost: 64},
		"inproc": handlerTransport{s},
	}
	for _, name := range []string{"http", "inproc"} {
		b.Run(name, func(b *testing.B) { benchSend(b, srv.URL, transports[name]) })
	}
}

func benchSend(b *testing.B, base string, rt http.RoundTripper) {
	const users = 1000
	p := &simHosted{Plugin: &Plugin{}, hosts: []string{hostOf(base)}}
	kv := sdktest.NewMemoryKV(sdk.SystemClock())
	until := strconv.FormatInt(time.Now().Add(window).Unix(), 10)
	for i := range users {
		_ = kv.Set(context.Background(), windowKey(strconv.Itoa(5511900000000+i)), []byte(until), 0)
	}
	raw := simConfig(base)
	raw["throughput"] = MaxThroughput
	c, _ := p.Manifest().Config.Parse(raw)
	host := sdk.Host{KV: kv, HTTP: &http.Client{Transport: rt}, Clock: sdk.SystemClock()}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "bench", Config: c, Host: host}); err != nil {
		b.Fatal(err)
	}
	p.pace = newPacer(paceLimits{}) // lifted: measure the send path, not Meta's limits
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			to := "+" + strconv.Itoa(5511900000000+int(n.Add(1)%users))
			if _, err := p.Send(context.Background(), sdk.OutboundMessage{To: to, Kind: sdk.KindText, Text: "olá"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "sends/s")
}
