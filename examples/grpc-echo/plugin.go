package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/masteria/masteria/sdk"
)

// manifest declares everything the plugin provides and needs; the host reads
// it over the wire with Describe.
var manifest = sdk.Manifest{
	ID: "grpc-echo", Version: "1.0.0", Runtime: sdk.RuntimeGRPC,
	Title:       "Echo (go-plugin example)",
	Description: "A loopback channel for trying flows: sent messages come back as inbound ones.",
	Namespaces:  []string{"grpcecho"},
	Channel:     &sdk.ChannelSpec{Name: "grpcecho", Capabilities: []sdk.Capability{sdk.CapText}},
	Webhooks:    true,
	Config: sdk.Fields{
		sdk.NewStringField("signing_secret").Description("Shared secret signing webhook bodies (HMAC-SHA256).").
			Secret().Required(),
		sdk.NewStringField("prefix").Description("Prepended to every echoed text.").Example("echo: ").Default(""),
	},
	Actions: []sdk.ActionSpec{
		{ID: "grpcecho.say", Title: "Say", Description: "Returns the text with the connection's prefix.",
			Input:  sdk.Fields{sdk.NewStringField("text").Required()},
			Output: sdk.Fields{sdk.NewStringField("text").Required()}},
		{ID: "grpcecho.wait", Title: "Wait", Description: "Waits on the host's clock, or until cancelled.",
			Input:  sdk.Fields{sdk.NewDurationField("for").Required()},
			Output: sdk.Fields{sdk.NewDurationField("waited").Required()}},
		{ID: "grpcecho.count", Title: "Count", Description: "Counts calls per name in the connection's KV store.",
			Input:  sdk.Fields{sdk.NewStringField("name").Required()},
			Output: sdk.Fields{sdk.NewIntField("count").Required()}},
		{ID: "grpcecho.fetch", Title: "Fetch", Description: "GETs a URL and returns the status code.",
			Input:  sdk.Fields{sdk.NewURLField("url").Required()},
			Output: sdk.Fields{sdk.NewIntField("status").Required()}},
	},
	Events: []sdk.EventSpec{
		{Subject: sdk.SubjectMessageReceived, Description: "An echoed message came back.",
			Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("from").Required()}},
		{Subject: sdk.SubjectMessageStatus, Description: "A sent message changed status.",
			Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(),
				sdk.NewEnumField("status", "sent", "delivered", "read", "failed").Required()}},
	},
	Permissions: sdk.Permissions{
		Hosts:    []string{"api.example.com"},
		Services: []sdk.Service{sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock},
	},
}

// config is the connection's config, decoded from the manifest's fields.
type config struct {
	SigningSecret string `json:"signing_secret"`
	Prefix        string `json:"prefix"`
}

// Plugin is one echo connection.
type Plugin struct {
	sdk.Base
	secret []byte
	prefix string
	host   sdk.Host
	sent   atomic.Int64 // numbers provider message IDs

	countMu sync.Mutex // one count at a time: see count
}

// New makes an unconfigured plugin; it is the plugin's sdk.Factory.
func New() sdk.Plugin { return &Plugin{} }

// Manifest describes the plugin.
func (*Plugin) Manifest() sdk.Manifest { return manifest }

// Provision reads the connection's config and keeps its host services.
func (p *Plugin) Provision(_ context.Context, conn sdk.Connection) error {
	var cfg config
	if err := conn.Config.Decode(&cfg); err != nil {
		return sdk.Permanent(err, "")
	}
	p.secret, p.prefix = []byte(cfg.SigningSecret), cfg.Prefix
	p.host = conn.Host
	p.host.Log.Info("connection open", "connection", conn.ID)
	return nil
}

// Validate checks what the config schema cannot express.
func (p *Plugin) Validate() error {
	if len(p.prefix) > maxPrefix {
		return sdk.Permanent(fmt.Errorf("grpc-echo: prefix is longer than %d bytes", maxPrefix), "")
	}
	return nil
}

// maxPrefix bounds the prefix, checked in Validate.
const maxPrefix = 32

// Actions returns the action handlers.
func (p *Plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		"grpcecho.say":   sdk.ActionFunc(p.say),
		"grpcecho.wait":  sdk.ActionFunc(p.wait),
		"grpcecho.count": sdk.ActionFunc(p.count),
		"grpcecho.fetch": sdk.ActionFunc(p.fetch),
	}
}

var (
	_ sdk.Plugin         = (*Plugin)(nil)
	_ sdk.Provisioner    = (*Plugin)(nil)
	_ sdk.Validator      = (*Plugin)(nil)
	_ sdk.Channel        = (*Plugin)(nil)
	_ sdk.WebhookHandler = (*Plugin)(nil)
)
