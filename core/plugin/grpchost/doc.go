// Package grpchost runs plugins as hashicorp/go-plugin subprocesses and
// keeps them serving.
//
// [Start] launches a plugin executable (handshake with a magic cookie,
// protocol version negotiation, AutoMTLS), asks it for its manifest and
// validates it. [Plugin.Open] opens a connection in the process and serves
// that connection's host services back to it over the gRPC broker; the
// returned [Connection] invokes actions, sends messages and handles
// webhooks. [Plugin.Factory] presents the remote plugin as an [sdk.Factory],
// so it registers in an sdk.Registry and runs through sdktest like an
// in-process plugin.
//
// # A crashing plugin never takes the core down or loses a step
//
// The plugin is a separate process; its death is an event, not a failure of
// the host. A supervisor watches every process (its exit, and a periodic
// Health call), restarts it with exponential backoff, re-opens every open
// connection in the new process, and only then lets calls through again.
// Calls cut off by the crash fail retryable (wrapping
// [grpcplugin.ErrUnreachable]), so the engine runs the step again under
// the same idempotency key; calls made while the plugin restarts wait for it,
// up to Options.ReadyTimeout.
//
// # The host enforces the manifest on its own side
//
// A subprocess can ignore its SDK, so the services a connection gets are
// restricted here too: undeclared services fail with sdk.ErrNotPermitted,
// undeclared event subjects are refused, and HTTP egress leaves only through
// Options.Transport under an [sdk.EgressGuard] allowing the manifest's hosts
// plus the operator's Options.ExtraHosts (a local simulator, a self-hosted
// API). Host.HTTP of a connection is therefore not used.
//
// Processes are go-plugin managed clients: [CleanupClients] at program exit
// kills any still running.
package grpchost
