package api

import (
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/crm/kanban"
	"github.com/masteria/masteria/core/store"
)

// crmAPI is the CRM's handlers and the domain services they call.
type crmAPI struct {
	*API
	contacts *contacts.Service
	inbox    *inbox.Service
	kanban   *kanban.Service
}

// crmRoutes are contacts, the inbox, the Kanban and the real-time stream.
func (a *API) crmRoutes() []Route {
	h := &crmAPI{API: a, contacts: contacts.New(a.Store), inbox: inbox.New(a.Store), kanban: kanban.New(a.Store)}
	if a.Blobs != nil {
		h.contacts.Files = a.Blobs
	}
	return append(append(append(h.contactRoutes(), h.inboxRoutes()...), h.kanbanRoutes()...), h.streamRoutes()...)
}

func (h *crmAPI) contactRoutes() []Route {
	const tag = "contacts"
	return []Route{
		{Method: "GET", Path: "/api/v1/contacts", Role: anyRole, Tag: tag, Summary: "Contacts, filtered (q: name, phone, email or username) and sorted (created_at, name, updated_at; - for descending)",
			Query: []string{"q", "tag", "owner_id", "sort", "cursor", "limit"}, Reply: page[store.Contact]{}, Handle: h.listContacts},
		{Method: "POST", Path: "/api/v1/contacts", Role: auth.RoleAgent, Tag: tag, Summary: "Create a contact (phone normalized to E.164; an address another contact holds is a conflict)",
			Body: contacts.Input{}, Reply: store.Contact{}, Status: 201, Handle: h.createContact},
		{Method: "GET", Path: "/api/v1/contacts/:id", Role: anyRole, Tag: tag, Summary: "One contact", Reply: store.Contact{}, Handle: h.getContact},
		{Method: "PATCH", Path: "/api/v1/contacts/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Change the fields given",
			Body: contacts.Input{}, Reply: store.Contact{}, Handle: h.updateContact},
		{Method: "DELETE", Path: "/api/v1/contacts/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Erase a contact with their conversations, messages, stored media, notes, consents and cards (LGPD)",
			Status: 204, Handle: h.eraseContact},
		{Method: "GET", Path: "/api/v1/contacts/:id/export", Role: auth.RoleAdmin, Tag: tag, Summary: "Everything held about a contact (LGPD copy)",
			Reply: contacts.DataExport{}, Handle: h.exportContact},
		{Method: "POST", Path: "/api/v1/contacts/:id/tags", Role: auth.RoleAgent, Tag: tag, Summary: "Tag a contact", Body: tagBody{}, Reply: store.Contact{}, Handle: h.tagContact},
		{Method: "DELETE", Path: "/api/v1/contacts/:id/tags/:tag", Role: auth.RoleAgent, Tag: tag, Summary: "Untag a contact", Reply: store.Contact{}, Handle: h.untagContact},
		{Method: "GET", Path: "/api/v1/contacts/:id/notes", Role: anyRole, Tag: tag, Summary: "A contact's notes, newest first", Reply: list[store.Note]{}, Handle: h.listNotes},
		{Method: "POST", Path: "/api/v1/contacts/:id/notes", Role: auth.RoleAgent, Tag: tag, Summary: "Add a note", Body: noteBody{}, Reply: store.Note{}, Status: 201, Handle: h.addNote},
		{Method: "GET", Path: "/api/v1/contacts/:id/consents", Role: anyRole, Tag: tag, Summary: "Opt-in and opt-out records, newest first; channel whatsapp:marketing is an opt-in or opt-out of WhatsApp marketing templates only (Meta's 131050, a Stop promotions tap)", Reply: list[store.Consent]{}, Handle: h.listConsents},
		{Method: "POST", Path: "/api/v1/contacts/:id/consents", Role: auth.RoleAgent, Tag: tag, Summary: "Record an opt-in or opt-out on a channel, on all, or on a channel's marketing messages (whatsapp:marketing)",
			Body: contacts.ConsentInput{}, Reply: store.Consent{}, Status: 201, Handle: h.recordConsent},

		{Method: "GET", Path: "/api/v1/contact-fields", Role: anyRole, Tag: tag, Summary: "Custom field definitions", Reply: list[store.FieldDef]{}, Handle: h.listFields},
		{Method: "PUT", Path: "/api/v1/contact-fields", Role: auth.RoleAdmin, Tag: tag, Summary: "Define or redefine a custom field by key",
			Body: contacts.FieldInput{}, Reply: store.FieldDef{}, Handle: h.putField},
		{Method: "DELETE", Path: "/api/v1/contact-fields/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Delete a custom field definition", Status: 204, Handle: h.deleteField},

		{Method: "POST", Path: "/api/v1/contact-imports", Role: auth.RoleAdmin, Tag: tag, Summary: "Import a CSV in the background (all or nothing unless skip_invalid); poll the job",
			Body: contacts.ImportRequest{}, Reply: store.ImportJob{}, Status: 202, Handle: h.startImport},
		{Method: "GET", Path: "/api/v1/contact-imports/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "An import's progress and per-row error report",
			Reply: store.ImportJob{}, Handle: h.getImport},
		{Method: "GET", Path: "/api/v1/contact-export", Role: auth.RoleAdmin, Tag: tag, Summary: "Every contact matching the filters as CSV (text/csv)",
			Query: []string{"q", "tag", "owner_id", "sort"}, Handle: h.exportCSV},
	}
}

