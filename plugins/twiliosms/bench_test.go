package twiliosms

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
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

// BenchmarkSend measures SMS sends per second through the plugin (opt-out
// check in KV, twilio-go request, answer decode) to the simulator, with the
// plugin's pacing lifted and a short code (100 segments/s) queueing in the
// simulator. "http" goes over loopback TCP; "inproc" calls the
// simulator's handler directly.
func BenchmarkSend(b *testing.B) {
	cfg := sim.DefaultConfig()
	cfg.Accounts[0].PhoneNumbers[1].MPS = 1e9 // the short code: queueing never refuses
	cfg.MaxMessages, cfg.Clock = 1000, sim.NewManualClock(t0)
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	for name, rt := range map[string]http.RoundTripper{
		"http": &http.Transport{MaxIdleConnsPerHost: 64}, "inproc": handlerTransport{s},
	} {
		b.Run(name, func(b *testing.B) { benchSend(b, srv.URL, rt) })
	}
}

func benchSend(b *testing.B, base string, rt http.RoundTripper) {
	p := &simHosted{Plugin: &Plugin{}, hosts: []string{hostOf(base)}}
	raw := simConfig(base, "https://app.example.com")
	raw["from"] = sim.DemoShortCode
	c, _ := p.Manifest().Config.Parse(raw)
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), HTTP: &http.Client{Transport: rt}, Clock: sdk.SystemClock()}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "bench", Config: c, Host: host}); err != nil {
		b.Fatal(err)
	}
	p.pace = newPacer(0, 0) // lifted: measure the send path
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			to := "+" + strconv.Itoa(5511900000000+int(n.Add(1)%1000))
			if _, err := p.Send(context.Background(), sdk.OutboundMessage{To: to, Kind: sdk.KindText, Text: "Seu código é 1234"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "sends/s")
}
