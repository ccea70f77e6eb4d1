package twiliosms

import (
	"time"

	"github.com/masteria/masteria/sdk"
)

// ID is the plugin's ID.
const ID = "twilio-sms"

// ActionSend is the sms.send action.
const ActionSend = "sms.send"

// The opt-out events: a contact texted an opt-out or opt-in keyword.
const (
	SubjectOptedOut = "sms.opted_out"
	SubjectOptedIn  = "sms.opted_in"
)

// DefaultBaseURL is Twilio's REST API.
const DefaultBaseURL = "https://api.twilio.com"

var configFields = sdk.Fields{
	sdk.NewStringField("account_sid").Description("The Twilio account SID (AC…).").
		Example("AC00000000000000000000000000000001").Required(),
	sdk.NewStringField("auth_token").Description("The account's Auth Token: authenticates the API (unless an API key is given) and signs webhooks (X-Twilio-Signature).").Secret(),
	sdk.NewStringField("api_key_sid").Description("An API key SID (SK…), used with api_key_secret instead of the Auth Token for the API."),
	sdk.NewStringField("api_key_secret").Secret(),
	sdk.NewStringField("from").Description("The sender: an E.164 number or short code.").Example("+15557122661"),
	sdk.NewStringField("messaging_service_sid").Description("A Messaging Service (MG…) to send through instead of, or with, from."),
	sdk.NewURLField("base_url").Description("Twilio REST API base URL (a simulator's in tests and demos).").Default(DefaultBaseURL),
	sdk.NewURLField("webhook_base_url").Description("The public URL of this connection's webhooks, as Twilio calls it (https://…/hooks/{connection_id}); status callbacks go to /status under it. When empty, status callbacks go under the server's public_url (…/hooks/{connection_id}/status; none when public_url is unset too), and signatures are checked against the URL the server saw (behind a reverse proxy, list it in the server's trusted_proxies) or that one.").
		Example("https://app.example.com/hooks/conn-1"),
	sdk.NewFloatField("sender_mps").Description("Segments per second the sender may send: 1 for a US long code, 3 toll-free, 100+ for a short code.").
		Default(1.0),
	sdk.NewDurationField("max_pacing_wait").Description("Longest a send waits for pacing; beyond it the send fails rate-limited with a retry-after.").
		Default(2 * time.Second),
	sdk.NewDurationField("validity_period").Description("Drop a message still queued at Twilio after this long (at most 10h)."),
}

var manifest = sdk.Manifest{
	ID: ID, Version: "1.0.0", Runtime: sdk.RuntimeGRPC,
	Title:       "Twilio SMS",
	Description: "Sends and receives SMS (and MMS) through Twilio Programmable Messaging, honouring opt-outs.",
	Namespaces:  []string{"sms"},
	Channel:     &sdk.ChannelSpec{Name: "sms", Capabilities: []sdk.Capability{sdk.CapText, sdk.CapMedia}},
	Webhooks:    true,
	Config:      configFields,
	Actions: []sdk.ActionSpec{{
		ID: ActionSend, Title: "Send SMS",
		Description: "Sends an SMS (or MMS with media URLs or stored files) with a status callback; refuses opted-out recipients.",
		Input: sdk.Fields{
			sdk.NewStringField("to").Description("E.164 number.").Example("+5511987654321").Required(),
			sdk.NewStringField("text"),
			sdk.NewListField("media_urls", sdk.NewURLField("")).Description("Public media URLs (MMS)."),
			sdk.NewListField("media_blobs", sdk.NewStringField("")).Description("Stored files to send (MMS), by ID (an upload's id, a message's media.blob_id), up to 5 MB: Twilio fetches each from this connection's webhook URL by a signed link that works for 24 h, so the connection needs webhook_base_url or the server's public_url.").
				Example([]any{"blb_01jd3k4m5n6p7q8r9s0t1v2w3x"}),
		},
		Output: sdk.Fields{sdk.NewStringField("message_id").Required(), sdk.NewStringField("status"),
			sdk.NewIntField("segments")},
	}},
	Events: []sdk.EventSpec{
		{Subject: sdk.SubjectMessageReceived, Description: "A contact sent an SMS, or an MMS: one event per media item, stored with the host's blobs.", Payload: sdk.Fields{
			sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("from").Required(),
			sdk.NewEnumField("type", "text", "media").Required(), sdk.NewStringField("text")}},
		{Subject: sdk.SubjectMessageStatus, Description: "A sent SMS changed status.", Payload: sdk.Fields{
			sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("recipient"),
			sdk.NewEnumField("status", "sent", "delivered", "read", "failed").Required()}},
		{Subject: SubjectOptedOut, Description: "A contact texted an opt-out keyword; later sends to them fail.",
			Payload: optPayload},
		{Subject: SubjectOptedIn, Description: "A contact texted an opt-in keyword (START).", Payload: optPayload},
	},
	Permissions: sdk.Permissions{
		// The Messaging API (Services) has its own host. Inbound media URLs
		// redirect to Twilio's CDN, or to its legacy S3 host.
		Hosts:    []string{"api.twilio.com", "messaging.twilio.com", "mms.twiliocdn.com", "s3-external-1.amazonaws.com"},
		Services: []sdk.Service{sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock, sdk.ServiceBlobs},
	},
}

var optPayload = sdk.Fields{sdk.NewStringField("phone").Required(), sdk.NewStringField("keyword").Required(),
	sdk.NewStringField("message_id")}
