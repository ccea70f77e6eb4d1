// Package bench holds the benchmarks that measure the built binary from
// outside: cold start to a healthy /health, and idle memory. Run by
// `make bench` (scripts/bench.sh), which builds bin/masteria first.
package bench

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func binary(b *testing.B) string {
	bin := os.Getenv("MASTERIA_BIN")
	if bin == "" {
		bin = "../bin/masteria"
	}
	abs, _ := filepath.Abs(bin)
	if _, err := os.Stat(abs); err != nil {
		b.Fatalf("build the binary first (make build): %v", err)
	}
	return abs
}

func freeAddr(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs `masteria serve` on a data dir and waits for /health = 200.
func start(b *testing.B, bin, data string) (*exec.Cmd, time.Duration) {
	addr := freeAddr(b)
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	cmd.Env = append(os.Environ(), "MASTERIA_LOG_LEVEL=warn")
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Timeout: time.Second}
	for time.Since(begin) < 20*time.Second {
		if res, err := client.Get("http://" + addr + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, time.Since(begin)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	b.Fatal("no healthy /health within 20s")
	return nil, 0
}

func stop(b *testing.B, cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		b.Fatalf("serve did not exit cleanly on SIGTERM: %v", err)
	}
}

// BenchmarkColdStart: a fresh data directory each time (migrations, key
// file, JetStream store created), process start to the first 200.
func BenchmarkColdStart(b *testing.B) {
	bin := binary(b)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		cmd, d := start(b, bin, b.TempDir())
		total += d
		stop(b, cmd)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms_to_health")
}

// BenchmarkIdleMemory: resident memory after 5 s idle.
func BenchmarkIdleMemory(b *testing.B) {
	bin := binary(b)
	var rss float64
	for i := 0; i < b.N; i++ {
		cmd, _ := start(b, bin, b.TempDir())
		time.Sleep(5 * time.Second)
		rss += residentMB(b, cmd.Process.Pid)
		stop(b, cmd)
	}
	b.ReportMetric(rss/float64(b.N), "idle_rss_MB")
}

func residentMB(b *testing.B, pid int) float64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
