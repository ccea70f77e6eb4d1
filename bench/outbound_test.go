package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// BenchmarkOutboundSends: text messages sent by 64 concurrent callers
// through the shipped whatsapp-cloud plugin in its own process (started
// from the binary, as `masteria serve` starts it: gRPC, AutoMTLS, host KV
// over the broker) to the Graph API simulator over loopback HTTP. One
// connection per phone number, as a campaign spread over 8 numbers would
// run: the plugin paces each number at its configured maximum (1,000
// msg/s), so the figure includes that pacing; the simulator's own limits
// are lifted. Reports sends/s and the CPU seconds per 1,000 sends of the
// plugin process and of this process (host side and simulator).
func BenchmarkOutboundSends(b *testing.B) {
	const numbers, users = 8, 2000
	cfg := sim.DefaultConfig()
	acct := &cfg.Accounts[0]
	acct.MessagingLimit = sim.TierUnlimited
	acct.PhoneNumbers = nil
	for i := range numbers {
		acct.PhoneNumbers = append(acct.PhoneNumbers, sim.PhoneNumber{ID: fmt.Sprint(300000000000000 + i),
			DisplayPhoneNumber: fmt.Sprint(551130000000 + i), VerifiedName: "Bench", Throughput: sim.Unlimited})
	}
	cfg.PairRate = sim.PairRate{Burst: 1 << 30, Every: time.Hour}
	cfg.Progression = sim.Progression{Sent: sim.Never, Delivered: sim.Never, Read: sim.Never, Reply: sim.Never}
	cfg.MaxMessages = 1000
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)

	ctx := context.Background()
	p, err := grpchost.Start(ctx, grpchost.Options{Command: grpchost.Executable(binary(b), "plugin", "serve", "whatsapp-cloud"),
		ExtraHosts: []string{u.Host}, Log: sdktest.NewLogger(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()

	until := []byte(strconv.FormatInt(time.Now().Add(24*time.Hour).Unix(), 10))
	conns := make([]*grpchost.Connection, numbers)
	for i := range conns {
		kv := sdktest.NewMemoryKV(sdk.SystemClock())
		for r := range users {
			_ = kv.Set(ctx, "win:"+strconv.Itoa(5511900000000+r), until, 0) // the customers wrote today
		}
		c, err := p.Manifest().Config.Parse(map[string]any{
			"phone_number_id": fmt.Sprint(300000000000000 + i), "waba_id": sim.DemoWABAID,
			"access_token": sim.DemoAccessToken, "app_secret": sim.DemoAppSecret, "verify_token": sim.DemoVerifyToken,
			"graph_base_url": srv.URL, "throughput": 1000})
		if err != nil {
			b.Fatal(err)
		}
		host := sdk.Host{KV: kv, Clock: sdk.SystemClock(), Log: sdktest.NewLogger(b)}
		if conns[i], err = p.Open(ctx, sdk.Connection{ID: fmt.Sprint("bench-", i), Config: c, Host: host}); err != nil {
			b.Fatal(err)
		}
	}
	pluginCPU0, selfCPU0 := childrenCPU(b, os.Getpid()), selfCPU()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				to := "+" + strconv.Itoa(5511900000000+int(i/numbers)%users)
				if _, err := conns[i%numbers].Send(ctx, sdk.OutboundMessage{To: to, Kind: sdk.KindText, Text: "Olá! Seu pedido saiu para entrega."}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "sends/s")
	b.ReportMetric((childrenCPU(b, os.Getpid())-pluginCPU0)/float64(b.N)*1000, "plugin-cpu-s/1k")
	b.ReportMetric((selfCPU()-selfCPU0)/float64(b.N)*1000, "host+sim-cpu-s/1k")
}
