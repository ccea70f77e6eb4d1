package grpchost

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// ErrConnectionClosed is returned by calls on a closed Connection.
var ErrConnectionClosed = errors.New("grpchost: connection closed")

// Connection is one connection open in the plugin process. It survives
// restarts of the process: the supervisor opens it again in the new one.
type Connection struct {
	p    *Plugin
	conn sdk.Connection // with the served host services

	mu     sync.Mutex
	err    error     // why re-opening after a restart failed
	errAt  time.Time // when
	closed bool
}

// Open opens conn in the plugin process: Provision, Validate and Start run
// there, with conn.Host served back to it as limited by the manifest (see
// the package documentation). A nil conn.Config reads as an empty config.
// Each connection ID may be open once.
func (p *Plugin) Open(ctx context.Context, conn sdk.Connection) (*Connection, error) {
	conn, err := p.prepare(conn)
	if err != nil {
		return nil, err
	}
	c := &Connection{p: p, conn: conn}
	for {
		proc, err := p.current(ctx)
		if err != nil {
			return nil, err
		}
		err = p.openIn(ctx, proc, c)
		switch {
		case err == nil:
			return c, nil
		case !errors.Is(err, grpcplugin.ErrUnreachable):
			return nil, err
		}
		// The process died under the call. Configure is idempotent, so
		// try again in the restarted one.
		p.lost(proc)
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(retryPause):
		}
	}
}

// retryPause spaces the attempts of Open while the process restarts.
const retryPause = 10 * time.Millisecond

func (p *Plugin) prepare(conn sdk.Connection) (sdk.Connection, error) {
	if conn.Config == nil {
		cfg, err := p.manifest.Config.Parse(nil)
		if err != nil {
			return conn, sdk.Permanent(fmt.Errorf("config: %w", err), "")
		}
		conn.Config = cfg
	}
	conn.Host = p.served(conn.Host)
	return conn, nil
}

// openIn configures c in proc and records it, unless proc has been
// replaced meanwhile.
func (p *Plugin) openIn(ctx context.Context, proc *process, c *Connection) error {
	p.configMu.Lock()
	defer p.configMu.Unlock()
	p.mu.Lock()
	current, exists := p.proc == proc, p.conns[c.conn.ID] != nil
	p.mu.Unlock()
	switch {
	case exists:
		return sdk.Permanent(fmt.Errorf("grpchost: connection %q is already open", c.conn.ID), "")
	case !current:
		return grpcplugin.ErrUnreachable
	}
	if err := proc.remote.Configure(ctx, c.conn, p.connectOptions()); err != nil {
		return err
	}
	p.mu.Lock()
	p.conns[c.conn.ID] = c
	p.mu.Unlock()
	return nil
}

// Validate checks conn's config in the plugin process, running its
// Provision and Validate, without keeping the connection.
func (p *Plugin) Validate(ctx context.Context, conn sdk.Connection) error {
	conn, err := p.prepare(conn)
	if err != nil {
		return err
	}
	proc, err := p.current(ctx)
	if err != nil {
		return err
	}
	return proc.remote.Validate(ctx, conn, p.connectOptions())
}

func (p *Plugin) openConns() []*Connection {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]*Connection, 0, len(p.conns))
	for _, c := range p.conns {
		out = append(out, c)
	}
	return out
}

// ID returns the connection's ID.
func (c *Connection) ID() string { return c.conn.ID }

// Close cleans the connection up in the plugin process. Closing twice, or
// after the Plugin closed, is not an error.
func (c *Connection) Close() error {
	c.mu.Lock()
	already := c.closed
	c.closed = true
	c.mu.Unlock()
	if already {
		return nil
	}
	p := c.p
	p.configMu.Lock()
	defer p.configMu.Unlock()
	p.mu.Lock()
	delete(p.conns, c.conn.ID)
	proc := p.proc
	p.mu.Unlock()
	if proc == nil {
		return nil // gone with the process; it will not be re-opened
	}
	ctx, cancel := context.WithTimeout(context.Background(), p.opts.StartTimeout)
	defer cancel()
	err := proc.remote.Cleanup(ctx, c.conn.ID)
	if errors.Is(err, grpcplugin.ErrUnreachable) {
		return nil
	}
	return err
}

func (c *Connection) setErr(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err, c.errAt = err, time.Now()
}

// call runs fn on the process serving c, waiting for a restart first. When
// fn finds the process unreachable, the process is checked at once.
func (c *Connection) call(ctx context.Context, fn func(r *grpcplugin.Remote) error) error {
	proc, err := c.process(ctx)
	if err != nil {
		return err
	}
	err = fn(proc.remote)
	if errors.Is(err, grpcplugin.ErrUnreachable) && ctx.Err() == nil {
		c.p.lost(proc)
	}
	return err
}

// process returns the process serving c, waiting for a restart.
func (c *Connection) process(ctx context.Context) (*process, error) {
	proc, err := c.p.current(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	closed, failed, at := c.closed, c.err, c.errAt
	c.mu.Unlock()
	switch {
	case closed:
		return nil, sdk.Permanent(fmt.Errorf("%w: %q", ErrConnectionClosed, c.conn.ID), "")
	case failed != nil && time.Since(at) < c.p.opts.ReopenRetry:
		return nil, notReopened(c.conn.ID, failed)
	case failed != nil:
		if err := c.p.retryOpen(ctx, proc, c); err != nil {
			return nil, notReopened(c.conn.ID, err)
		}
	}
	return proc, nil
}

// notReopened is the error of a call on a connection the plugin refused
// to re-open: not delivered, so another instance's plugin host may serve
// it.
func notReopened(id string, err error) error {
	return notDelivered{fmt.Errorf("grpchost: connection %q did not re-open after a plugin restart: %w", id, err)}
}

// retryOpen configures c again in proc, once ReopenRetry has passed since
// its re-opening failed: what made the plugin refuse (a provider that did
// not answer its Provision, say) may have passed.
func (p *Plugin) retryOpen(ctx context.Context, proc *process, c *Connection) error {
	p.configMu.Lock()
	defer p.configMu.Unlock()
	c.mu.Lock()
	failed, at, closed := c.err, c.errAt, c.closed
	c.mu.Unlock()
	switch {
	case closed:
		return sdk.Permanent(fmt.Errorf("%w: %q", ErrConnectionClosed, c.conn.ID), "")
	case failed == nil:
		return nil // another call opened it meanwhile
	case time.Since(at) < p.opts.ReopenRetry:
		return failed // another call tried just now
	}
	p.mu.Lock()
	current, mine := p.proc == proc, p.conns[c.conn.ID] == c
	p.mu.Unlock()
	switch {
	case !mine: // closed, and perhaps opened anew with another config
		return sdk.Permanent(fmt.Errorf("%w: %q", ErrConnectionClosed, c.conn.ID), "")
	case !current:
		return grpcplugin.ErrUnreachable
	}
	// Not the caller's context: a caller giving up must not be recorded as
	// the plugin refusing.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.opts.StartTimeout)
	defer cancel()
	err := proc.remote.Configure(ctx, c.conn, p.connectOptions())
	if errors.Is(err, grpcplugin.ErrUnreachable) {
		return err // the process is the trouble; its restart re-opens c
	}
	if err != nil {
		p.opts.Log.Warn("re-opening connection failed again", "plugin", p.manifest.ID, "connection", c.conn.ID, "err", err)
	}
	c.setErr(err)
	return err
}
