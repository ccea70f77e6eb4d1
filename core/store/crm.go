package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// ErrBadCursor means a page cursor was not one this store handed out.
var ErrBadCursor = errors.New("invalid cursor")

// CRM is the CRM's part of Queries: contacts, the inbox and the Kanban.
type CRM interface {
	Contacts
	ContactData
	Inbox
	Kanban
}

// Page asks for one page of a list: up to Limit rows after Cursor (the
// opaque next_cursor of the previous page, empty for the first).
type Page struct {
	Cursor string
	Limit  int
}

// ContactFilter narrows and orders ListContacts.
type ContactFilter struct {
	Query   string // prefix of name, phone, email or username
	Tag     string
	OwnerID string
	Sort    string // created_at, name, updated_at; "-" prefix for descending
	Page
}

// ContactIdentity is a contact's ID and addresses, for bulk de-duplication.
type ContactIdentity struct {
	ID string
	Identity
}

// Contacts are the people of a tenant and how to find them.
type Contacts interface {
	CreateContact(ctx context.Context, c Contact) error
	// InsertContacts creates many contacts (with their tags) in few statements.
	InsertContacts(ctx context.Context, cs []Contact) error
	GetContact(ctx context.Context, tenantID, id string) (Contact, error)
	// FindContact returns the contact holding any of the addresses, trying
	// BSUID, WhatsApp ID, phone, username, then email.
	FindContact(ctx context.Context, tenantID string, id Identity) (Contact, error)
	// FindContacts is FindContact for each identity, in few queries:
	// found[i] is the contact ids[i] finds, with an empty ID when none.
	FindContacts(ctx context.Context, tenantID string, ids []Identity) (found []Contact, err error)
	// UpdateContact saves every field but the tags.
	UpdateContact(ctx context.Context, c Contact) error
	// DeleteContact erases the contact with its conversations, messages,
	// notes, consents and cards.
	DeleteContact(ctx context.Context, tenantID, id string) error
	ListContacts(ctx context.Context, tenantID string, f ContactFilter) ([]Contact, string, error)
	// ContactIdentities lists every contact's addresses.
	ContactIdentities(ctx context.Context, tenantID string) ([]ContactIdentity, error)
	// AddTag tags a contact; false if it already had the tag.
	AddTag(ctx context.Context, tenantID, contactID, tag string) (bool, error)
	// RemoveTag untags a contact; false if it did not have the tag.
	RemoveTag(ctx context.Context, tenantID, contactID, tag string) (bool, error)
}

// ContactData is what hangs off contacts: field definitions, notes,
// consent and imports.
type ContactData interface {
	// PutFieldDef creates the field or replaces the label, type and
	// options of the tenant's field with the same key.
	PutFieldDef(ctx context.Context, d FieldDef) (FieldDef, error)
	ListFieldDefs(ctx context.Context, tenantID string) ([]FieldDef, error)
	DeleteFieldDef(ctx context.Context, tenantID, id string) error

	AddNote(ctx context.Context, n Note) error
	ListNotes(ctx context.Context, tenantID, contactID string) ([]Note, error)

	AddConsent(ctx context.Context, c Consent) error
	ListConsents(ctx context.Context, tenantID, contactID string) ([]Consent, error)
	// ContactReachable tells whether a send to the contact on channel is
	// allowed: false when its latest consent record for the channel, or
	// for "all", is an opt-out. channel may be a scope naming part of a
	// channel ("whatsapp:marketing"): its own latest record counts too
	// (ConsentChain). ErrNotFound for an unknown contact.
	ContactReachable(ctx context.Context, tenantID, contactID, channel string) (bool, error)

	CreateImport(ctx context.Context, j ImportJob) error
	GetImport(ctx context.Context, tenantID, id string) (ImportJob, error)
	// UpdateImport saves the status, counts, errors, message and finish time.
	UpdateImport(ctx context.Context, j ImportJob) error
	// UnfinishedImports lists every tenant's imports that did not end
	// (to resume after a restart).
	UnfinishedImports(ctx context.Context) ([]ImportJob, error)
}

