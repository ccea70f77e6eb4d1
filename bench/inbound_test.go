package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/valyala/fasthttp"
)

// clientCounts are the numbers of concurrent connections the webhooks are
// posted on. The inbox commits the webhooks that wait together (group
// commit), so the server's rate grows with the number in flight until the
// cores are busy: 64 leave them partly idle, 256 (Meta's webhook delivery
// is that concurrent at this volume) keep them busy. See bench/RESULTS.md.
var clientCounts = []int{64, 256}

// BenchmarkInboundWebhooks: signed WhatsApp Cloud API webhooks (one text
// message each, from 2,000 senders) posted on 64 and on 256 concurrent
// connections to
// `masteria serve` on SQLite, with the shipped whatsapp-cloud plugin in its
// subprocess. Each is verified (X-Hub-Signature-256), normalized by the
// plugin, persisted by the inbox (contact, conversation, message, outbox
// event) and answered; the clock stops when every message.received event
// has reached NATS (the external server on 127.0.0.1:4222, subscribed
// before the first post). It reports webhooks/s, the CPU seconds the
// server and its plugin spent per 1,000 webhooks, and those the NATS
// server and this load generator spent beside them on the same cores.
func BenchmarkInboundWebhooks(b *testing.B) {
	for _, clients := range clientCounts {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) { inboundWebhooks(b, clients) })
	}
}

