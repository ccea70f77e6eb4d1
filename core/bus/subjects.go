package bus

// Subject scheme. Every subject starts with the bus namespace (default
// "masteria"; tests use their own so they can share one NATS server).
//
//	<ns>.evt.<tenant_id>.<event type>   domain events, JetStream stream <NS>_EVENTS
//	                                    e.g. masteria.evt.ten_01j….message.received
//	<ns>.act.<plugin>.<action>          plugin actions: request/reply services with
//	                                    queue group "<ns>.act" (plugin runtime)
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

// ActionSubject is where a plugin action is served.
func (b *Bus) ActionSubject(pluginID, action string) string {
	return b.ns + ".act." + pluginID + "." + action
}

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
