// Package echo is a complete example plugin: a loopback channel whose
// "provider" echoes messages back through signed webhooks, plus two actions.
// It shows the shape every plugin follows, and is run through sdktest.
package echo

import "github.com/masteria/masteria/sdk"

// manifest describes the echo plugin.
var manifest = sdk.Manifest{
	ID: "echo", Version: "1.0.0", Runtime: sdk.RuntimeGRPC,
	Title:       "Echo",
	Description: "A loopback channel for trying flows: sent messages are echoed back as inbound ones.",
	Namespaces:  []string{"echo"},
	Channel:     &sdk.ChannelSpec{Name: "echo", Capabilities: []sdk.Capability{sdk.CapText, sdk.CapReactions}},
	Webhooks:    true,
	Config: sdk.Fields{
		sdk.NewStringField("signing_secret").Description("Shared secret signing webhook bodies (HMAC-SHA256).").
			Secret().Required(),
		sdk.NewStringField("prefix").Description("Prepended to every echoed text.").Example("echo: ").Default(""),
	},
	Actions: []sdk.ActionSpec{
		{ID: "echo.say", Title: "Say", Description: "Returns the text, repeated.",
			Input: sdk.Fields{
				sdk.NewStringField("text").Required(),
				sdk.NewIntField("repeat").Description("How many times.").Default(1),
			},
			Output: sdk.Fields{sdk.NewStringField("text").Required()}},
		{ID: "echo.wait", Title: "Wait", Description: "Waits for a while, or until cancelled.",
			Input:  sdk.Fields{sdk.NewDurationField("for").Required()},
			Output: sdk.Fields{sdk.NewDurationField("waited").Required()}},
	},
	Events: []sdk.EventSpec{
		{Subject: sdk.SubjectMessageReceived, Description: "An echoed message came back.",
			Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("from").Required(),
				sdk.NewStringField("text")}},
		{Subject: sdk.SubjectMessageStatus, Description: "A sent message changed status.",
			Payload: sdk.Fields{sdk.NewStringField("provider_message_id").Required(),
				sdk.NewEnumField("status", "sent", "delivered", "read", "failed").Required()}},
	},
	Permissions: sdk.Permissions{Services: []sdk.Service{sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock}},
}
