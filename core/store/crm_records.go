package store

import (
	"bytes"
	"encoding/json"
	"time"
)

// Contact is a person a tenant talks to. One contact links every address
// the person is known by; any of them may be empty (a contact found by
// username alone has no phone).
type Contact struct {
	ID         string         `json:"id"`
	TenantID   string         `json:"-"`
	Name       string         `json:"name"`
	Phone      string         `json:"phone,omitempty"`       // E.164
	WhatsAppID string         `json:"whatsapp_id,omitempty"` // digits, as WhatsApp sends them
	BSUID      string         `json:"bsuid,omitempty"`       // WhatsApp business-scoped user ID
	Username   string         `json:"username,omitempty"`    // WhatsApp username
	Email      string         `json:"email,omitempty"`       // lower case
	OwnerID    string         `json:"owner_id,omitempty"`
	TimeZone   string         `json:"time_zone,omitempty"`
	Language   string         `json:"language,omitempty"`
	Fields     map[string]any `json:"fields"`
	Tags       []string       `json:"tags"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// Identity is the addresses a contact can be found by.
type Identity struct {
	Phone, WhatsAppID, BSUID, Username, Email string
}

// Identity returns the contact's addresses.
func (c Contact) Identity() Identity {
	return Identity{Phone: c.Phone, WhatsAppID: c.WhatsAppID, BSUID: c.BSUID, Username: c.Username, Email: c.Email}
}

// FieldDef declares a tenant's custom contact field.
type FieldDef struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	Key       string    `json:"key"`
	Label     string    `json:"label"`
	Type      string    `json:"type"` // text, number, boolean, date, select
	Options   []string  `json:"options,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Note is an agent's note on a contact.
type Note struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	ContactID string    `json:"contact_id"`
	AuthorID  string    `json:"author_id,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Consent is one opt-in or opt-out of a contact on a channel ("all" for
// every channel). The latest record per channel is in force.
type Consent struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	ContactID string    `json:"contact_id"`
	Channel   string    `json:"channel"`
	Status    string    `json:"status"` // opt_in, opt_out
	Source    string    `json:"source"` // e.g. "import", "keyword:PARAR", "agent:usr_…"
	CreatedAt time.Time `json:"created_at"`
}

// ImportJob is a background CSV import and its progress.
type ImportJob struct {
	ID        string          `json:"id"`
	TenantID  string          `json:"-"`
	Status    string          `json:"status"` // pending, validating, writing, done, failed
	Options   json.RawMessage `json:"options"`
	Source    []byte          `json:"-"`
	Total     int64           `json:"total"`
	Processed int64           `json:"processed"`
	Created   int64           `json:"created"`
	Updated   int64           `json:"updated"`
	Errors    json.RawMessage `json:"errors"`
	Message   string          `json:"message,omitempty"`
	// MessageReason and MessageParams key Message for a client that words
	// it (read back from the text, not stored): internal_error,
	// rows_have_errors (count), contacts_changed, unreadable (detail).
	MessageReason string         `json:"message_reason,omitempty"`
	MessageParams map[string]any `json:"message_params,omitempty"`
	CreatedBy     string         `json:"created_by,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	FinishedAt    *time.Time     `json:"finished_at,omitempty"`
}

