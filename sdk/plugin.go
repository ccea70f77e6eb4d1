package sdk

import (
	"context"
	"errors"
)

// Plugin is implemented by every plugin. Embed [Base] to implement it: Base
// supplies defaults for the methods a plugin does not need and for methods
// later versions add, so plugins keep compiling as the SDK grows.
//
//	type WhatsApp struct {
//		sdk.Base
//		token string
//	}
//
//	func (*WhatsApp) Manifest() sdk.Manifest { return manifest }
//
// The host makes one value per connection with the plugin's [Factory], so
// fields hold that connection's state.
type Plugin interface {
	// Manifest describes the plugin. It must not depend on configuration.
	Manifest() Manifest
	// Actions returns the handler of every action the manifest declares,
	// keyed by action ID. It is called after a successful [Open].
	Actions() map[string]Action
	base() // implemented only by embedding Base
}

// Base is embedded by every plugin. See [Plugin].
type Base struct{}

// Actions returns no actions, for plugins that are only a channel.
func (Base) Actions() map[string]Action { return nil }

func (Base) base() {}

// Factory makes a new, unconfigured plugin value.
type Factory func() Plugin

// Connection is one configured use of a plugin: a tenant's WhatsApp number,
// a Twilio account. It is handed to [Provisioner.Provision].
type Connection struct {
	// ID is the connection's ID, as in /hooks/{connection_id}.
	ID string
	// Config is the connection's configuration, already validated against
	// the manifest's Config fields.
	Config *ParsedConfig
	// Host holds the host services, limited to the manifest's permissions.
	Host Host
	// WebhookURL is the public URL of the connection's webhooks
	// (https://…/hooks/{connection_id}) when the host knows its public
	// address, for a plugin to register with its provider (a delivery
	// status callback); empty when it does not.
	WebhookURL string
}

// Provisioner is implemented by plugins that set themselves up from their
// connection: read config, build clients, keep the host services.
type Provisioner interface {
	Provision(ctx context.Context, conn Connection) error
}

// Validator is implemented by plugins that check their provisioned state,
// such as rules across several config fields.
type Validator interface {
	Validate() error
}

// Starter is implemented by plugins that run in the background (a websocket
// client, a poller). ctx bounds the start itself; background work runs until
// Cleanup.
type Starter interface {
	Start(ctx context.Context) error
}

// Checker is implemented by plugins that can test an open connection
// against their provider: that it accepts the credentials and knows the
// account or number. The host calls Check only when someone checks the
// connection, never on the message path. The error says what is wrong, and
// what to change, in words an admin can act on; keep its class (an
// [Auth] error for refused credentials).
type Checker interface {
	Check(ctx context.Context) error
}

// WebhookConnector is implemented by plugins that can point their
// provider's webhooks at the host themselves, instead of an admin pasting
// the URL into the provider's console: WhatsApp Cloud's callback override
// on the business account, a Twilio number's SMS URL. The host calls it
// only when someone asks, with the connection's public webhook URL
// (https://…/hooks/{connection_id}); the provider may call that URL back
// before answering (Meta's verification handshake), so the host serves
// webhooks meanwhile. The error says what the provider refused and what to
// change, keeping its class ([Auth] for refused credentials).
type WebhookConnector interface {
	ConnectWebhooks(ctx context.Context, webhookURL string) (WebhookConnection, error)
}

// WebhookConnection is what [WebhookConnector.ConnectWebhooks] set up.
type WebhookConnection struct {
	// URL is where the provider now sends the connection's webhooks: the
	// URL given, or the plugin's own configured one (Twilio's
	// webhook_base_url) when it has one.
	URL string `json:"url"`
	// Target names what was changed at the provider, for people: "business
	// account 102290129340398", "number +15557122661 (PN…)".
	Target string `json:"target"`
}

// ErrNotSupported is wrapped by a call to an optional capability the
// plugin does not have (a remote plugin without [WebhookConnector]).
var ErrNotSupported = errors.New("sdk: the plugin does not support this")

// Cleaner is implemented by plugins that hold resources. Cleanup is called
// when the connection closes and also after a failed Provision, Validate or
// Start, so it must cope with a half-built plugin.
type Cleaner interface {
	Cleanup() error
}
