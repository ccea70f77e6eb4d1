package grpcplugin

import (
	"context"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/masteria/masteria/sdk"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// ProtocolVersion is the version of the protocol in sdk/proto/plugin/v1.
const ProtocolVersion = 1

// PluginName is the name the plugin is dispensed under.
const PluginName = "plugin"

// MaxMessageSize bounds one protocol message, and so a webhook body, an
// HTTP egress body or an action's output. gRPC's default of 4 MiB is too
// small for media.
const MaxMessageSize = 64 << 20

// Handshake makes sure the executable is a Master IA plugin started by a
// Master IA host. It is a usability check, not a security measure: a plugin
// run by hand explains itself and exits.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  ProtocolVersion,
	MagicCookieKey:   "MASTERIA_PLUGIN",
	MagicCookieValue: "9c0e5f3a-masteria-plugin-v1-3f1b7d2e",
}

// VersionedPlugins is the host's side of version negotiation: one plugin
// set per protocol version it speaks. Dispensing [PluginName] yields a
// [*Remote].
func VersionedPlugins() map[int]plugin.PluginSet {
	return versioned(nil)
}

func versioned(f sdk.Factory) map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		ProtocolVersion: {PluginName: &goPlugin{factory: f}},
	}
}

// DialOptions are the gRPC options the host dials the plugin with
// (go-plugin's ClientConfig.GRPCDialOptions).
func DialOptions() []grpc.DialOption {
	return []grpc.DialOption{grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize)),
		grpc.WithInitialWindowSize(windowSize), grpc.WithInitialConnWindowSize(windowSize)}
}

// windowSize is the fixed HTTP/2 flow-control window on both sides. Setting
// it turns off gRPC's bandwidth-delay estimator, whose PINGs and the window
// updates of a small default window cost frames and wake-ups on every call
// between two processes of one machine.
const windowSize = 4 << 20

func serverOptions(opts []grpc.ServerOption) []grpc.ServerOption {
	return append(opts, grpc.MaxRecvMsgSize(MaxMessageSize), grpc.MaxSendMsgSize(MaxMessageSize),
		grpc.InitialWindowSize(windowSize), grpc.InitialConnWindowSize(windowSize), grpc.NumStreamWorkers(4),
		grpc.ChainUnaryInterceptor(recoverPanics))
}

// goPlugin is the go-plugin binding, used on both sides: the plugin serves
// factory's plugins; the host dispenses a Remote.
type goPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	factory sdk.Factory // nil on the host side
}

// GRPCServer registers the Plugin service in the plugin process.
func (g *goPlugin) GRPCServer(broker *plugin.GRPCBroker, s *grpc.Server) error {
	srv, err := newServer(g.factory, broker)
	if err != nil {
		return err
	}
	pb.RegisterPluginServer(s, srv)
	return nil
}

// GRPCClient returns the host's Remote; ctx ends when the process exits.
func (g *goPlugin) GRPCClient(ctx context.Context, broker *plugin.GRPCBroker, cc *grpc.ClientConn) (any, error) {
	return newRemote(ctx, broker, cc), nil
}

var _ plugin.GRPCPlugin = (*goPlugin)(nil)