// Conversation is a contact's thread on one connection (a WhatsApp number,
// an SMS sender).
type Conversation struct {
	ID            string     `json:"id"`
	TenantID      string     `json:"-"`
	ContactID     string     `json:"contact_id"`
	ConnectionID  string     `json:"connection_id"`
	Channel       string     `json:"channel"`
	Status        string     `json:"status"` // open, pending, resolved
	AssigneeID    string     `json:"assignee_id,omitempty"`
	Handler       string     `json:"handler"` // bot or human
	Labels        []string   `json:"labels"`
	Unread        int64      `json:"unread"`
	Preview       string     `json:"preview"`
	LastMessageAt time.Time  `json:"last_message_at"`
	LastInboundAt *time.Time `json:"last_inbound_at,omitempty"`
	// WaitingSince is when the customer's oldest unanswered message
	// arrived: set by an inbound message when nobody waited, cleared by a
	// reply or a reaction (an agent's or the bot's, not a campaign's:
	// Message.AnswersCustomer) and by resolving; nil when nobody waits.
	WaitingSince *time.Time `json:"waiting_since,omitempty"`
	// LastMessageStatus is the delivery status (pending, sent, delivered,
	// read, failed) of the message the preview shows when we sent it, and
	// empty when the customer did: the list marks a failed send. Read with
	// the list and one conversation, computed from the message (absent
	// from events of the inbound path).
	LastMessageStatus string `json:"last_message_status,omitempty"`
	// LastMessageID is that message's ID, beside LastMessageStatus: a
	// message.status naming it moves the list's mark.
	LastMessageID string `json:"last_message_id,omitempty"`
	// WindowClosedAt is when the channel last said the 24-hour window was
	// closed (CloseWindow); it counts until a later inbound message.
	WindowClosedAt *time.Time `json:"-"`
	// WindowOpen and WindowClosesAt are the 24-hour customer-service
	// window, computed by the inbox from LastInboundAt.
	WindowOpen     bool       `json:"window_open"`
	WindowClosesAt *time.Time `json:"window_closes_at,omitempty"`
	// Consent is the contact's consent on the channel as sends read it,
	// computed by the inbox when one conversation is read (absent from
	// lists and events).
	Consent   *ChannelConsent `json:"consent,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// ChannelConsent is whether sends on a channel may reach a contact: not
// when the latest consent of the channel, or of all channels, is an
// opt-out. Status, Source, Channel and At describe the record that
// decides it (the blocking opt-out, or else the channel's latest record);
// Status is empty when none was recorded.
type ChannelConsent struct {
	Reachable bool       `json:"reachable"`
	Status    string     `json:"status,omitempty"` // opt_in, opt_out
	Source    string     `json:"source,omitempty"` // e.g. "keyword:PARAR"
	Channel   string     `json:"channel,omitempty"`
	At        *time.Time `json:"at,omitempty"`
	// Marketing is the consent of the channel's marketing messages
	// ("whatsapp:marketing", e.g. after Meta's 131050 or a "Stop
	// promotions" tap), by the same rule; present when the contact has a
	// record of it. It does not decide Reachable: replies and utility
	// templates are not marketing.
	Marketing *ChannelConsent `json:"marketing,omitempty"`
}

// Message is one message of a conversation: inbound, outbound, or an
// agent's internal note.
type Message struct {
	Seq               int64           `json:"-"` // the store's arrival order
	ID                string          `json:"id"`
	TenantID          string          `json:"-"`
	ConversationID    string          `json:"conversation_id"`
	ContactID         string          `json:"contact_id"`
	Direction         string          `json:"direction"` // in, out, note
	Type              string          `json:"type"`      // text, media, template, location, …
	Text              string          `json:"text"`
	Media             *MediaLink      `json:"media,omitempty"`
	Extra             json.RawMessage `json:"extra,omitempty"` // the rest of the normalized message
	ProviderMessageID string          `json:"provider_message_id,omitempty"`
	ReplyTo           string          `json:"reply_to,omitempty"`
	Status            string          `json:"status,omitempty"` // received, pending, sent, delivered, read, failed
	Error             string          `json:"error,omitempty"`
	AuthorID          string          `json:"author_id,omitempty"`
	CreatedAt         time.Time       `json:"created_at"`
	StatusAt          time.Time       `json:"status_at"`
	// StatusHistory is every status the message took, oldest first; only
	// a conversation's message pages fill it (Inbox.MessageStatuses).
	StatusHistory []MessageStatus `json:"status_history,omitempty"`
	// Held says the provider accepted the message but holds it before
	// sending it on (WhatsApp's template pacing): Extra marks it
	// (HeldMark) and no status later than sent came yet. Not stored: the
	// store reads it from Extra and Status (HeldNow).
	Held bool `json:"held,omitempty"`
}

// HeldMark is the key of Message.Extra (true) on a message the provider
// held when it accepted it ("held_for_quality_assessment", as Meta's
// answer says). It stays once the hold ends, as the record of what the
// provider answered; Held tells whether it still holds.
const HeldMark = "held_for_quality_assessment"

// HeldNow says whether m is still held: marked held, and sent (no later
// status: delivered, read or failed end the hold).
func (m Message) HeldNow() bool {
	if m.Status != "sent" || !bytes.Contains(m.Extra, []byte(`"`+HeldMark+`"`)) {
		return false
	}
	var x map[string]any
	return json.Unmarshal(m.Extra, &x) == nil && x[HeldMark] == true
}

// WithHeldMark returns extra (a JSON object, or empty) with HeldMark set.
func WithHeldMark(extra json.RawMessage) (json.RawMessage, error) {
	x := map[string]any{}
	if len(extra) > 0 {
		if err := json.Unmarshal(extra, &x); err != nil {
			return nil, err
		}
	}
	x[HeldMark] = true
	return json.Marshal(x)
}

// MessageStatus is one step of an outbound message's delivery: the
// status, when the provider reported it, and for failed, why ("131047
// Re-engagement message").
type MessageStatus struct {
	Status string    `json:"status"` // sent, delivered, read, failed
	At     time.Time `json:"at"`
	Error  string    `json:"error,omitempty"`
}

// AnswersCustomer says whether m answers the customer, ending their wait
// for an answer (Conversation.WaitingSince): an outbound message that did
// not fail, a reaction included (the agent acknowledged what the customer
// said), but not a campaign's copy (its Extra names its send,
// campaign_send_id): a message sent to a whole audience answers nobody.
func (m Message) AnswersCustomer() bool {
	if m.Direction != "out" || m.Status == "failed" {
		return false
	}
	if !bytes.Contains(m.Extra, []byte(`"campaign_send_id"`)) {
		return true
	}
	var x struct {
		SendID string `json:"campaign_send_id"`
	}
	return json.Unmarshal(m.Extra, &x) != nil || x.SendID == ""
}

// MediaLink is an attachment by link or provider media ID.
type MediaLink struct {
	Type     string `json:"type"`
	Link     string `json:"link,omitempty"`
	ID       string `json:"id,omitempty"`
	MIMEType string `json:"mime_type,omitempty"`
	Filename string `json:"filename,omitempty"`
	Caption  string `json:"caption,omitempty"`
	// BlobID is the stored copy of inbound media, at /api/v1/media/{blob_id}.
	BlobID string `json:"blob_id,omitempty"`
}

// CannedResponse is a saved reply agents insert by shortcut.
type CannedResponse struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	Shortcut  string    `json:"shortcut"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Board is a Kanban pipeline with ordered stages.
type Board struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	Name      string    `json:"name"`
	Stages    []Stage   `json:"stages"`
	CreatedAt time.Time `json:"created_at"`
}

