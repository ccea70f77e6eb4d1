// Package plugin is the plugin host: it runs plugins declared with the SDK
// (github.com/masteria/masteria/sdk) as go-plugin subprocesses (subpackage
// grpchost) or WASM modules (subpackage wasmhost), and serves their actions
// on the bus.
package plugin

import _ "github.com/masteria/masteria/sdk" // the host speaks the SDK's types
