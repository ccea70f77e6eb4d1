package grpchost

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Options configure one plugin executable.
type Options struct {
	// Command returns the command starting the plugin. It is called for
	// every start, since an exec.Cmd runs once; see [Executable].
	Command func() *exec.Cmd
	// ExtraHosts are egress hosts the operator allows beyond the manifest's
	// permissions.hosts, in the same pattern syntax: a simulator's
	// "127.0.0.1:9100", a self-hosted "chat.example.com".
	ExtraHosts []string
	// Transport carries the plugin's HTTP egress, under the egress guard;
	// http.DefaultTransport when nil.
	Transport http.RoundTripper
	// Log receives the supervisor's events (crashes, restarts); nothing is
	// logged when nil.
	Log *slog.Logger
	// Stderr receives the plugin process's stderr; os.Stderr when nil.
	Stderr io.Writer
	// StartTimeout bounds a start, handshake and Describe; 10s when zero.
	StartTimeout time.Duration
	// HealthInterval is the time between health checks; 5s when zero.
	HealthInterval time.Duration
	// HealthTimeout bounds one health check; 2s when zero. A process
	// failing two checks in a row is killed and restarted.
	HealthTimeout time.Duration
	// MinBackoff is the delay before the first restart, doubled after each
	// failure up to MaxBackoff; 100ms and 30s when zero. A process that
	// stayed up for MaxBackoff resets the doubling.
	MinBackoff, MaxBackoff time.Duration
	// ReadyTimeout is how long a call waits for a restarting plugin before
	// failing retryable; 10s when zero.
	ReadyTimeout time.Duration
	// ReopenRetry is how long a connection the plugin refused to re-open
	// after a restart fails its calls before a call tries to open it
	// again; 30s when zero.
	ReopenRetry time.Duration
	// Procs is the plugin process's GOMAXPROCS; zero means half the
	// machine's CPUs, at least one. A GOMAXPROCS already in the command's
	// environment wins. Host and plugins share the cores, and a plugin
	// allowed as many threads as the host wakes another thread for nearly
	// every call it serves: on 2 cores one P cut a call from ~100 to ~70 µs.
	Procs int
	// GRPCOnly keeps Invoke, Send and HandleWebhook on gRPC instead of the
	// call lane (grpcplugin.Remote.OpenLane); for comparisons.
	GRPCOnly bool
}

// withProcs sets GOMAXPROCS for the plugin process (see Options.Procs).
func (o Options) withProcs(cmd *exec.Cmd) {
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOMAXPROCS=") {
			return
		}
	}
	n := o.Procs
	if n <= 0 {
		n = max(1, runtime.NumCPU()/2)
	}
	cmd.Env = append(env, "GOMAXPROCS="+strconv.Itoa(n))
}

// healthFailures is how many failed health checks in a row get a process
// restarted.
const healthFailures = 2

// Executable returns an Options.Command running path with args.
func Executable(path string, args ...string) func() *exec.Cmd {
	return func() *exec.Cmd { return exec.Command(path, args...) }
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.StartTimeout, 10*time.Second)
	def(&o.HealthInterval, 5*time.Second)
	def(&o.HealthTimeout, 2*time.Second)
	def(&o.MinBackoff, 100*time.Millisecond)
	def(&o.MaxBackoff, 30*time.Second)
	def(&o.ReadyTimeout, 10*time.Second)
	def(&o.ReopenRetry, 30*time.Second)
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	return o
}

// backoff is the delay before restart attempt n (0-based).
func (o Options) backoff(n int) time.Duration {
	d := o.MinBackoff
	for range n {
		if d >= o.MaxBackoff/2 {
			return o.MaxBackoff
		}
		d *= 2
	}
	return min(d, o.MaxBackoff)
}