// ConversationFilter narrows and orders ListConversations.
type ConversationFilter struct {
	Status     string
	AssigneeID string // a user ID, or "none" for unassigned
	Label      string
	Channel    string
	ContactID  string
	Handler    string
	// Query matches the contact: their name (case and accents aside) or,
	// when it is a phone number of 4 digits or more, their phone's digits.
	Query string
	// Sort: last_message_at (default descending), created_at; "-" prefix
	// for descending; "waiting" lists only the conversations waiting for
	// an answer, longest waiting first.
	Sort string
	Page
}

// StatusChange moves a message's delivery status forward.
type StatusChange struct {
	Status  string
	Rank    int // the status's rank
	MaxFrom int // the highest current rank it may replace
	At      time.Time
	Error   string
}

// Inbox is conversations, messages, canned responses and agents' presence.
type Inbox interface {
	// ConversationFor finds the conversation of c's contact on c's
	// connection or creates c; true when created.
	ConversationFor(ctx context.Context, c Conversation) (Conversation, bool, error)
	// CreateConversations creates, in one statement, each of cs whose
	// contact exists and has no conversation on its connection yet; it
	// reports which it created (the others: read them with ConversationsOf).
	CreateConversations(ctx context.Context, cs []Conversation) ([]bool, error)
	// ConversationsOf finds, for each key, the conversation of its contact
	// on its connection (with an empty ID when none), in few queries.
	ConversationsOf(ctx context.Context, tenantID string, keys []Conversation) ([]Conversation, error)
	GetConversation(ctx context.Context, tenantID, id string) (Conversation, error)
	ListConversations(ctx context.Context, tenantID string, f ConversationFilter) ([]Conversation, string, error)
	// CloseWindow records that the channel found the conversation's
	// 24-hour window closed at at (WhatsApp's 131047), whatever our
	// clock says; the contact's next message opens it again.
	CloseWindow(ctx context.Context, tenantID, id string, at time.Time) error
	// StopWaiting ends the conversation's wait for an answer
	// (WaitingSince) without answering: nobody can (the contact opted out).
	StopWaiting(ctx context.Context, tenantID, id string, at time.Time) error
	// UpdateConversation saves status, assignee, handler and unread; a
	// resolved conversation waits for nobody (its waiting_since is cleared).
	UpdateConversation(ctx context.Context, c Conversation) error
	// TouchConversation records m as the conversation's latest message:
	// preview, times, unread count; an inbound message reopens it (from
	// resolved or pending) and starts its wait for an answer when nobody
	// waited (WaitingSince), an outbound message that answers the
	// customer (Message.AnswersCustomer: not a campaign's) ends the wait,
	// a customer's reaction only opens the window. It
	// returns the conversation as the update left it, without its labels
	// (Labels is empty): the caller already has them.
	TouchConversation(ctx context.Context, m Message) (Conversation, error)
	// TouchConversations is TouchConversation for each message in turn,
	// in few statements; it returns each conversation as the last touch
	// left it, by ID.
	TouchConversations(ctx context.Context, ms []Message) (map[string]Conversation, error)
	AddLabel(ctx context.Context, tenantID, conversationID, label string) (bool, error)
	RemoveLabel(ctx context.Context, tenantID, conversationID, label string) (bool, error)

	// InsertMessage stores m; false (and no change) when a message with
	// the same provider message ID exists.
	InsertMessage(ctx context.Context, m Message) (bool, error)
	// InsertMessages is InsertMessage for each message in turn, in few
	// statements: inserted[i] is false when ms[i] was not stored.
	InsertMessages(ctx context.Context, ms []Message) (inserted []bool, err error)
	GetMessage(ctx context.Context, tenantID, id string) (Message, error)
	MessageByProviderID(ctx context.Context, tenantID, providerID string) (Message, error)
	// ListMessages pages a conversation's messages, newest first.
	ListMessages(ctx context.Context, tenantID, conversationID string, p Page) ([]Message, string, error)
	// SearchMessages finds messages holding every word of query (as word
	// prefixes), newest first; conversationID narrows to one conversation.
	SearchMessages(ctx context.Context, tenantID, query, conversationID string, p Page) ([]Message, string, error)
	// ApplyMessageStatus applies c to the message with the provider ID if
	// its current rank is at most c.MaxFrom (StatusMoved). A late report
	// of a step the message has passed (delivered after read) leaves its
	// status but takes its place in the history, once (StatusFilled).
	ApplyMessageStatus(ctx context.Context, tenantID, providerID string, c StatusChange) (Message, StatusApplied, error)
	// SetMessageSent records the provider's ID and first status of an
	// outbound message.
	SetMessageSent(ctx context.Context, tenantID, id, providerID string, c StatusChange) error
	// SetMessageExtra replaces the extra of the tenant's message id
	// (ErrNotFound when it has none such).
	SetMessageExtra(ctx context.Context, tenantID, id string, extra json.RawMessage) error
	// ApplyMessageStatus, SetMessageSent and InsertMessage append each
	// status they give a message (above pending) to its history;
	// MessageStatuses returns the histories of the tenant's messages with
	// the IDs, by message ID, each oldest first, in one query.
	MessageStatuses(ctx context.Context, tenantID string, messageIDs []string) (map[string][]MessageStatus, error)

	CreateCanned(ctx context.Context, r CannedResponse) error
	GetCanned(ctx context.Context, tenantID, id string) (CannedResponse, error)
	UpdateCanned(ctx context.Context, r CannedResponse) error
	DeleteCanned(ctx context.Context, tenantID, id string) error
	ListCanned(ctx context.Context, tenantID, query string) ([]CannedResponse, error)

	SetAgentPresence(ctx context.Context, tenantID, userID string, online bool, at time.Time) error
	// NextAgent picks the online agent (a member with role agent or above)
	// assigned least recently and stamps them; ErrNotFound when none is.
	NextAgent(ctx context.Context, tenantID string, at time.Time) (string, error)
}

