package whatsappcloud

import (
	"time"

	"github.com/masteria/masteria/sdk"
)

// ID is the plugin's ID.
const ID = "whatsapp-cloud"

// The action IDs.
const (
	ActionSend          = "whatsapp.send"
	ActionTemplatesSync = "whatsapp.templates.sync"
	ActionTemplatesList = "whatsapp.templates.list"
	// ActionTemplatesPreview checks a template send without sending it.
	ActionTemplatesPreview = "whatsapp.templates.preview"
	// ActionNumber reads the business number's health from Meta.
	ActionNumber = "whatsapp.number"
)

// SubjectError carries system-level errors Meta reports in a webhook's
// value.errors, not tied to one message.
const SubjectError = "whatsapp.error"

// The config defaults.
const (
	DefaultGraphBaseURL = "https://graph.facebook.com"
	DefaultAPIVersion   = "v21.0"
	DefaultThroughput   = 80   // messages per second per number (Meta's default)
	MaxThroughput       = 1000 // Meta's automatic upgrade
)

var configFields = sdk.Fields{
	sdk.NewStringField("phone_number_id").Description("The business phone number's ID in the Graph API.").
		Example("106540352242922").Required(),
	sdk.NewStringField("waba_id").Description("The WhatsApp Business Account ID, for templates.").
		Example("102290129340398").Required(),
	sdk.NewStringField("access_token").Description("System-user access token (Bearer).").Secret().Required(),
	sdk.NewStringField("app_secret").Description("The Meta app secret; keys X-Hub-Signature-256 on webhooks.").
		Secret().Required(),
	sdk.NewStringField("verify_token").Description("The token Meta presents in the webhook verification handshake.").
		Secret().Required(),
	sdk.NewURLField("graph_base_url").Description("Graph API base URL (a simulator's in tests and demos).").
		Default(DefaultGraphBaseURL),
	sdk.NewStringField("api_version").Description("Pinned Graph API version.").Example("v21.0").
		Default(DefaultAPIVersion),
	sdk.NewIntField("throughput").Description("Messages per second this number may send (80 by default, up to 1000 after Meta's upgrade).").
		Default(DefaultThroughput),
	sdk.NewIntField("pair_rate_burst").Description("Messages that may go to one user at once (Meta: 45).").Default(45),
	sdk.NewDurationField("pair_rate_interval").Description("After a burst, one message to the same user per interval (Meta: 6s).").
		Default(6 * time.Second),
	sdk.NewDurationField("max_pacing_wait").Description("Longest a send waits for pacing; beyond it the send fails rate-limited with a retry-after.").
		Default(2 * time.Second),
	sdk.NewBoolField("download_media").Description("Download inbound media when it arrives and keep it in the workspace's file storage (Meta's media URLs expire).").Default(true),
	sdk.NewBoolField("keyword_opt_out").Description("When a contact's text message is an opt-out keyword alone (PARAR, SAIR, CANCELAR, STOP, …; punctuation and emoji around it allowed), record their WhatsApp opt-out, which later campaign, flow and agent sends honour; START or UNSTOP opts back in. Off: such messages are ordinary messages.").Default(true),
}

// mediaFields mirror sdk.Media.
func mediaFields(name string) sdk.Field {
	return sdk.NewObjectField(name,
		sdk.NewEnumField("type", "image", "audio", "video", "document", "sticker").Required(),
		sdk.NewURLField("link").Description("A public HTTPS link."),
		sdk.NewStringField("id").Description("An uploaded media ID."),
		sdk.NewStringField("caption"),
		sdk.NewStringField("filename").Description("For documents."),
		sdk.NewStringField("mime_type").Description("The file's MIME type."),
		sdk.NewStringField("blob_id").Description("A file kept in the workspace's storage (POST /api/v1/media): uploaded to Meta once, then sent by its media ID."),
	)
}

var templateField = sdk.NewObjectField("template",
	sdk.NewStringField("name").Example("pedido_confirmado").Required(),
	sdk.NewStringField("language").Example("pt_BR").Required(),
	sdk.NewMapField("variables", sdk.NewStringField("")).
		Description(`Body placeholders by position ("1", "2") or by name.`),
	sdk.NewListField("components", sdk.NewObjectField("",
		sdk.NewEnumField("type", "header", "body", "button").Required(),
		sdk.NewStringField("sub_type").Description(`For buttons: "quick_reply" or "url".`),
		sdk.NewIntField("index").Description(`For buttons: the button's position in the template, from 0. A URL button whose url ends in {{1}} needs one: sub_type "url" and one text parameter, the URL's suffix.`),
		sdk.NewListField("parameters", sdk.NewObjectField("",
			sdk.NewEnumField("type", "text", "image", "video", "document", "payload").Required(),
			sdk.NewStringField("name"), sdk.NewStringField("text"), sdk.NewStringField("payload"),
			mediaFields("media"))),
	)).Description("Full control over header, body and button parameters."),
)

