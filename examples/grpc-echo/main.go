// Command grpc-echo is an example Master IA plugin run as a go-plugin
// subprocess: a loopback channel whose "provider" echoes messages back
// through signed webhooks, and three actions that show the host services
// (the clock, the KV store and HTTP egress). See README.md.
package main

import "github.com/masteria/masteria/sdk/grpcplugin"

func main() { grpcplugin.Serve(New) }