// CardFilter narrows ListCards; cards come in stage order, then position.
type CardFilter struct {
	BoardID   string
	StageID   string
	ContactID string
	Page
}

// Kanban is boards, stages, cards and card history.
type Kanban interface {
	CreateBoard(ctx context.Context, b Board) error
	// GetBoard and BoardByName return the board with its stages in order.
	GetBoard(ctx context.Context, tenantID, id string) (Board, error)
	BoardByName(ctx context.Context, tenantID, name string) (Board, error)
	ListBoards(ctx context.Context, tenantID string) ([]Board, error)
	DeleteBoard(ctx context.Context, tenantID, id string) error
	CreateStage(ctx context.Context, s Stage) error
	// UpdateStage saves a stage's name and position (ErrConflict when the
	// board has another stage of that name).
	UpdateStage(ctx context.Context, s Stage) error
	// DeleteStage removes a stage, and with it any cards still in it: the
	// caller checks it is empty, holding LockStage.
	DeleteStage(ctx context.Context, tenantID, id string) error
	// LockStage returns the stage, holding it (on Postgres) until the
	// transaction ends, so moves into one stage run one at a time.
	LockStage(ctx context.Context, tenantID, id string) (Stage, error)

	CreateCard(ctx context.Context, c Card) error
	GetCard(ctx context.Context, tenantID, id string) (Card, error)
	// UpdateCard saves every mutable field, stage and position included.
	UpdateCard(ctx context.Context, c Card) error
	DeleteCard(ctx context.Context, tenantID, id string) error
	ListCards(ctx context.Context, tenantID string, f CardFilter) ([]Card, string, error)
	// CardPositionAfter is the position of the first card of the stage
	// after (position, id), skipping exceptID; "" when none.
	CardPositionAfter(ctx context.Context, tenantID, stageID, position, id, exceptID string) (string, error)
	// CardPositionBefore is the position of the last card of the stage
	// before (position, id), skipping exceptID; "" when none.
	CardPositionBefore(ctx context.Context, tenantID, stageID, position, id, exceptID string) (string, error)
	// LatestCardOfContact is the contact's most recently updated card on
	// the board.
	LatestCardOfContact(ctx context.Context, tenantID, boardID, contactID string) (Card, error)
	AddCardEvent(ctx context.Context, e CardEvent) error
	ListCardEvents(ctx context.Context, tenantID, cardID string) ([]CardEvent, error)
}

// StatusRanks orders delivery statuses: a status only replaces a lower
// one, so late or repeated provider reports never move a message back.
var StatusRanks = map[string]int{"": 0, "received": 0, "pending": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}