func inboundWebhooks(b *testing.B, clients int) {
	natsURL := os.Getenv("MASTERIA_BENCH_NATS")
	if natsURL == "" {
		natsURL = nats.DefaultURL
	}
	nc, err := nats.Connect(natsURL)
	if err != nil {
		b.Skipf("needs NATS at %s (scripts/services.sh starts it): %v", natsURL, err)
	}
	defer nc.Close()
	freshEvents(b, nc)

	bin, data := binary(b), b.TempDir()
	tenant := createTenant(b, bin, data)
	cmd, addr := startWith(b, bin, data, "MASTERIA_BUS_URL="+natsURL)
	defer stop(b, cmd)
	base := "http://" + addr

	const secret = "bench-app-secret"
	hook := connectWhatsApp(b, base, tenant.APIKey, secret)

	var published atomic.Int64
	all := make(chan struct{})
	sub, err := nc.Subscribe("masteria.evt."+tenant.TenantID+".message.received", func(*nats.Msg) {
		if published.Add(1) == int64(b.N) {
			close(all)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Unsubscribe()
	_ = nc.Flush()

	hooks := signedWebhooks(b.N, secret)
	nats0, self0 := natsServerCPU(), selfCPU()
	cpu0 := cpuSeconds(b, cmd.Process.Pid)
	b.ResetTimer()
	start := time.Now()
	took := hooks.post(b, base+hook, clients)
	select {
	case <-all:
	case <-time.After(60 * time.Second):
		b.Fatalf("only %d of %d message.received events reached NATS", published.Load(), b.N)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	client := selfCPU() - self0
	routerLag := drained(b, nc, "engine-triggers")
	cpu, natsCPU := cpuSeconds(b, cmd.Process.Pid)-cpu0, natsServerCPU()-nats0
	reportWebhooks(b, elapsed, cpu, client, took)
	b.ReportMetric(natsCPU/float64(b.N)*1000, "nats-cpu-s/1k")
	b.ReportMetric(routerLag.Seconds(), "router-lag-s")
}

// reportWebhooks reports a burst's rate, the server's and the load
// generator's CPU per 1,000 webhooks, and the response times' p50 and p99.
func reportWebhooks(b *testing.B, elapsed time.Duration, cpu, client float64, took []time.Duration) {
	slices.Sort(took)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "webhooks/s")
	b.ReportMetric(cpu/float64(b.N)*1000, "cpu-s/1k")
	b.ReportMetric(client/float64(b.N)*1000, "client-cpu-s/1k")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// webhooks are one-message Meta webhooks and their X-Hub-Signature-256.
type webhooks struct {
	bodies [][]byte
	sigs   []string
}

func signedWebhooks(n int, secret string) webhooks { return signedBodies(n, secret, waText) }

// signedBodies signs body(i) for i below n.
func signedBodies(n int, secret string, body func(int) []byte) webhooks {
	w := webhooks{bodies: make([][]byte, n), sigs: make([]string, n)}
	for i := range n {
		w.bodies[i] = body(i)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(w.bodies[i])
		w.sigs[i] = "sha256=" + hex.EncodeToString(mac.Sum(nil))
	}
	return w
}

// post sends every webhook to url on that many concurrent keep-alive
// connections, one request in flight on each, and returns each one's
// response time. The load generator shares these two cores with what it
// measures, so it writes each request as bytes made before the clock
// starts and parses only the responses (with fasthttp): net/http's client
// spent ~50 µs of CPU per request, fasthttp's ~20, this ~8.
func (w webhooks) post(b *testing.B, url string, clients int) []time.Duration {
	u, err := neturl.Parse(url)
	if err != nil {
		b.Fatal(err)
	}
	reqs := make([][]byte, len(w.bodies))
	for i, body := range w.bodies {
		reqs[i] = fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
			"X-Hub-Signature-256: %s\r\nContent-Length: %d\r\n\r\n%s", u.RequestURI(), u.Host, w.sigs[i], len(body), body)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	n := int64(len(reqs))
	took := make([]time.Duration, n)
	for range clients {
		wg.Go(func() {
			conn, err := net.Dial("tcp", u.Host)
			if err != nil {
				b.Error(err)
				return
			}
			defer conn.Close()
			in := bufio.NewReader(conn)
			res := fasthttp.AcquireResponse()
			defer fasthttp.ReleaseResponse(res)
			for i := next.Add(1) - 1; i < n; i = next.Add(1) - 1 {
				t0 := time.Now()
				if _, err := conn.Write(reqs[i]); err != nil {
					b.Error(err)
					return
				}
				if err := res.Read(in); err != nil {
					b.Error(err)
					return
				}
				took[i] = time.Since(t0)
				if res.StatusCode() != 200 || res.ConnectionClose() {
					b.Errorf("webhook %d: HTTP %d (connection close: %v)", i, res.StatusCode(), res.ConnectionClose())
					return
				}
			}
		})
	}
	wg.Wait()
	return took
}

// freshEvents deletes the event stream (and its consumers) that earlier
// runs left on the external NATS, so the server starts as a new
// deployment: a durable consumer's backlog of old events would otherwise
// be worked through during the measurement. The server recreates it.
func freshEvents(b *testing.B, nc *nats.Conn) {
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	if err := js.DeleteStream(context.Background(), "MASTERIA_EVENTS"); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		b.Fatal(err)
	}
}

// drained waits until the durable consumer has handled every event in the
// stream and returns how long that took: for the flow router, how far
// behind the burst a flow's first step ran.
func drained(b *testing.B, nc *nats.Conn, consumer string) time.Duration {
	js, err := jetstream.New(nc)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	for time.Since(start) < 5*time.Minute {
		c, err := js.Consumer(ctx, "MASTERIA_EVENTS", consumer)
		if err != nil {
			b.Fatal(err)
		}
		info, err := c.Info(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if info.NumPending == 0 && info.NumAckPending == 0 {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.Fatalf("%s still behind after 5 minutes", consumer)
	return 0
}

// waText is a Meta webhook carrying one text message.
func waText(i int) []byte {
	from := fmt.Sprintf("55119%08d", 80000000+i%2000)
	return fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"100000000000001","changes":[{"value":`+
		`{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511900000000","phone_number_id":"200000000000001"},`+
		`"contacts":[{"profile":{"name":"Cliente %d"},"wa_id":"%s"}],"messages":[{"from":"%s","id":"wamid.bench%09d",`+
		`"timestamp":"%d","text":{"body":"Olá, quero um orçamento"},"type":"text"}]},"field":"messages"}]}]}`,
		i%2000, from, from, i, time.Now().Unix())
}

type tenantKey struct {
	TenantID string `json:"tenant_id"`
	APIKey   string `json:"api_key"`
}

func createTenant(b *testing.B, bin, data string) tenantKey {
	out, err := exec.Command(bin, "tenant", "create", "--data", data, "--name", "Bench",
		"--email", "bench@masteria.local", "--password", "bench-password-1").Output()
	if err != nil {
		b.Fatalf("tenant create: %v", err)
	}
	var k tenantKey
	if err := json.Unmarshal(out, &k); err != nil || k.APIKey == "" {
		b.Fatalf("tenant create printed %s: %v", out, err)
	}
	return k
}

// connectWhatsApp creates a whatsapp-cloud connection and returns its
// webhook path.
func connectWhatsApp(b *testing.B, base, apiKey, secret string) string {
	body, _ := json.Marshal(map[string]any{"plugin_id": "whatsapp-cloud", "name": "WhatsApp bench", "config": map[string]any{
		"phone_number_id": "200000000000001", "waba_id": "100000000000001", "access_token": "bench-token",
		"app_secret": secret, "verify_token": "bench-verify"}})
	req, _ := http.NewRequest("POST", base+"/api/v1/connections", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+apiKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	var conn struct {
		WebhookPath string `json:"webhook_path"`
	}
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 201 && res.StatusCode != 200 || json.Unmarshal(raw, &conn) != nil || conn.WebhookPath == "" {
		b.Fatalf("create connection: HTTP %d %s", res.StatusCode, raw)
	}
	return conn.WebhookPath
}

// startWith runs `masteria serve` with extra environment and waits for it.
func startWith(b *testing.B, bin, data string, env ...string) (*exec.Cmd, string) {
	addr := freeAddr(b)
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	cmd.Env = append(append(os.Environ(), "MASTERIA_LOG_LEVEL=warn"), env...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Timeout: time.Second}
	for begin := time.Now(); time.Since(begin) < 30*time.Second; time.Sleep(5 * time.Millisecond) {
		if res, err := client.Get("http://" + addr + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, addr
			}
		}
	}
	_ = cmd.Process.Kill()
	b.Fatal("no healthy /health within 30s")
	return nil, ""
}

// cpuSeconds is the user+system CPU time of the processes in the process
// group led by pid (the server and its plugin subprocesses), from /proc.
func cpuSeconds(b *testing.B, pid int) float64 { return procCPU(b, pid, 2) }

// childrenCPU is the CPU time of pid's child processes.
func childrenCPU(b *testing.B, pid int) float64 { return procCPU(b, pid, 1) }

// selfCPU is this process's user+system CPU time.
func selfCPU() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// procCPU sums utime+stime of the processes whose stat field (1 ppid,
// 2 pgrp, counted after the state) is pid.
func procCPU(b *testing.B, pid, field int) float64 {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		b.Skip("no /proc")
	}
	return cpuWhere(func(_ string, f []string) bool { return f[field] == fmt.Sprint(pid) })
}

// natsServerCPU is the CPU time of the local nats-server processes (0 when
// there are none, as when the bus is elsewhere): the bus's share of the
// two cores, reported beside the server's.
func natsServerCPU() float64 {
	return cpuWhere(func(comm string, _ []string) bool { return comm == "nats-server" })
}

// cpuWhere sums utime+stime, in seconds, of the processes for which keep
// holds, given the command name and the /proc stat fields after it (state
// ppid pgrp … utime(11) stime(12), counted from 0).
func cpuWhere(keep func(comm string, fields []string) bool) float64 {
	entries, _ := os.ReadDir("/proc")
	var ticks float64
	for _, e := range entries {
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closing < open || closing+2 > len(s) {
			continue
		}
		f := strings.Fields(s[closing+2:])
		if len(f) < 13 || !keep(s[open+1:closing], f) {
			continue
		}
		var ut, st float64
		fmt.Sscan(f[11], &ut)
		fmt.Sscan(f[12], &st)
		ticks += ut + st
	}
	return ticks / 100 // USER_HZ
}

// ioCalls is the number of read- and write-type system calls (syscr,
// syscw in /proc/PID/io) the process pid has made: a count that moves
// much less from run to run than CPU time on a shared machine, for
// telling a change's effect on the store's and the sockets' I/O.
func ioCalls(b *testing.B, pid int) (reads, writes float64) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		name, v, ok := strings.Cut(line, ": ")
		n, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
		switch {
		case !ok:
		case name == "syscr":
			reads = n
		case name == "syscw":
			writes = n
		}
	}
	return reads, writes
}
