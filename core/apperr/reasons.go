package apperr

import "time"

// Reason is a stable key for a refusal people commonly meet (a reply
// outside the 24-hour window, a campaign that cannot be paused), sent next
// to the English message with the values the message names (Params), so
// a client can word the refusal in its own language. The message stays
// the same for API clients that read it.
type Reason string

// P is a refusal's parameters: strings and integers by name.
type P = map[string]any

// Every reason a client can receive. Params are named in Reasons.
const (
	// Inbox replies and conversations.
	WindowClosed           Reason = "window_closed"
	ContactOptedOut        Reason = "contact_opted_out"
	MarketingOptedOut      Reason = "marketing_opted_out"
	BotHandlesConversation Reason = "bot_handles_conversation"
	NoAgentOnline          Reason = "no_agent_online"
	MessageNotFound        Reason = "message_not_found"
	MessageNotSentYet      Reason = "message_not_sent_yet"
	ReactionsUnsupported   Reason = "reactions_unsupported"
	// Campaigns.
	CampaignNotDraft    Reason = "campaign_not_draft"
	CampaignNotPausable Reason = "campaign_not_pausable"
	CampaignNotPaused   Reason = "campaign_not_paused"
	CampaignEnded       Reason = "campaign_ended"
	CampaignStarted     Reason = "campaign_started"
	CampaignActive      Reason = "campaign_active"
	FlowNotPublished    Reason = "flow_not_published"
	// Names, addresses and shortcuts already in use.
	NameTaken     Reason = "name_taken"
	AddressTaken  Reason = "address_taken"
	ShortcutTaken Reason = "shortcut_taken"
	// Kanban boards.
	LastStage     Reason = "last_stage"
	StageHasCards Reason = "stage_has_cards"
	// Contact imports.
	ImportEmpty      Reason = "import_empty"
	ImportUnreadable Reason = "import_unreadable"
	// Workspaces, members and roles.
	RoleRequired    Reason = "role_required"
	OwnerOnly       Reason = "owner_only"
	LastOwner       Reason = "last_owner"
	AlreadyMember   Reason = "already_member"
	EmailRegistered Reason = "email_registered"
	// Connections and their providers.
	ConnectionChanged    Reason = "connection_changed"
	ConnectionInvalid    Reason = "connection_invalid"
	PluginUnavailable    Reason = "plugin_unavailable"
	WebhooksNotTaken     Reason = "webhooks_not_taken"
	PublicURLUnknown     Reason = "public_url_unknown"
	WebhooksManual       Reason = "webhooks_manual"
	WebhooksRefused      Reason = "webhooks_refused"
	WebhooksUnreachable  Reason = "webhooks_unreachable"
	TemplatesUnsupported Reason = "templates_unsupported"
	CredentialsRefused   Reason = "credentials_refused"
	TemplatesUnavailable Reason = "templates_unavailable"
	NumberUnsupported    Reason = "number_unsupported"
	NumberUnavailable    Reason = "number_unavailable"
	// Outbound webhooks.
	WebhookEndpointOff     Reason = "webhook_endpoint_off"
	WebhookDeliveryPending Reason = "webhook_delivery_pending"
	// Flows and runs.
	DraftHasProblems Reason = "draft_has_problems"
	RunEnded         Reason = "run_ended"
	RunActive        Reason = "run_active"
	// Files.
	FileInUse Reason = "file_in_use"
	// Forms whose fields have problems (fields and field_reasons say which).
	ContactInvalid          Reason = "contact_invalid"
	FieldDefInvalid         Reason = "field_def_invalid"
	NoteInvalid             Reason = "note_invalid"
	CampaignInvalid         Reason = "campaign_invalid"
	AudienceInvalid         Reason = "audience_invalid"
	BoardInvalid            Reason = "board_invalid"
	StageInvalid            Reason = "stage_invalid"
	CardInvalid             Reason = "card_invalid"
	MessageInvalid          Reason = "message_invalid"
	CannedInvalid           Reason = "canned_invalid"
	ConnectionFieldsInvalid Reason = "connection_fields_invalid"
	MemberInvalid           Reason = "member_invalid"
	APIKeyInvalid           Reason = "api_key_invalid"
	SecretInvalid           Reason = "secret_invalid"
	WebhookEndpointInvalid  Reason = "webhook_endpoint_invalid"
	WorkspaceInvalid        Reason = "workspace_invalid"
	FlowNeedsName           Reason = "flow_needs_name"
	PublishHasProblems      Reason = "publish_has_problems"
	// Request bodies and list parameters (fields and field_reasons say which).
	BodyWrongType     Reason = "body_wrong_type"
	BodyUnknownField  Reason = "body_unknown_field"
	ListParamsInvalid Reason = "list_params_invalid"
	// Too many requests, and parts of the server that are not running.
	TooManyAttempts    Reason = "too_many_attempts"
	TooManyRequests    Reason = "too_many_requests"
	ProviderThrottled  Reason = "provider_throttled"
	NotRunning         Reason = "not_running"
	ServiceUnavailable Reason = "service_unavailable"
)

