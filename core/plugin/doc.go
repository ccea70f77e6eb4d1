// Package plugin is the plugin host's core side: the registry of available
// plugins (whatever runs them: go-plugin subprocesses from grpchost, WASM
// modules from wasmhost, both presented as sdk.Factory), tenants'
// connections with sealed secrets, the host services a connection gets
// (KV, secrets, events, log, clock) backed by the store and the outbox,
// action calls for the flow engine, webhook ingress, and the action
// services on the bus.
package plugin