func (h *crmAPI) inboxRoutes() []Route {
	const tag = "inbox"
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations", Role: anyRole, Tag: tag, Summary: "The inbox, latest activity first; assignee_id=none lists the unassigned; q finds the contact by name (case and accents aside) or phone digits (4 or more); sort: last_message_at or created_at, - for descending, or waiting (only those waiting for an answer, longest waiting first)",
			Query: []string{"status", "assignee_id", "label", "channel", "contact_id", "handler", "q", "sort", "cursor", "limit"},
			Reply: page[store.Conversation]{}, Handle: h.listConversations},
		{Method: "GET", Path: "/api/v1/conversations/:id", Role: anyRole, Tag: tag, Summary: "One conversation with its 24-hour window and the contact's consent on its channel (consent.reachable false: sends are refused)", Reply: store.Conversation{}, Handle: h.getConversation},
		{Method: "PATCH", Path: "/api/v1/conversations/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Set the status (open, pending, resolved)",
			Body: statusBody{}, Reply: store.Conversation{}, Handle: h.setConversationStatus},
		{Method: "POST", Path: "/api/v1/conversations/:id/assign", Role: auth.RoleAgent, Tag: tag, Summary: "Assign to an agent, unassign (empty user_id), or round_robin among online agents",
			Body: assignBody{}, Reply: store.Conversation{}, Handle: h.assign},
		{Method: "POST", Path: "/api/v1/conversations/:id/labels", Role: auth.RoleAgent, Tag: tag, Summary: "Add a label", Body: labelBody{}, Reply: store.Conversation{}, Handle: h.addLabel},
		{Method: "DELETE", Path: "/api/v1/conversations/:id/labels/:label", Role: auth.RoleAgent, Tag: tag, Summary: "Remove a label", Reply: store.Conversation{}, Handle: h.removeLabel},
		{Method: "POST", Path: "/api/v1/conversations/:id/read", Role: auth.RoleAgent, Tag: tag, Summary: "Mark as read", Reply: store.Conversation{}, Handle: h.markRead},
		{Method: "POST", Path: "/api/v1/conversations/:id/handoff", Role: auth.RoleAgent, Tag: tag, Summary: "A human takes over from the bot (the flow's handoff holds)",
			Body: inbox.HandoffInput{}, Reply: store.Conversation{}, Handle: h.handoff},
		{Method: "POST", Path: "/api/v1/conversations/:id/release", Role: auth.RoleAgent, Tag: tag, Summary: "Hand the conversation back to the bot", Reply: store.Conversation{}, Handle: h.release},
		{Method: "GET", Path: "/api/v1/conversations/:id/messages", Role: anyRole, Tag: tag, Summary: "Messages, newest first",
			Query: []string{"cursor", "limit"}, Reply: page[store.Message]{}, Handle: h.listMessages},
		{Method: "POST", Path: "/api/v1/conversations/:id/messages", Role: auth.RoleAgent, Tag: tag, Summary: "Reply through the channel (templates only outside the 24-hour window); reply_to names the conversation's message it answers, quoted on WhatsApp (SMS cannot quote: 400); media.blob_id sends an uploaded file (on SMS an MMS, which Twilio fetches by a signed link under the connection's webhook URL)",
			Body: inbox.ReplyInput{}, Reply: store.Message{}, Status: 202, Handle: h.reply},
		{Method: "POST", Path: "/api/v1/conversations/:id/messages/:message_id/reaction", Role: auth.RoleAgent, Tag: tag, Summary: "React to a message with one emoji, or remove your reaction with \"\" (WhatsApp only, inside the 24-hour window); stored as a message of type reaction",
			Body: inbox.ReactionInput{}, Reply: store.Message{}, Status: 202, Handle: h.react},
		{Method: "POST", Path: "/api/v1/conversations/:id/notes", Role: auth.RoleAgent, Tag: tag, Summary: "Add an internal note to the thread",
			Body: textBody{}, Reply: store.Message{}, Status: 201, Handle: h.addConversationNote},
		{Method: "GET", Path: "/api/v1/messages/search", Role: anyRole, Tag: tag, Summary: "Full-text search of messages (every word, as a prefix), newest first",
			Query: []string{"q", "conversation_id", "cursor", "limit"}, Reply: page[store.Message]{}, Handle: h.searchMessages},
		{Method: "PUT", Path: "/api/v1/inbox/presence", Role: auth.RoleAgent, Tag: tag, Summary: "Go online or offline for round-robin assignment",
			Body: presenceBody{}, Status: 204, Handle: h.setPresence},

		{Method: "GET", Path: "/api/v1/canned-responses", Role: anyRole, Tag: tag, Summary: "Canned responses, by shortcut or title prefix",
			Query: []string{"q"}, Reply: list[store.CannedResponse]{}, Handle: h.listCanned},
		{Method: "POST", Path: "/api/v1/canned-responses", Role: auth.RoleAgent, Tag: tag, Summary: "Save a canned response",
			Body: inbox.CannedInput{}, Reply: store.CannedResponse{}, Status: 201, Handle: h.createCanned},
		{Method: "PUT", Path: "/api/v1/canned-responses/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Replace a canned response",
			Body: inbox.CannedInput{}, Reply: store.CannedResponse{}, Handle: h.updateCanned},
		{Method: "DELETE", Path: "/api/v1/canned-responses/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Delete a canned response", Status: 204, Handle: h.deleteCanned},
	}
}

