package grpcplugin

import (
	"fmt"
	"os"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/masteria/masteria/sdk"
)

// Serve runs the plugin f makes and returns when the host ends the process.
// It is the whole main of a plugin executable:
//
//	func main() { grpcplugin.Serve(echo.New) }
//
// Serve checks the manifest first and exits with status 1, explaining on
// stderr, when it is invalid. Run by hand rather than by a Master IA host,
// the executable says so and exits.
func Serve(f sdk.Factory) {
	if err := checkFactory(f); err != nil {
		fmt.Fprintf(os.Stderr, "grpcplugin: %v\n", err)
		os.Exit(1)
	}
	hostManaged()
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: versioned(f),
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(serverOptions(opts)...)
		},
		Logger: hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Warn, JSONFormat: true, Output: os.Stderr}),
	})
}

func checkFactory(f sdk.Factory) error {
	if f == nil {
		return fmt.Errorf("nil factory")
	}
	p := f()
	if p == nil {
		return fmt.Errorf("the factory returned a nil plugin")
	}
	if err := p.Manifest().Validate(); err != nil {
		return fmt.Errorf("invalid manifest:\n%w", err)
	}
	return nil
}
