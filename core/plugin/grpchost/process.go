package grpchost

import (
	"context"
	"errors"
	"fmt"
	"os/exec"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// process is one running plugin executable.
type process struct {
	cmd    *exec.Cmd
	client *plugin.Client
	remote *grpcplugin.Remote
}

// launch starts the executable, negotiates the protocol and dispenses the
// plugin. It kills the process on any failure.
func launch(o Options) (*process, error) {
	if o.Command == nil {
		return nil, errors.New("grpchost: Options.Command is nil")
	}
	cmd := o.Command()
	o.withProcs(cmd)
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  grpcplugin.Handshake,
		VersionedPlugins: grpcplugin.VersionedPlugins(),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		Managed:          true,
		StartTimeout:     o.StartTimeout,
		Stderr:           o.Stderr,
		// The plugin's stderr is copied raw to Stderr; the supervisor logs
		// what matters to Options.Log.
		Logger:          hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Off}),
		GRPCDialOptions: grpcplugin.DialOptions(),
	})
	proto, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("grpchost: starting %s: %w", cmd.Path, err)
	}
	raw, err := proto.Dispense(grpcplugin.PluginName)
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("grpchost: %s: %w", cmd.Path, err)
	}
	remote := raw.(*grpcplugin.Remote)
	if !o.GRPCOnly {
		ctx, cancel := context.WithTimeout(context.Background(), o.StartTimeout)
		if err := remote.OpenLane(ctx); err != nil {
			o.Log.Warn("plugin calls stay on gRPC: no call lane", "plugin", cmd.Path, "err", err)
		}
		cancel()
	}
	return &process{cmd: cmd, client: client, remote: remote}, nil
}

// describe asks the process for its manifest and checks it can be hosted.
func (p *process) describe(ctx context.Context) (sdk.Manifest, error) {
	m, err := p.remote.Describe(ctx)
	if err != nil {
		return sdk.Manifest{}, err
	}
	if err := m.Validate(); err != nil {
		return sdk.Manifest{}, fmt.Errorf("grpchost: %s: invalid manifest:\n%w", p.cmd.Path, err)
	}
	if m.Runtime != sdk.RuntimeGRPC {
		return sdk.Manifest{}, fmt.Errorf("grpchost: %s: manifest declares runtime %q, not %q", p.cmd.Path, m.Runtime, sdk.RuntimeGRPC)
	}
	return m, nil
}

// crash kills the process at once, as a crash would: no graceful shutdown,
// in-flight calls cut off.
func (p *process) crash() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
	}
}

// stop ends the process: gracefully when it still answers, then by force.
func (p *process) stop() { p.client.Kill() }

// exitStatus describes how the process ended, once it has.
func (p *process) exitStatus() string {
	if st := p.cmd.ProcessState; st != nil {
		return st.String()
	}
	return "unknown"
}
