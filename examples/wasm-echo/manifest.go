package main

import "github.com/masteria/masteria/sdk"

// SubjectAnnounced is the event the announce action emits.
const SubjectAnnounced = "wasm_echo.announced"

// manifest describes the plugin.
var manifest = sdk.Manifest{
	ID: "wasm-echo", Version: "1.0.0", Runtime: sdk.RuntimeWASM,
	Title:       "WASM echo",
	Description: "A loopback channel and a few actions, running in the WASM sandbox.",
	Namespaces:  []string{"wasm_echo"},
	Channel:     &sdk.ChannelSpec{Name: "wasm_echo", Capabilities: []sdk.Capability{sdk.CapText, sdk.CapReactions}},
	Webhooks:    true,
	Config: sdk.Fields{
		sdk.NewStringField("signing_secret").Description("Shared secret signing webhook bodies (HMAC-SHA256).").
			Secret().Required(),
		sdk.NewStringField("prefix").Description("Prepended to every echoed text.").Example("echo: ").Default(""),
	},
	Actions: actions,
	Events:  events,
	Permissions: sdk.Permissions{Hosts: []string{"api.example.com"}, Services: []sdk.Service{
		sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock, sdk.ServiceBlobs}},
}

var actions = []sdk.ActionSpec{
	{ID: "wasm_echo.say", Title: "Say", Description: "Returns the text, repeated.",
		Input: sdk.Fields{sdk.NewStringField("text").Required(),
			sdk.NewIntField("repeat").Description("How many times.").Default(1)},
		Output: sdk.Fields{sdk.NewStringField("text").Required()}},
	{ID: "wasm_echo.wait", Title: "Wait", Description: "Waits for a while, or until cancelled.",
		Input:  sdk.Fields{sdk.NewDurationField("for").Required()},
		Output: sdk.Fields{sdk.NewDurationField("waited").Required()}},
	{ID: "wasm_echo.remember", Title: "Remember", Description: "Stores a value in the connection's KV store.",
		Input:  sdk.Fields{sdk.NewStringField("key").Required(), sdk.NewStringField("value").Required()},
		Output: sdk.Fields{sdk.NewStringField("previous").Description("The value stored before, if any.")}},
	{ID: "wasm_echo.keep", Title: "Keep", Description: "Stores the text as a blob and reads it back.",
		Input: sdk.Fields{sdk.NewStringField("text").Required()},
		Output: sdk.Fields{sdk.NewStringField("id").Required(), sdk.NewIntField("size").Required(),
			sdk.NewStringField("sha256").Required(), sdk.NewStringField("read_back").Required()}},
	{ID: "wasm_echo.announce", Title: "Announce", Description: "Emits a wasm_echo.announced event.",
		Input:  sdk.Fields{sdk.NewStringField("text").Required()},
		Output: sdk.Fields{sdk.NewStringField("id").Required()}},
	{ID: "wasm_echo.fetch", Title: "Fetch", Description: "GETs a URL through the host's egress guard.",
		Input:  sdk.Fields{sdk.NewURLField("url").Required()},
		Output: sdk.Fields{sdk.NewIntField("status").Required(), sdk.NewStringField("body")}},
	{ID: "wasm_echo.misbehave", Title: "Misbehave",
		Description: "Loops forever, allocates without bound, traps, panics or exits, for testing the sandbox.",
		Input:       sdk.Fields{sdk.NewEnumField("mode", modes...).Default("none")},
		Output:      sdk.Fields{sdk.NewStringField("mode").Required()}},
}

var events = []sdk.EventSpec{
	{Subject: sdk.SubjectMessageReceived, Description: "An echoed message came back.",
		Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("from").Required(),
			sdk.NewStringField("text")}},
	{Subject: sdk.SubjectMessageStatus, Description: "A sent message changed status.",
		Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(),
			sdk.NewEnumField("status", "sent", "delivered", "read", "failed").Required()}},
	{Subject: SubjectAnnounced, Description: "The announce action ran.",
		Payload: sdk.Fields{sdk.NewStringField("text").Required()}},
}
