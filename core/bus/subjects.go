package bus

// Subject scheme. Every subject starts with the bus namespace (default
// "masteria"; tests use their own so they can share one NATS server).
//
//	<ns>.evt.<tenant_id>.<event type>   domain events, JetStream stream <NS>_EVENTS
//	                                    e.g. masteria.evt.ten_01j….message.received
//	<ns>.act.<action id>                plugin actions: request/reply services in
//	                                    queue group "masteria-actions"
//	                                    e.g. masteria.act.whatsapp.send
//	_INBOX.<nuid>.<n>                   a reply to a Bus.Request caller: its
//	                                    inbox, and the request's number
//
// Event types are dotted lowercase names; the constants below are every
// type the core emits or consumes. Message headers carry the tenant ID
// (HeaderTenant), the event type (HeaderType) and Nats-Msg-Id, the outbox
// message ID JetStream de-duplicates on.
const (
	EventTenantCreated    = "tenant.created"
	EventMemberAdded      = "member.added"
	EventMemberChanged    = "member.changed"
	EventMemberRemoved    = "member.removed"
	EventAPIKeyCreated    = "apikey.created"
	EventAPIKeyDeleted    = "apikey.deleted"
	EventSecretChanged    = "secret.changed"
	EventSecretDeleted    = "secret.deleted"
	EventMessageReceived  = "message.received"
	EventMessageStatus    = "message.status"
	EventContactCreated   = "contact.created"
	EventContactTagged    = "contact.tagged"
	EventKanbanCardMoved  = "kanban.card.moved"
	EventCampaignEnrolled = "campaign.enrolled"
	EventCallEnded        = "call.ended"
)

// Header names set on every published event.
const (
	HeaderTenant = "Masteria-Tenant"
	HeaderType   = "Masteria-Type"
	HeaderMsgID  = "Nats-Msg-Id"
)

// DefaultNamespace prefixes every subject in production.
const DefaultNamespace = "masteria"

// EventSubject is where an event of type typ for tenant is published.
func (b *Bus) EventSubject(tenantID, typ string) string {
	return b.ns + ".evt." + tenantID + "." + typ
}

// TenantEvents matches every event of one tenant (for its WebSockets).
func (b *Bus) TenantEvents(tenantID string) string { return b.ns + ".evt." + tenantID + ".>" }

// AllEvents matches every event of every tenant.
func (b *Bus) AllEvents() string { return b.ns + ".evt.>" }

// EventStream names the JetStream stream holding every event.
func (b *Bus) EventStream() string { return upper(b.ns) + "_EVENTS" }

func upper(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c >= 'a' && c <= 'z' {
			out[i] = c - 32
		} else if c == '.' || c == '-' {
			out[i] = '_'
		}
	}
	return string(out)
}

// CRM event types: contacts, the inbox and the Kanban. Every one also
// reaches the tenant's WebSockets (/api/v1/stream).
const (
	EventContactUpdated        = "contact.updated"
	EventContactUntagged       = "contact.untagged"
	EventContactErased         = "contact.erased"
	EventContactConsent        = "contact.consent"
	EventContactImportFinished = "contact.import.finished"
	EventConversationCreated   = "conversation.created"
	EventConversationUpdated   = "conversation.updated"
	EventConversationAssigned  = "conversation.assigned"
	EventConversationHandoff   = "conversation.handoff"  // an agent took over: the flow's handoff step holds
	EventConversationReleased  = "conversation.released" // handed back to the bot: the flow resumes
	EventMessageOutbound       = "message.outbound"      // an agent's reply (or a read receipt) for the channel plugin to send
	EventMessageNote           = "message.note"          // an internal note, never sent
	EventMessageActivity       = "message.activity"      // an activity line of the thread (assigned, resolved, …), never sent
	EventMessageSent           = "message.sent"          // a flow's message, recorded in the thread after its channel sent it
	EventKanbanCardCreated     = "kanban.card.created"
	EventKanbanCardUpdated     = "kanban.card.updated"
	EventKanbanCardDeleted     = "kanban.card.deleted"
)

// ActionCall is where an action is served: <ns>.act.<action id>, e.g.
// masteria.act.whatsapp.send. Action IDs are unique across plugins, so
// callers need not know which plugin provides one.
func (b *Bus) ActionCall(actionID string) string { return b.ns + ".act." + actionID }

// HostCall is where one instance alone serves an action:
// <ns>.host.<instance>.act.<action id>. Calls for a connection go there
// when the roster names that instance the connection's owner.
func (b *Bus) HostCall(instanceID, actionID string) string {
	return b.ns + ".host." + instanceID + ".act." + actionID
}

// HostBeat carries the instances' heartbeats (which actions each serves);
// HostWho asks every instance to beat at once (a new instance's roll call).
func (b *Bus) HostBeat() string { return b.ns + ".hosts.beat" }

// HostWho: see HostBeat.
func (b *Bus) HostWho() string { return b.ns + ".hosts.who" }

// Campaign event types. campaign.progress is pushed while a campaign runs
// (its counts: queued, sent, delivered, read, replied, failed with reasons,
// opted out); every one also reaches the tenant's WebSockets.
const (
	EventCampaignCreated   = "campaign.created"
	EventCampaignUpdated   = "campaign.updated"
	EventCampaignDeleted   = "campaign.deleted"
	EventCampaignScheduled = "campaign.scheduled"
	EventCampaignStarted   = "campaign.started" // a round began
	EventCampaignProgress  = "campaign.progress"
	EventCampaignPaused    = "campaign.paused" // by a user, or by the circuit breaker (the payload says why)
	EventCampaignResumed   = "campaign.resumed"
	EventCampaignCancelled = "campaign.cancelled"
	EventCampaignCompleted = "campaign.completed" // a round (or, when not recurring, the campaign) finished
)

// Webhook endpoint event types: a tenant's outbound webhook endpoints
// changed (the dashboard refreshes; every instance's webhook consumer
// resubscribes). webhook.endpoint.disabled is the sender turning one off
// (it answered 410, or its deliveries kept failing). None is delivered to
// webhooks.
const (
	EventWebhookEndpointCreated  = "webhook.endpoint.created"
	EventWebhookEndpointUpdated  = "webhook.endpoint.updated"
	EventWebhookEndpointDeleted  = "webhook.endpoint.deleted"
	EventWebhookEndpointDisabled = "webhook.endpoint.disabled"
)

// WebhookEndpointEvents matches every tenant's webhook endpoint events.
func (b *Bus) WebhookEndpointEvents() string { return b.ns + ".evt.*.webhook.endpoint.*" }
