package grpchost

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/masteria/masteria/sdk/grpcplugin"
)

// supervise watches the running process and restarts it whenever it ends,
// until Close.
func (p *Plugin) supervise(proc *process) {
	defer close(p.done)
	failures := 0
	for {
		started := time.Now()
		reason := p.watch(proc)
		p.markDown(proc)
		if reason == "" { // closing
			p.shutdown(proc)
			return
		}
		proc.stop()
		if time.Since(started) >= p.opts.MaxBackoff {
			failures = 0
		}
		p.opts.Log.Warn("plugin process ended; restarting", "plugin", p.manifest.ID,
			"reason", reason, "status", proc.exitStatus(), "backoff", p.opts.backoff(failures))
		if proc = p.restart(&failures); proc == nil {
			return
		}
		p.opts.Log.Info("plugin process restarted", "plugin", p.manifest.ID, "restarts", p.Restarts())
	}
}

// watch returns why proc must be replaced, or "" when the Plugin closes.
func (p *Plugin) watch(proc *process) string {
	tick := time.NewTicker(p.opts.HealthInterval)
	defer tick.Stop()
	failed := 0
	for {
		select {
		case <-p.stop:
			return ""
		case <-proc.remote.Done():
			return "exited"
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), p.opts.HealthTimeout)
			_, err := proc.remote.Health(ctx)
			cancel()
			if err == nil {
				failed = 0
				continue
			}
			if failed++; failed >= healthFailures {
				proc.crash()
				return "unhealthy: " + err.Error()
			}
		}
	}
}

// restart launches a new process with backoff and re-opens every open
// connection in it. It returns nil if the Plugin closes meanwhile.
func (p *Plugin) restart(failures *int) *process {
	for {
		select {
		case <-p.stop:
			return nil
		case <-time.After(p.opts.backoff(*failures)):
		}
		proc, err := p.relaunch()
		if err == nil {
			err = p.bringUp(proc)
		}
		switch {
		case err == nil:
			return proc
		case errors.Is(err, errClosing):
			return nil
		}
		*failures++
		p.opts.Log.Error("plugin restart failed", "plugin", p.manifest.ID, "err", err,
			"retry_in", p.opts.backoff(*failures))
	}
}

// relaunch starts the executable again; it must describe itself as before.
func (p *Plugin) relaunch() (*process, error) {
	proc, m, err := startProcess(context.Background(), p.opts)
	if err != nil {
		return nil, err
	}
	if b, _ := json.Marshal(m); !bytes.Equal(b, p.manifestJSON) {
		proc.stop()
		return nil, fmt.Errorf("grpchost: plugin %q changed its manifest on restart; start it anew to upgrade", p.manifest.ID)
	}
	return proc, nil
}

// errClosing stops a restart when the Plugin closes meanwhile.
var errClosing = errors.New("grpchost: closing")

// bringUp re-opens the open connections in proc and makes it current.
func (p *Plugin) bringUp(proc *process) error {
	p.configMu.Lock()
	defer p.configMu.Unlock()
	if err := p.reopen(proc); err != nil {
		proc.stop()
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		proc.stop()
		return errClosing
	}
	p.proc = proc
	p.restarts++
	close(p.ready)
	return nil
}

// reopen configures every open connection in proc. A connection the plugin
// now refuses keeps its error for its calls, until a call ReopenRetry
// later tries again (Connection.process); a process that fails under the
// calls fails the restart.
func (p *Plugin) reopen(proc *process) error {
	for _, c := range p.openConns() {
		ctx, cancel := context.WithTimeout(context.Background(), p.opts.StartTimeout)
		err := proc.remote.Configure(ctx, c.conn, p.connectOptions())
		cancel()
		if errors.Is(err, grpcplugin.ErrUnreachable) {
			return err
		}
		if err != nil {
			p.opts.Log.Error("re-opening connection after restart", "plugin", p.manifest.ID, "connection", c.conn.ID, "err", err)
		}
		c.setErr(err)
	}
	return nil
}

// markDown marks proc gone, if it is still current, so calls wait for the
// next one. While no process is current and the Plugin is open, ready is
// an open channel.
func (p *Plugin) markDown(proc *process) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.proc != proc {
		return
	}
	p.proc = nil
	if !p.closed {
		p.ready = make(chan struct{})
	}
}

// lost is called when a call on proc found it unreachable. The process may
// have died before go-plugin noticed; if it fails a health check, it is
// killed and marked down at once, so the next call waits for the restart
// instead of failing on the dead process too.
func (p *Plugin) lost(proc *process) {
	ctx, cancel := context.WithTimeout(context.Background(), p.opts.HealthTimeout)
	_, err := proc.remote.Health(ctx)
	cancel()
	if err == nil {
		return
	}
	p.markDown(proc)
	proc.crash()
}

// shutdown cleans up every connection, then stops the process.
func (p *Plugin) shutdown(proc *process) {
	p.configMu.Lock()
	defer p.configMu.Unlock()
	for _, c := range p.openConns() {
		ctx, cancel := context.WithTimeout(context.Background(), p.opts.HealthTimeout)
		if err := proc.remote.Cleanup(ctx, c.conn.ID); err != nil {
			p.opts.Log.Warn("cleaning up connection", "plugin", p.manifest.ID, "connection", c.conn.ID, "err", err)
		}
		cancel()
	}
	proc.stop()
}
