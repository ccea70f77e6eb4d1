package wasmhost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// connection is the abi.Transport of one open connection: a pool of up to
// Options.Instances instances, each provisioned with the connection's
// config. A call borrows an idle instance or starts one; an instance that
// fails a call is discarded, never reused.
type connection struct {
	m     *Module
	slots chan struct{}  // one per instance in use or idle
	idle  chan *instance // provisioned and ready

	mu        sync.Mutex
	svc       *abi.Services // nil until Open
	provision []byte
	closed    bool
}

func newConnection(m *Module) *connection {
	return &connection{m: m, slots: make(chan struct{}, m.opts.Instances),
		idle: make(chan *instance, m.opts.Instances)}
}

// Open restricts the host to the manifest's permissions, routes HTTP
// through the module's egress guard, and starts the first instance so a
// bad config fails here.
func (c *connection) Open(ctx context.Context, host sdk.Host, req abi.Provision) error {
	perms := c.m.manifest.Permissions
	host = perms.Restrict(host)
	if perms.Allows(sdk.ServiceHTTP) {
		host.HTTP = c.m.egress
	}
	req.AllowHosts = c.m.opts.AllowHosts
	provision, err := json.Marshal(req)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("%w: provision does not marshal: %v", ErrABI, err), "")
	}
	c.mu.Lock()
	c.svc = &abi.Services{Host: host, MaxBody: c.m.opts.MaxResponseBody}
	c.provision = provision
	c.mu.Unlock()
	in, err := c.get(ctx)
	if err != nil {
		return err
	}
	c.put(in, true)
	return nil
}

// Call runs export on a borrowed instance.
func (c *connection) Call(ctx context.Context, export string, input []byte) (uint32, []byte, error) {
	in, err := c.get(ctx)
	if err != nil {
		return 0, nil, err
	}
	if err := ctx.Err(); err != nil { // the call would only trip the instance
		c.put(in, true)
		return 0, nil, sdk.Retryable(fmt.Errorf("wasmhost: %s: %w", export, err), 0)
	}
	status, out, err := c.m.call(ctx, in, export, input)
	if err != nil {
		in.svc.Host.Log.Warn("wasm instance discarded", "plugin", c.m.manifest.ID, "call", export, "err", err)
	}
	c.put(in, err == nil && ctx.Err() == nil && !in.isTripped())
	return status, out, err
}

// get waits for a free slot, then returns an idle instance or starts one.
func (c *connection) get(ctx context.Context) (*instance, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, sdk.Retryable(fmt.Errorf("wasmhost: waiting for an instance: %w", ctx.Err()), 0)
	}
	c.mu.Lock()
	svc, closed := c.svc, c.closed
	c.mu.Unlock()
	if closed || svc == nil {
		<-c.slots
		return nil, sdk.Retryable(fmt.Errorf("%w: the connection is not open", ErrClosed), 0)
	}
	select {
	case in := <-c.idle:
		return in, nil
	default:
	}
	in, err := c.start(ctx, svc)
	if err != nil {
		<-c.slots
	}
	return in, err
}

// start instantiates and provisions a new instance.
func (c *connection) start(ctx context.Context, svc *abi.Services) (*instance, error) {
	in, err := c.m.instantiate(ctx, svc)
	if err != nil {
		return nil, err
	}
	status, out, err := c.m.call(ctx, in, abi.ExportProvision, c.provision)
	if err == nil {
		err = abi.Result(status, out)
	}
	if err != nil {
		in.close()
		return nil, err
	}
	return in, nil
}

// put returns a healthy instance to the pool, or retires it.
func (c *connection) put(in *instance, healthy bool) {
	defer func() { <-c.slots }()
	c.mu.Lock()
	if healthy && !c.closed {
		c.idle <- in // never blocks: idle holds at most one per slot
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	if healthy {
		_ = c.cleanup(in)
	}
	in.close()
}

// Close stops new calls, cleans up the idle instances and closes them;
// instances still in a call are cleaned up when it returns.
func (c *connection) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	var errs []error
	for {
		select {
		case in := <-c.idle:
			errs = append(errs, c.cleanup(in))
			in.close()
		default:
			return errors.Join(errs...)
		}
	}
}

// cleanup runs the guest's Cleanup under the time limit.
func (c *connection) cleanup(in *instance) error {
	status, out, err := c.m.call(context.Background(), in, abi.ExportCleanup, nil)
	if err != nil {
		return err
	}
	return abi.Result(status, out)
}
