package campaigns

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestBenchCampaignChild is the campaign process the benchmark measures;
// it does nothing unless started by BenchmarkCampaign. It exits once the
// campaign's audience is all enqueued and nothing waits, printing when.
func TestBenchCampaignChild(t *testing.T) {
	dsn := os.Getenv("BENCH_DB")
	if dsn == "" {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var st store.Store
	var err error
	if strings.HasPrefix(dsn, "postgres") {
		st, err = sqlstore.OpenPostgres(ctx, dsn)
	} else {
		st, err = sqlstore.OpenSQLite(ctx, dsn)
	}
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, _ := os.Create(path)
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	// As serve wires it: each committed batch's sent messages go into the
	// contacts' inbox threads too.
	svc := &Service{Store: st, Sender: newGraphSender(os.Getenv("BENCH_SIM")), Log: quietLog(),
		Posted: inbox.CampaignSends{Inbox: inbox.New(st)}.Posted}
	go func() { _ = svc.Run(ctx) }()
	tenant, id := os.Getenv("BENCH_TENANT"), os.Getenv("BENCH_CAMPAIGN")
	for {
		time.Sleep(20 * time.Millisecond)
		c, err := st.GetCampaign(ctx, tenant, id)
		if err != nil || !c.Enqueued {
			continue
		}
		queued, _, err := st.ListSends(ctx, tenant, store.SendFilter{CampaignID: id, Status: store.SendQueued, Page: store.Page{Limit: 1}})
		if err == nil && len(queued) == 0 {
			fmt.Printf("DONE %d %d\n", time.Now().UnixNano(), peakRSS())
			return
		}
	}
}

// BenchmarkCampaign: a one-message campaign to every contact (100,000, and
// 10,000 to show memory does not grow with the audience) against the
// WhatsApp simulator with its limits lifted, the campaign process apart
// from the simulator so its CPU and memory are its own. Reports messages
// per second end to end (from start to the last send recorded, enqueueing
// included), the campaign process's CPU seconds and peak resident memory.
func BenchmarkCampaign(b *testing.B) {
	for _, tc := range []struct {
		driver string
		n      int
	}{{"sqlite", 100_000}, {"postgres", 100_000}, {"sqlite", 10_000}} {
		b.Run(fmt.Sprintf("%s/%dk", tc.driver, tc.n/1000), func(b *testing.B) { benchCampaign(b, tc.driver, tc.n) })
	}
}

func benchCampaign(b *testing.B, driver string, n int) {
	s, base := startWhatsApp(b, nil)
	dsn := filepath.Join(b.TempDir(), "bench.db")
	if driver == "postgres" {
		dsn = storetest.PostgresURL(b)
	}
	st, p := crashSeed(b, dsn, n)
	// The connection the sends go out on, whose threads get the messages.
	now := time.Now()
	if err := st.CreateConnection(context.Background(), store.Connection{ID: ids.New("con"), TenantID: p.TenantID,
		PluginID: "whatsapp-cloud", Name: "WhatsApp", Config: "{}", Status: "ok", CreatedAt: now, UpdatedAt: now}); err != nil {
		b.Fatal(err)
	}
	svc := &Service{Store: st, Log: quietLog()}
	var elapsed, cpu time.Duration
	var rss int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := svc.Create(context.Background(), p, Input{Name: fmt.Sprint("bench-", i), Channel: "whatsapp",
			Spec: Spec{Message: &Message{Template: &Template{Name: "pedido_confirmado", Language: "pt_BR",
				Variables: map[string]string{"1": "{{ contact.first_name }}", "2": "{{ contact.id }}"}}}, Pacing: unlimited}})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := svc.Start(context.Background(), p, c.ID); err != nil {
			b.Fatal(err)
		}
		done, peak, usage := runBenchChild(b, dsn, base, p.TenantID, c.ID)
		elapsed += done.Sub(start)
		cpu += time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
		rss = max(rss, peak)
	}
	b.StopTimer()
	total := float64(n * b.N)
	if got := len(s.Messages(simFilterAll)); got != n*b.N {
		b.Fatalf("the provider got %d messages, want %d", got, n*b.N)
	}
	if convs, _, err := st.ListConversations(context.Background(), p.TenantID, store.ConversationFilter{Page: store.Page{Limit: 1}}); err != nil || len(convs) == 0 {
		b.Fatalf("no inbox thread holds the campaign's messages: %v", err)
	}
	b.ReportMetric(total/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(cpu.Microseconds())/total, "cpu-µs/msg")
	b.ReportMetric(float64(rss)/1024, "peak-rss-MB")
}

// peakRSS is this process's peak resident memory in kB (VmHWM). The
// rusage of a waited child would not do: Linux folds the parent's
// resident size at fork into the child's ru_maxrss.
func peakRSS() int64 {
	raw, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// runBenchChild runs the campaign process to the end and returns when it
// saw the last send recorded, and its resource usage.
func runBenchChild(b *testing.B, dsn, simURL, tenant, id string) (time.Time, int64, *syscall.Rusage) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchCampaignChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "BENCH_DB="+dsn, "BENCH_SIM="+simURL, "BENCH_TENANT="+tenant, "BENCH_CAMPAIGN="+id)
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var done time.Time
	var rss int64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "DONE "); ok {
			var ns int64
			_, _ = fmt.Sscan(v, &ns, &rss)
			done = time.Unix(0, ns)
		}
	}
	if err := cmd.Wait(); err != nil || done.IsZero() {
		b.Fatalf("campaign process: %v", err)
	}
	return done, rss, cmd.ProcessState.SysUsage().(*syscall.Rusage)
}
