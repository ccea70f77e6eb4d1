package grpchost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// ErrClosed is returned by calls on a closed Plugin. It is classed
// retryable: another host instance may serve the step.
var ErrClosed = errors.New("grpchost: plugin host closed")

// Plugin is one supervised plugin executable. It is safe for concurrent use.
type Plugin struct {
	opts         Options
	manifest     sdk.Manifest
	manifestJSON []byte
	egress       *http.Client

	// configMu serializes changes to the set of open connections with the
	// re-opening of that set in a restarted process, so no Open is lost
	// between the two.
	configMu sync.Mutex

	mu       sync.Mutex
	proc     *process      // nil while restarting
	ready    chan struct{} // closed when proc is set or the Plugin closes
	conns    map[string]*Connection
	closed   bool
	restarts int

	stop chan struct{} // closed by Close
	done chan struct{} // closed when the supervisor has stopped
}

// Start launches the plugin executable, validates its manifest and starts
// supervising it. ctx bounds the first start only.
func Start(ctx context.Context, opts Options) (*Plugin, error) {
	opts = opts.withDefaults()
	proc, m, err := startProcess(ctx, opts)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(m)
	hosts := append(slices.Clip(m.Permissions.Hosts), opts.ExtraHosts...)
	p := &Plugin{
		opts: opts, manifest: m, manifestJSON: b,
		egress: &http.Client{Transport: sdk.NewEgressGuard(hosts, opts.Transport)},
		proc:   proc, ready: make(chan struct{}), conns: map[string]*Connection{},
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	close(p.ready)
	go p.supervise(proc)
	return p, nil
}

// startProcess launches the executable and reads its manifest.
func startProcess(ctx context.Context, opts Options) (*process, sdk.Manifest, error) {
	proc, err := launch(opts)
	if err != nil {
		return nil, sdk.Manifest{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	m, err := proc.describe(ctx)
	if err != nil {
		proc.stop()
		return nil, sdk.Manifest{}, err
	}
	return proc, m, nil
}

// Manifest returns the plugin's validated manifest.
func (p *Plugin) Manifest() sdk.Manifest { return p.manifest }

// Restarts reports how many times the process has been restarted.
func (p *Plugin) Restarts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.restarts
}

// Serving reports whether a process is up to take calls now (not
// restarting, not closed): what an instance announces to the others.
func (p *Plugin) Serving() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.proc != nil && !p.closed
}

// Health checks that the process answers, waiting for a restarting one.
func (p *Plugin) Health(ctx context.Context) error {
	proc, err := p.current(ctx)
	if err != nil {
		return err
	}
	_, err = proc.remote.Health(ctx)
	return err
}

// Kill kills the process as a crash would; the supervisor restarts it. It
// is for tests and for an operator's "restart plugin" command.
func (p *Plugin) Kill() {
	p.mu.Lock()
	proc := p.proc
	p.mu.Unlock()
	if proc != nil {
		p.markDown(proc)
		proc.crash()
	}
}

// Close cleans up every open connection, stops the process and the
// supervisor. Calls still running fail retryable.
func (p *Plugin) Close() error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.stop)
		if p.proc == nil {
			close(p.ready) // wake callers waiting for a restart
		}
	}
	p.mu.Unlock()
	<-p.done
	return nil
}

// CleanupClients kills every plugin process still running; defer it in
// main so a crashing host leaves no orphans.
func CleanupClients() { plugin.CleanupClients() }

// ErrNotDelivered marks a call that never reached the plugin process: it
// was restarting, or the connection is not open in it. Such a call may be
// tried on another instance at once; one that reached a process that then
// died may have had its effect (a message sent), and is not marked.
var ErrNotDelivered = errors.New("grpchost: call not delivered to the plugin")

// notDelivered marks err as ErrNotDelivered without changing its message.
type notDelivered struct{ error }

func (e notDelivered) Unwrap() error      { return e.error }
func (notDelivered) Is(target error) bool { return target == ErrNotDelivered }

// current returns the running process, waiting up to Options.ReadyTimeout
// for a restart.
func (p *Plugin) current(ctx context.Context) (*process, error) {
	timeout := time.NewTimer(p.opts.ReadyTimeout)
	defer timeout.Stop()
	for {
		p.mu.Lock()
		proc, ready, closed := p.proc, p.ready, p.closed
		p.mu.Unlock()
		switch {
		case closed:
			return nil, sdk.Retryable(ErrClosed, 0)
		case proc != nil:
			return proc, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, sdk.Retryable(fmt.Errorf("grpchost: waiting for plugin %q to restart: %w", p.manifest.ID, ctx.Err()), 0)
		case <-timeout.C:
			err := fmt.Errorf("grpchost: plugin %q is restarting: %w", p.manifest.ID, grpcplugin.ErrUnreachable)
			return nil, sdk.Retryable(notDelivered{err}, p.opts.MinBackoff)
		}
	}
}
