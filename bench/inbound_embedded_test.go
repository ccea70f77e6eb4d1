package bench

import (
	"bufio"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkInboundWebhooksEmbedded is BenchmarkInboundWebhooks on the
// default deployment (`make run`): the bus is the NATS server embedded in
// `masteria serve`, so its CPU is counted in the server's. Nothing outside
// the process can subscribe to it, so the clock stops when the server's
// relay has had every event of the run acknowledged by JetStream
// (masteria_outbox_published_total): each webhook's message.received, and
// the contact.created and conversation.created of each of the 2,000
// senders' first message. Then it waits for the flow router to finish
// the burst (masteria_bus_consumer_backlog) before reading the CPU spent,
// and reports how long that took as router-lag-s.
func BenchmarkInboundWebhooksEmbedded(b *testing.B) {
	for _, clients := range clientCounts {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) { inboundWebhooksEmbedded(b, clients) })
	}
}

func inboundWebhooksEmbedded(b *testing.B, clients int) {
	srv := startEmbedded(b)
	defer stop(b, srv.cmd)
	cmd, base, hook := srv.cmd, srv.base, srv.hook
	hooks := signedWebhooks(b.N, benchSecret)
	events := float64(b.N + 2*min(b.N, 2000))
	want := metric(b, base, "masteria_outbox_published_total") + events
	self0, cpu0 := selfCPU(), cpuSeconds(b, cmd.Process.Pid)
	reads0, writes0 := ioCalls(b, cmd.Process.Pid)
	b.ResetTimer()
	start := time.Now()
	took := hooks.post(b, base+hook, clients)
	waitFor(b, base, "masteria_outbox_published_total", func(v float64) bool { return v >= want })
	elapsed := time.Since(start)
	b.StopTimer()
	client := selfCPU() - self0
	waitFor(b, base, `masteria_bus_consumer_backlog{consumer="engine-triggers"}`, func(v float64) bool { return v == 0 })
	routerLag := time.Since(start) - elapsed
	cpu := cpuSeconds(b, cmd.Process.Pid) - cpu0
	reads, writes := ioCalls(b, cmd.Process.Pid)
	reportWebhooks(b, elapsed, cpu, client, took)
	b.ReportMetric((reads-reads0)/float64(b.N), "reads/webhook")
	b.ReportMetric((writes-writes0)/float64(b.N), "writes/webhook")
	b.ReportMetric(routerLag.Seconds(), "router-lag-s")
}

// benchSecret is the app secret of the benchmarks' WhatsApp connection.
const benchSecret = "bench-app-secret"

// embedded is `masteria serve` on its defaults (SQLite, the embedded bus)
// in a new data folder, with a tenant and a whatsapp-cloud connection.
type embedded struct {
	cmd              *exec.Cmd
	data, base, hook string
	tenant           tenantKey
}

func startEmbedded(b *testing.B) embedded {
	bin, data := binary(b), b.TempDir()
	tenant := createTenant(b, bin, data)
	cmd, addr := startWith(b, bin, data)
	base := "http://" + addr
	return embedded{cmd: cmd, data: data, base: base, hook: connectWhatsApp(b, base, tenant.APIKey, benchSecret), tenant: tenant}
}

// waitFor polls the server's metric until done says so, for up to 5
// minutes.
func waitFor(b *testing.B, base, name string, done func(float64) bool) {
	for begin := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		v := metric(b, base, name)
		if done(v) {
			return
		}
		if time.Since(begin) > 5*time.Minute {
			b.Fatalf("%s still %v after 5 minutes", name, v)
		}
	}
}

// metric reads one sample (name with its labels) from /metrics.
func metric(b *testing.B, base, name string) float64 {
	res, err := http.Get(base + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	lines := bufio.NewScanner(res.Body)
	for lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), name+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatalf("no %s in /metrics", name)
	return 0
}