var interactiveField = sdk.NewObjectField("interactive",
	sdk.NewEnumField("type", "button", "list").Required(),
	sdk.NewStringField("header"), sdk.NewStringField("body").Required(), sdk.NewStringField("footer"),
	sdk.NewListField("buttons", sdk.NewObjectField("",
		sdk.NewStringField("id").Required(), sdk.NewStringField("title").Required())),
	sdk.NewStringField("list_button"),
	sdk.NewListField("sections", sdk.NewObjectField("",
		sdk.NewStringField("title"),
		sdk.NewListField("rows", sdk.NewObjectField("",
			sdk.NewStringField("id").Required(), sdk.NewStringField("title").Required(),
			sdk.NewStringField("description"))))),
)

var sendInput = sdk.Fields{
	sdk.NewStringField("to").Description("The recipient's number, E.164.").Example("+5511987654321").Required(),
	sdk.NewEnumField("kind", "text", "template", "media", "interactive", "reaction", "read").Default("text"),
	sdk.NewStringField("text"),
	templateField,
	mediaFields("media"),
	interactiveField,
	sdk.NewStringField("emoji").Description("The reaction; empty removes it."),
	sdk.NewStringField("reply_to").Description("A wamid: quoted, reacted to, or marked read."),
}

var templateInfo = sdk.NewObjectField("",
	sdk.NewStringField("id"), sdk.NewStringField("name").Required(), sdk.NewStringField("language").Required(),
	sdk.NewStringField("status").Required(), sdk.NewStringField("category"),
	sdk.NewStringField("quality").Description("GREEN, YELLOW, RED or UNKNOWN."),
	sdk.NewStringField("reason").Description("Why Meta rejected, paused or disabled it (INVALID_FORMAT, INCORRECT_CATEGORY, …); absent for none."),
	sdk.NewStringField("header").Description(`The media its header takes: "image", "video" or "document"; empty for none or text.`),
	sdk.NewStringField("parameter_format").Description(`How its placeholders are named: POSITIONAL ({{1}}, {{2}}) or NAMED ({{first_name}}).`),
	sdk.NewStringField("header_text").Description("Its text header, placeholders and all."),
	sdk.NewStringField("body").Description("Its body text, placeholders and all; empty when its components are not known yet (sync)."),
	sdk.NewStringField("footer"),
	sdk.NewListField("parameters", sdk.NewObjectField("",
		sdk.NewEnumField("component", "header", "body", "button").Required(),
		sdk.NewStringField("name").Description(`"1", "2", … or the placeholder's name.`).Required(),
		sdk.NewStringField("example").Description("The sample value given to Meta."),
		sdk.NewIntField("index").Description("A URL button's position."))).
		Description("What a send must give: the text header's, the body's, then each dynamic URL button's parameters."),
	sdk.NewListField("buttons", sdk.NewObjectField("",
		sdk.NewStringField("type").Description("QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, …").Required(),
		sdk.NewStringField("text"),
		sdk.NewStringField("url").Description(`A URL button's; one ending in {{1}} takes its suffix at send: a button component with sub_type "url", the button's index and one text parameter.`))).
		Description("Its buttons in order; a send names one by its position (index)."))

var numberOutput = sdk.Fields{
	sdk.NewStringField("phone_number_id").Required(),
	sdk.NewStringField("display_phone_number").Description("The number as Meta shows it.").Example("+55 11 98765-4321"),
	sdk.NewStringField("verified_name").Description("The business name Meta verified for the number."),
	sdk.NewStringField("quality_rating").Description("GREEN, YELLOW, RED or UNKNOWN (not rated yet): how customers received the number's messages lately.").Required(),
	sdk.NewStringField("messaging_limit").Description("The business portfolio's messaging limit, shared by all its numbers: how many unique customers it may reach outside a customer-service window in a rolling 24 h. " +
		"TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED (Graph's whatsapp_business_manager_messaging_limit); empty when the Graph API version does not report it."),
	sdk.NewStringField("throughput").Description("The number's throughput level: STANDARD (80 messages/s), HIGH (up to 1,000) or NOT_APPLICABLE."),
}

var payloadReceived = sdk.Fields{
	sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("from").Required(),
	sdk.NewEnumField("type", "text", "media", "location", "contacts", "interactive", "reaction",
		"order", "system", "unsupported").Required(),
	sdk.NewStringField("text"), sdk.NewStringField("timestamp"),
}

var payloadStatus = sdk.Fields{
	sdk.NewStringField("provider_message_id").Required(), sdk.NewStringField("recipient"),
	sdk.NewEnumField("status", "sent", "delivered", "read", "failed").Required(),
}

var payloadKeyword = sdk.Fields{
	sdk.NewStringField("phone").Description("The contact's wa_id.").Required(),
	sdk.NewStringField("keyword").Description(`The keyword, in upper case without accents ("STOP PROMOTIONS" for Meta's marketing opt-out button), or "whatsapp-131050" when Meta refused a marketing template with 131050.`).Required(),
	sdk.NewStringField("message_id").Description("The message's wamid."),
	sdk.NewEnumField("scope", ScopeMarketing).Description(`"marketing": the opt-out stops marketing templates only (the contact's whatsapp:marketing consent); absent: all of WhatsApp.`),
}

