// Package grpcplugin runs a Master IA plugin as a hashicorp/go-plugin
// subprocess speaking protocol v1 (sdk/proto/plugin/v1) over gRPC.
//
// Plugin authors need one call, in their executable's main:
//
//	func main() { grpcplugin.Serve(whatsapp.New) }
//
// Serve takes the plugin's [sdk.Factory], not one value: a process serves
// every connection of its plugin, each with its own value, exactly as the
// in-process host does. The host services a connection receives (KV,
// Secrets, HTTP, Events, Log, Clock) are the host's, reached over the
// go-plugin gRPC broker and presented as the SDK's interfaces, so plugin code
// does not know it runs in a subprocess.
//
// The host side (core/plugin/grpchost) uses [VersionedPlugins],
// [Handshake] and [DialOptions] to start the process with go-plugin, and
// gets a [*Remote]: the plugin's calls in SDK types. Both sides live in this
// package, as in Vault's sdk/plugin, so the conversion between SDK types and
// protocol messages (sdk/internal/toproto and fromproto) is written once and
// the generated types never appear in an API.
package grpcplugin
