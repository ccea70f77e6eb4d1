package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// Remote is the host's handle on one plugin process: the protocol's calls
// in the SDK's types. It is what dispensing [PluginName] returns. Every
// error carries an SDK class; a call cut off by the process exiting fails
// retryable, wrapping [ErrUnreachable].
//
// Remote is the transport only. Restarting the process, restricting the host
// services to the manifest's permissions and guarding egress are the host's
// job (core/plugin/grpchost). It is safe for concurrent use.
type Remote struct {
	client pb.PluginClient
	broker *plugin.GRPCBroker
	done   <-chan struct{}
	lane   atomic.Pointer[hostLane] // nil until OpenLane

	mu    sync.Mutex
	hosts map[string]func() // connection ID -> stops serving its host services
}

func newRemote(ctx context.Context, broker *plugin.GRPCBroker, cc *grpc.ClientConn) *Remote {
	return &Remote{client: pb.NewPluginClient(cc), broker: broker, done: ctx.Done(), hosts: map[string]func(){}}
}

// Done is closed when the plugin process has exited.
func (r *Remote) Done() <-chan struct{} { return r.done }

// Describe returns the plugin's manifest, as it sent it; the host validates
// it.
func (r *Remote) Describe(ctx context.Context) (sdk.Manifest, error) {
	resp, err := r.client.Describe(ctx, &pb.DescribeRequest{})
	if err != nil {
		return sdk.Manifest{}, rpcError(ctx, "describe", err)
	}
	var m sdk.Manifest
	if err := json.Unmarshal(resp.GetManifestJson(), &m); err != nil {
		return sdk.Manifest{}, sdk.Permanent(fmt.Errorf("grpcplugin: describe: manifest: %w", err), "")
	}
	return m, nil
}

// ConnectOptions are what the host grants a connection beyond its manifest.
type ConnectOptions struct {
	// ExtraHosts are egress hosts the operator approved beyond the
	// manifest's permissions.hosts, such as a local simulator.
	ExtraHosts []string
}

// Configure opens conn in the plugin process, serving conn.Host to it until
// Cleanup (or until the process exits). Configuring an open connection ID
// replaces it.
func (r *Remote) Configure(ctx context.Context, conn sdk.Connection, opts ConnectOptions) error {
	config, err := toproto.Values(conn.Config)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("grpcplugin: config: %w", err), "")
	}
	id, stop := serveHost(r.broker, conn.Host)
	resp, err := r.client.Configure(ctx, &pb.ConfigureRequest{
		ConnectionId: conn.ID, ConfigJson: config, HostServices: id, ExtraHosts: opts.ExtraHosts,
		SystemClock: sdk.IsSystemClock(conn.Host.Clock), WebhookUrl: conn.WebhookURL,
	})
	if err != nil {
		err = rpcError(ctx, "configure", err)
	} else {
		err = fromproto.Error(resp.GetError())
	}
	r.mu.Lock()
	old := r.hosts[conn.ID]
	delete(r.hosts, conn.ID)
	if err == nil {
		r.hosts[conn.ID] = stop
	}
	r.mu.Unlock()
	if old != nil {
		old() // the plugin closed the old connection before opening the new one
	}
	if err != nil {
		stop()
	}
	return err
}

// Validate checks conn's config in the plugin process, running its
// Provision and Validate with conn.Host, without keeping the connection.
func (r *Remote) Validate(ctx context.Context, conn sdk.Connection, opts ConnectOptions) error {
	config, err := toproto.Values(conn.Config)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("grpcplugin: config: %w", err), "")
	}
	id, stop := serveHost(r.broker, conn.Host)
	defer stop()
	resp, err := r.client.Validate(ctx, &pb.ValidateRequest{
		ConnectionId: conn.ID, ConfigJson: config, HostServices: id, ExtraHosts: opts.ExtraHosts,
		SystemClock: sdk.IsSystemClock(conn.Host.Clock), WebhookUrl: conn.WebhookURL,
	})
	if err != nil {
		return rpcError(ctx, "validate", err)
	}
	return fromproto.Error(resp.GetError())
}

// Cleanup closes a connection and stops serving its host services.
func (r *Remote) Cleanup(ctx context.Context, connID string) error {
	resp, err := r.client.Cleanup(ctx, &pb.CleanupRequest{ConnectionId: connID})
	r.mu.Lock()
	stop := r.hosts[connID]
	delete(r.hosts, connID)
	r.mu.Unlock()
	if stop != nil {
		stop()
	}
	if err != nil {
		return rpcError(ctx, "cleanup", err)
	}
	return fromproto.Error(resp.GetError())
}

// Check tests connection connID against its provider (sdk.Checker). A
// plugin built before the call existed has nothing to check: no error.
func (r *Remote) Check(ctx context.Context, connID string) error {
	resp, err := r.client.Check(ctx, &pb.CheckRequest{ConnectionId: connID})
	if status.Code(err) == codes.Unimplemented {
		return nil
	}
	if err != nil {
		return rpcError(ctx, "check", err)
	}
	return fromproto.Error(resp.GetError())
}

// ConnectWebhooks has connection connID point its provider's webhooks at
// webhookURL (sdk.WebhookConnector). A plugin without the capability, or
// built before the call existed, fails permanent wrapping
// [sdk.ErrNotSupported].
func (r *Remote) ConnectWebhooks(ctx context.Context, connID, webhookURL string) (sdk.WebhookConnection, error) {
	resp, err := r.client.ConnectWebhooks(ctx, &pb.ConnectWebhooksRequest{ConnectionId: connID, WebhookUrl: webhookURL})
	if status.Code(err) == codes.Unimplemented || (err == nil && resp.GetUnsupported()) {
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("grpcplugin: connect webhooks: %w", sdk.ErrNotSupported), "")
	}
	if err != nil {
		return sdk.WebhookConnection{}, rpcError(ctx, "connect webhooks", err)
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return sdk.WebhookConnection{}, err
	}
	return sdk.WebhookConnection{URL: resp.GetUrl(), Target: resp.GetTarget()}, nil
}

// Health reports how many connections the process has open; an error means
// it does not answer.
func (r *Remote) Health(ctx context.Context) (connections int, err error) {
	resp, err := r.client.Health(ctx, &pb.HealthRequest{})
	if err != nil {
		return 0, rpcError(ctx, "health", err)
	}
	return int(resp.GetConnections()), nil
}
