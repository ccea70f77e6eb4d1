package webhooks

import (
	"slices"
	"strings"

	"github.com/masteria/masteria/core/bus"
)

// EventType is an event type an endpoint may ask for, in its group (the
// dashboard's checkboxes are grouped so).
type EventType struct {
	Type  string `json:"type"`
	Group string `json:"group"` // messages, conversations, contacts, kanban, campaigns, calls
}

// Catalog is every event type endpoints may receive: the tenant's
// business events. Internal ones (members, API keys, secrets, an agent's
// reply on its way to the channel, notes) are not offered.
var Catalog = []EventType{
	{bus.EventMessageReceived, "messages"},
	{bus.EventMessageStatus, "messages"},
	{bus.EventMessageSent, "messages"},
	{bus.EventConversationCreated, "conversations"},
	{bus.EventConversationUpdated, "conversations"},
	{bus.EventConversationAssigned, "conversations"},
	{bus.EventConversationHandoff, "conversations"},
	{bus.EventConversationReleased, "conversations"},
	{bus.EventContactCreated, "contacts"},
	{bus.EventContactUpdated, "contacts"},
	{bus.EventContactTagged, "contacts"},
	{bus.EventContactUntagged, "contacts"},
	{bus.EventContactConsent, "contacts"},
	{bus.EventContactErased, "contacts"},
	{bus.EventKanbanCardCreated, "kanban"},
	{bus.EventKanbanCardUpdated, "kanban"},
	{bus.EventKanbanCardMoved, "kanban"},
	{bus.EventKanbanCardDeleted, "kanban"},
	{bus.EventCampaignScheduled, "campaigns"},
	{bus.EventCampaignStarted, "campaigns"},
	{bus.EventCampaignProgress, "campaigns"},
	{bus.EventCampaignPaused, "campaigns"},
	{bus.EventCampaignResumed, "campaigns"},
	{bus.EventCampaignCompleted, "campaigns"},
	{bus.EventCampaignCancelled, "campaigns"},
	{bus.EventCampaignEnrolled, "campaigns"},
	{bus.EventCallEnded, "calls"},
}

// TestEvent is the type of the event POST …/{id}/test sends.
const TestEvent = "webhook.test"

// AllEvents, as an endpoint's event type, asks for every type of Catalog.
const AllEvents = "*"

var offered = func() map[string]bool {
	m := make(map[string]bool, len(Catalog))
	for _, e := range Catalog {
		m[e.Type] = true
	}
	return m
}()

// validPattern tells whether p names an offered type, a group of them
// ("conversation.*", "kanban.card.*") or all of them ("*").
func validPattern(p string) bool {
	if p == AllEvents || offered[p] {
		return true
	}
	prefix, ok := strings.CutSuffix(p, ".*")
	if !ok || prefix == "" {
		return false
	}
	return slices.ContainsFunc(Catalog, func(e EventType) bool { return strings.HasPrefix(e.Type, prefix+".") })
}

// wants tells whether an endpoint asking for patterns takes an event of
// type typ. Only offered types are ever taken.
func wants(patterns []string, typ string) bool {
	if !offered[typ] {
		return false
	}
	for _, p := range patterns {
		if p == AllEvents || p == typ {
			return true
		}
		if prefix, ok := strings.CutSuffix(p, ".*"); ok && strings.HasPrefix(typ, prefix+".") {
			return true
		}
	}
	return false
}

// typesWanted is every offered type one of patterns takes, in Catalog order.
func typesWanted(patterns []string) []string {
	var out []string
	for _, e := range Catalog {
		if wants(patterns, e.Type) {
			out = append(out, e.Type)
		}
	}
	return out
}