func (h *crmAPI) kanbanRoutes() []Route {
	const tag = "kanban"
	return []Route{
		{Method: "GET", Path: "/api/v1/boards", Role: anyRole, Tag: tag, Summary: "Boards with their stages", Reply: list[store.Board]{}, Handle: h.listBoards},
		{Method: "POST", Path: "/api/v1/boards", Role: auth.RoleAdmin, Tag: tag, Summary: "Create a board with its stages",
			Body: kanban.BoardInput{}, Reply: store.Board{}, Status: 201, Handle: h.createBoard},
		{Method: "GET", Path: "/api/v1/boards/:id", Role: anyRole, Tag: tag, Summary: "A board with its stages", Reply: store.Board{}, Handle: h.getBoard},
		{Method: "DELETE", Path: "/api/v1/boards/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Delete a board with its cards", Status: 204, Handle: h.deleteBoard},
		{Method: "POST", Path: "/api/v1/boards/:id/stages", Role: auth.RoleAdmin, Tag: tag, Summary: "Add a stage (after after_id, or at the end)",
			Body: kanban.StageInput{}, Reply: store.Board{}, Status: 201, Handle: h.addStage},
		{Method: "PATCH", Path: "/api/v1/stages/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Rename a stage, or move it (after_id or before_id another stage of its board); returns the board",
			Body: kanban.StagePatch{}, Reply: store.Board{}, Handle: h.updateStage},
		{Method: "DELETE", Path: "/api/v1/stages/:id", Role: auth.RoleAdmin, Tag: tag, Summary: "Delete an empty stage (409 while it has cards, or when it is the board's only stage)",
			Status: 204, Handle: h.deleteStage},
		{Method: "GET", Path: "/api/v1/boards/:id/cards", Role: anyRole, Tag: tag, Summary: "The board's cards in stage and card order (limit up to 5000)",
			Query: []string{"stage_id", "contact_id", "cursor", "limit"}, Reply: page[store.Card]{}, Handle: h.listCards},
		{Method: "POST", Path: "/api/v1/cards", Role: auth.RoleAgent, Tag: tag, Summary: "Create a card for a contact at the end of a stage",
			Body: kanban.CardInput{}, Reply: store.Card{}, Status: 201, Handle: h.createCard},
		{Method: "GET", Path: "/api/v1/cards/:id", Role: anyRole, Tag: tag, Summary: "One card", Reply: store.Card{}, Handle: h.getCard},
		{Method: "PATCH", Path: "/api/v1/cards/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Change a card's title, value, owner or due date",
			Body: kanban.CardInput{}, Reply: store.Card{}, Handle: h.updateCard},
		{Method: "DELETE", Path: "/api/v1/cards/:id", Role: auth.RoleAgent, Tag: tag, Summary: "Delete a card", Status: 204, Handle: h.deleteCard},
		{Method: "POST", Path: "/api/v1/cards/:id/move", Role: auth.RoleAgent, Tag: tag, Summary: "Move a card (after_id or before_id in stage_id; emits kanban.card.moved)",
			Body: kanban.Placement{}, Reply: kanban.Moved{}, Handle: h.moveCard},
		{Method: "GET", Path: "/api/v1/cards/:id/history", Role: anyRole, Tag: tag, Summary: "A card's history, oldest first", Reply: list[store.CardEvent]{}, Handle: h.cardHistory},
	}
}

func (h *crmAPI) streamRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/stream", Role: anyRole, Tag: "realtime", Summary: "WebSocket of the tenant's events: {\"type\", \"id\", \"data\"} frames",
			Reply: streamFrame{}, Status: 101, Handle: h.stream},
	}
}