// Reasons describes every reason and its params, for the OpenAPI document.
var Reasons = map[Reason]string{
	WindowClosed:            "a WhatsApp reply outside the 24-hour window: only a template can be sent",
	ContactOptedOut:         "the contact opted out of the channel; params: channel (whatsapp, sms)",
	MarketingOptedOut:       "a marketing template to a contact who stopped marketing messages; params: channel, template",
	BotHandlesConversation:  "the conversation is already the bot's",
	NoAgentOnline:           "no agent is online to take the conversation",
	MessageNotFound:         "the conversation has no message with this ID (a reply's reply_to, a reaction's message)",
	MessageNotSentYet:       "the message has not reached the provider yet; params: action (quote, react)",
	ReactionsUnsupported:    "the channel has no reactions; params: channel",
	CampaignNotDraft:        "only a draft campaign starts; params: status (the campaign's)",
	CampaignNotPausable:     "only a running or scheduled campaign pauses; params: status",
	CampaignNotPaused:       "only a paused campaign resumes; params: status",
	CampaignEnded:           "the campaign is already completed or cancelled; params: status",
	CampaignStarted:         "a campaign that started cannot change",
	CampaignActive:          "a running or paused campaign is cancelled before it is deleted; params: status",
	FlowNotPublished:        "the flow has no published version; params: flow (its name)",
	NameTaken:               "the name is taken (a campaign, flow, connection, board or stage); params: name",
	AddressTaken:            "another contact has one of these addresses; params: contact_id (when known)",
	ShortcutTaken:           "a canned response has this shortcut; params: shortcut",
	LastStage:               "a board keeps at least one stage; params: stage",
	StageHasCards:           "the stage still has cards; params: stage",
	ImportEmpty:             "the import has no file contents",
	ImportUnreadable:        "the file cannot be imported; params: detail (the parser's words, English)",
	RoleRequired:            "the caller's role is too low; params: role (the least that may)",
	OwnerOnly:               "only an owner can change an owner",
	LastOwner:               "a workspace keeps at least one owner",
	AlreadyMember:           "the user is already a member; params: email",
	EmailRegistered:         "a user has this email: give their password to add a workspace",
	ConnectionChanged:       "the connection changed or was removed during the check",
	ConnectionInvalid:       "the provider refused the configuration; params: detail (the plugin's words, English)",
	PluginUnavailable:       "the plugin could not check the configuration now; params: plugin",
	WebhooksNotTaken:        "connections of this plugin take no webhooks; params: plugin",
	PublicURLUnknown:        "the server does not know its public URL, so no webhook can reach it",
	WebhooksManual:          "the plugin cannot set its provider's webhooks; params: plugin, url (to set in the provider's console)",
	WebhooksRefused:         "the provider refused to send webhooks here; params: plugin, detail (English)",
	WebhooksUnreachable:     "the provider could not be asked to send webhooks here; params: plugin, detail (English)",
	WebhookEndpointOff:      "the webhook endpoint is turned off: enable it before sending to it again; params: state (disabled, gone, failing)",
	WebhookDeliveryPending:  "the delivery is still being tried: it can be sent again once delivered or failed; params: next_attempt_at (RFC 3339)",
	TemplatesUnsupported:    "only WhatsApp Cloud connections have message templates; params: connection, plugin",
	CredentialsRefused:      "WhatsApp refused the connection's credentials",
	TemplatesUnavailable:    "the WhatsApp connection could not get its templates",
	NumberUnsupported:       "only WhatsApp Cloud connections have a WhatsApp number to read; params: connection, plugin",
	NumberUnavailable:       "the WhatsApp connection could not read its number from WhatsApp (out of reach, or the number is not the token's)",
	DraftHasProblems:        "the flow's draft has lint problems; params: count",
	RunEnded:                "the run already ended; params: status",
	RunActive:               "the run is still going; params: status",
	FileInUse:               "a message or a campaign uses the file",
	ContactInvalid:          "the contact cannot be saved: see fields",
	FieldDefInvalid:         "the custom field cannot be saved: see fields",
	NoteInvalid:             "the note cannot be saved: see fields",
	CampaignInvalid:         "the campaign is not valid: see fields",
	AudienceInvalid:         "the audience is not valid: see fields",
	BoardInvalid:            "the board cannot be created: see fields",
	StageInvalid:            "the stage cannot be added or changed: see fields",
	CardInvalid:             "the card cannot be saved: see fields",
	MessageInvalid:          "the message cannot be sent: see fields",
	CannedInvalid:           "the canned response cannot be saved: see fields",
	ConnectionFieldsInvalid: "the connection's configuration is invalid: see fields",
	MemberInvalid:           "the member cannot be added or changed: see fields",
	APIKeyInvalid:           "the API key cannot be created: see fields",
	SecretInvalid:           "the secret cannot be stored: see fields",
	WebhookEndpointInvalid:  "the webhook endpoint cannot be saved: see fields",
	WorkspaceInvalid:        "the workspace cannot be created: see fields",
	FlowNeedsName:           "the flow's document sets no name",
	PublishHasProblems:      "the draft has problems to fix before it is published; params: count",
	BodyWrongType:           "a value of the body has the wrong JSON type; params: field, want (number, text, boolean, list, object)",
	BodyUnknownField:        "the body has a field the request does not take; params: field",
	ListParamsInvalid:       "a list's parameters (limit, cursor, sort, a filter) are not valid: see fields",
	TooManyAttempts:         "too many failed sign-in attempts; params: retry_after (seconds, 0 when not known)",
	TooManyRequests:         "too many requests; params: retry_after (seconds, 0 when not known)",
	ProviderThrottled:       "the provider is throttling this account; params: provider, retry_after (seconds, 0 when not known)",
	NotRunning:              "a part of the server is not running; params: service (files, flow_engine, event_bus, campaigns, plugin_host, webhooks)",
	ServiceUnavailable:      "the server cannot answer now",
}

// Because keys e with a reason and its params; the message is unchanged.
func (e *Error) Because(reason Reason, params P) *Error {
	e.Reason, e.Params = reason, params
	return e
}

// NeedRole is forbidden for a caller whose role is below role.
func NeedRole[R ~string](role R) *Error {
	return New(Forbidden, "this needs the %s role or higher", role).Because(RoleRequired, P{"role": string(role)})
}

// Retry sets when the caller may try again (the Retry-After header) and
// names it in params as retry_after, in whole seconds (0: not known).
func (e *Error) Retry(after time.Duration) *Error {
	e.RetryAfter = after
	if e.Params == nil {
		e.Params = P{}
	}
	e.Params["retry_after"] = int((max(after, 0) + time.Second - 1) / time.Second)
	return e
}

// NotRunningf is unavailable because a part of the server (service: files,
// flow_engine, event_bus, campaigns, plugin_host) is not running.
func NotRunningf(service, format string, args ...any) *Error {
	return New(Unavailable, format, args...).Because(NotRunning, P{"service": service})
}