// Stage is a column of a board; Position orders stages.
type Stage struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	BoardID   string    `json:"board_id"`
	Name      string    `json:"name"`
	Position  string    `json:"position"`
	CreatedAt time.Time `json:"created_at"`
}

// Card is a deal on a board, linked to a contact. Position orders the
// cards of a stage (a fractional key).
type Card struct {
	ID         string     `json:"id"`
	TenantID   string     `json:"-"`
	BoardID    string     `json:"board_id"`
	StageID    string     `json:"stage_id"`
	ContactID  string     `json:"contact_id"`
	Title      string     `json:"title"`
	ValueCents int64      `json:"value_cents"`
	Currency   string     `json:"currency,omitempty"`
	OwnerID    string     `json:"owner_id,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	Position   string     `json:"position"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// CardEvent is one entry of a card's history.
type CardEvent struct {
	ID        string          `json:"id"`
	TenantID  string          `json:"-"`
	CardID    string          `json:"card_id"`
	Kind      string          `json:"kind"` // created, moved, updated
	FromStage string          `json:"from_stage,omitempty"`
	ToStage   string          `json:"to_stage,omitempty"`
	Actor     string          `json:"actor,omitempty"`
	Detail    json.RawMessage `json:"detail,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// StatusApplied is what a status report did to a message.
type StatusApplied int

const (
	StatusIgnored StatusApplied = iota // repeated, or a step the message cannot take
	StatusMoved                        // the message moved forward to it
	StatusFilled                       // a step the message had passed, now in its history
)
