package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/go-plugin"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// server is the Plugin service inside the plugin process: a table of open
// connections, each its own plugin value.
type server struct {
	pb.UnimplementedPluginServer
	factory      sdk.Factory
	manifest     sdk.Manifest
	manifestJSON []byte
	broker       *plugin.GRPCBroker

	mu    sync.RWMutex
	conns map[string]*conn
}

// conn is one open connection.
type conn struct {
	plugin  sdk.Plugin // the author's value, for Channel and WebhookHandler
	actions map[string]sdk.Action
	host    *hostLink
}

func newServer(f sdk.Factory, broker *plugin.GRPCBroker) (*server, error) {
	if err := checkFactory(f); err != nil {
		return nil, err
	}
	m := f().Manifest()
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("grpcplugin: manifest does not marshal: %w", err)
	}
	return &server{factory: f, manifest: m, manifestJSON: b, broker: broker, conns: map[string]*conn{}}, nil
}

func (s *server) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return &pb.DescribeResponse{ManifestJson: s.manifestJSON}, nil
}

func (s *server) Health(context.Context, *pb.HealthRequest) (*pb.HealthResponse, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return &pb.HealthResponse{Connections: int32(len(s.conns))}, nil
}

// Configure opens a connection, first closing one open under the same ID:
// a provider session (a WhatsApp Web login) must not run twice.
func (s *server) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	s.mu.Lock()
	old := s.conns[req.GetConnectionId()]
	delete(s.conns, req.GetConnectionId())
	s.mu.Unlock()
	if old != nil {
		old.close()
	}
	c, err := s.open(ctx, req, true)
	if err != nil {
		return &pb.ConfigureResponse{Error: toproto.Error(err)}, nil
	}
	s.mu.Lock()
	s.conns[req.GetConnectionId()] = c
	s.mu.Unlock()
	return &pb.ConfigureResponse{}, nil
}

// Validate opens a connection without starting it and closes it again.
func (s *server) Validate(ctx context.Context, req *pb.ValidateRequest) (*pb.ValidateResponse, error) {
	c, err := s.open(ctx, req, false)
	if err == nil {
		err = c.close()
	}
	return &pb.ValidateResponse{Error: toproto.Error(err)}, nil
}

// Check tests an open connection against its provider, when its plugin
// implements sdk.Checker.
func (s *server) Check(ctx context.Context, req *pb.CheckRequest) (*pb.CheckResponse, error) {
	c, err := s.lookup(req.GetConnectionId())
	if err == nil {
		if ch, ok := c.plugin.(sdk.Checker); ok {
			err = ch.Check(ctx)
		}
	}
	return &pb.CheckResponse{Error: toproto.Error(err)}, nil
}

// ConnectWebhooks points an open connection's provider webhooks at the
// host, when its plugin implements sdk.WebhookConnector.
func (s *server) ConnectWebhooks(ctx context.Context, req *pb.ConnectWebhooksRequest) (*pb.ConnectWebhooksResponse, error) {
	c, err := s.lookup(req.GetConnectionId())
	if err != nil {
		return &pb.ConnectWebhooksResponse{Error: toproto.Error(err)}, nil
	}
	wc, ok := c.plugin.(sdk.WebhookConnector)
	if !ok {
		return &pb.ConnectWebhooksResponse{Unsupported: true}, nil
	}
	got, err := wc.ConnectWebhooks(ctx, req.GetWebhookUrl())
	return &pb.ConnectWebhooksResponse{Error: toproto.Error(err), Url: got.URL, Target: got.Target}, nil
}

func (s *server) Cleanup(_ context.Context, req *pb.CleanupRequest) (*pb.CleanupResponse, error) {
	s.mu.Lock()
	c := s.conns[req.GetConnectionId()]
	delete(s.conns, req.GetConnectionId())
	s.mu.Unlock()
	if c == nil {
		return &pb.CleanupResponse{}, nil
	}
	return &pb.CleanupResponse{Error: toproto.Error(c.close())}, nil
}

// openRequest is what Configure and Validate both carry.
type openRequest interface {
	GetConnectionId() string
	GetConfigJson() []byte
	GetHostServices() uint32
	GetExtraHosts() []string
	GetSystemClock() bool
	GetWebhookUrl() string
}

// open parses the config, reaches the host services and runs sdk.Open, which
// cleans up after itself on failure.
func (s *server) open(ctx context.Context, req openRequest, start bool) (*conn, error) {
	raw, err := fromproto.Values(req.GetConfigJson())
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("config: %w", err), "")
	}
	cfg, err := s.manifest.Config.Parse(raw)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("config: %w", err), "")
	}
	link, err := dialHost(s.broker, req.GetHostServices())
	if err != nil {
		return nil, err
	}
	p := s.factory()
	w := &opened{Plugin: p, manifest: withHosts(s.manifest, req.GetExtraHosts()), start: start}
	host := link.host(w.manifest.Permissions.Hosts)
	if req.GetSystemClock() && host.Clock != nil {
		host.Clock = sdk.SystemClock()
	}
	sc := sdk.Connection{ID: req.GetConnectionId(), Config: cfg, Host: host, WebhookURL: req.GetWebhookUrl()}
	if err := sdk.Open(ctx, w, sc); err != nil {
		link.close()
		return nil, err
	}
	return &conn{plugin: p, actions: p.Actions(), host: link}, nil
}

// close cleans the plugin up, then drops its host services.
func (c *conn) close() error {
	err := sdk.Close(c.plugin)
	c.host.close()
	return err
}

// lookup returns the open connection id.
func (s *server) lookup(id string) (*conn, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.conns[id]
	if c == nil {
		return nil, sdk.Retryable(fmt.Errorf("grpcplugin: connection %q is not open in the plugin process", id), 0)
	}
	return c, nil
}

var _ pb.PluginServer = (*server)(nil)