var manifest = sdk.Manifest{
	ID: ID, Version: "1.0.0", Runtime: sdk.RuntimeGRPC,
	Title:       "WhatsApp Cloud API",
	Description: "Sends and receives WhatsApp messages through Meta's Cloud API (Graph API), with templates, pacing and the 24-hour window.",
	Namespaces:  []string{"whatsapp"},
	Channel: &sdk.ChannelSpec{Name: "whatsapp", Capabilities: []sdk.Capability{sdk.CapText, sdk.CapTemplate,
		sdk.CapMedia, sdk.CapInteractive, sdk.CapReactions, sdk.CapReadReceipts, sdk.CapLocation, sdk.CapWindow24h}},
	Webhooks: true,
	Config:   configFields,
	Actions: []sdk.ActionSpec{
		{ID: ActionSend, Title: "Send WhatsApp message", Input: sendInput,
			Description: "Sends a text, template, media, interactive message, reaction or read receipt.",
			Output: sdk.Fields{sdk.NewStringField("message_id").Required(),
				sdk.NewBoolField("held").Description("Whether Meta holds the template send for quality assessment (template pacing): it goes out, or fails with 132015, later.").Required(),
				sdk.NewStringField("text").Description("For a template the synced catalog knows: the text the customer reads, its parameters filled in.")}},
		{ID: ActionTemplatesSync, Title: "Sync WhatsApp templates",
			Description: "Fetches every message template of the account with its status and quality.",
			Output: sdk.Fields{sdk.NewIntField("count").Required(), sdk.NewStringField("synced_at").Required(),
				sdk.NewListField("templates", templateInfo)}},
		{ID: ActionTemplatesList, Title: "List WhatsApp templates", Local: true,
			Description: "Lists the synced templates (syncing first if never synced), optionally filtered.",
			Input: sdk.Fields{sdk.NewStringField("name").Description("Substring of the name."),
				sdk.NewStringField("language"), sdk.NewStringField("status").Example("APPROVED"),
				sdk.NewStringField("category")},
			Output: sdk.Fields{sdk.NewIntField("count").Required(),
				sdk.NewStringField("synced_at").Description("When the catalog was last synced (RFC 3339)."),
				sdk.NewListField("templates", templateInfo)}},
		{ID: ActionTemplatesPreview, Title: "Preview a WhatsApp template", Local: true,
			Description: "Checks a template's parameters against the synced catalog, as a send does, and returns the text the customer would read; fails as the send would when they do not fit. Never syncs: a template the catalog lacks is not known.",
			Input:       sdk.Fields{templateField.Required()},
			Output: sdk.Fields{sdk.NewBoolField("known").Description("Whether the synced catalog has the template's components.").Required(),
				sdk.NewStringField("text").Description("Header, body and footer with the parameters filled in; empty when not known."),
				sdk.NewStringField("category").Description("MARKETING, UTILITY or AUTHENTICATION; empty when not known. A marketing template does not reach a contact who stopped marketing messages (131050).")}},
		{ID: ActionNumber, Title: "Read the WhatsApp number's health",
			Description: "Reads the business number from Meta now: its display number, verified name, quality rating, throughput and the portfolio's messaging limit.",
			Output:      numberOutput},
	},
	Events: []sdk.EventSpec{
		{Subject: sdk.SubjectMessageReceived, Description: "A contact sent a message.", Payload: payloadReceived},
		{Subject: sdk.SubjectMessageStatus, Description: "A sent message changed status.", Payload: payloadStatus},
		{Subject: SubjectOptedOut, Description: "A contact wrote an opt-out keyword (PARAR, SAIR, CANCELAR, STOP, …) alone; recorded as their WhatsApp opt-out (keyword_opt_out). " +
			`With scope "marketing": they tapped a marketing template's "Stop promotions" button, or Meta refused a marketing template to them with 131050; recorded as their opt-out of WhatsApp marketing messages only.`,
			Payload: payloadKeyword},
		{Subject: SubjectOptedIn, Description: "A contact wrote an opt-in keyword (START, UNSTOP) alone (keyword_opt_out); recorded as their opt-in to WhatsApp, marketing messages included.", Payload: payloadKeyword},
		{Subject: SubjectError, Description: "Meta reported an error not tied to one message.",
			Payload: sdk.Fields{sdk.NewStringField("phone_number_id"), sdk.NewStringField("code").Required(),
				sdk.NewStringField("title"), sdk.NewStringField("details")}},
	},
	Permissions: sdk.Permissions{
		Hosts:    []string{"graph.facebook.com", "lookaside.fbsbx.com"},
		Services: []sdk.Service{sdk.ServiceKV, sdk.ServiceHTTP, sdk.ServiceEvents, sdk.ServiceLog, sdk.ServiceClock, sdk.ServiceBlobs},
	},
}
