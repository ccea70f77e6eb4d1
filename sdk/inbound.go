package sdk

import "time"

// InboundType is what an [InboundMessage] carries.
type InboundType string

// The inbound message types.
const (
	InboundText        InboundType = "text"
	InboundMedia       InboundType = "media" // see Media.Type
	InboundLocation    InboundType = "location"
	InboundContacts    InboundType = "contacts"
	InboundInteractive InboundType = "interactive" // a button or list reply
	InboundReaction    InboundType = "reaction"
	InboundOrder       InboundType = "order"
	InboundSystem      InboundType = "system" // e.g. the user changed number
	InboundUnsupported InboundType = "unsupported"
)

// InboundMessage is a message a contact sent, normalized across channels.
// It is the payload of [SubjectMessageReceived].
type InboundMessage struct {
	// ProviderMessageID is the provider's ID ("wamid…"), the de-duplication key.
	ProviderMessageID string      `json:"provider_message_id"`
	From              string      `json:"from"`
	ContactName       string      `json:"contact_name,omitempty"`
	To                string      `json:"to,omitempty"` // the business's address
	Timestamp         time.Time   `json:"timestamp"`
	Type              InboundType `json:"type"`
	// Text is the body of a text message, or the caption of media.
	Text        string            `json:"text,omitempty"`
	Media       *Media            `json:"media,omitempty"`
	Location    *Location         `json:"location,omitempty"`
	Contacts    []SharedContact   `json:"contacts,omitempty"`
	Interactive *InteractiveReply `json:"interactive,omitempty"`
	Reaction    *Reaction         `json:"reaction,omitempty"`
	Order       *Order            `json:"order,omitempty"`
	System      *SystemNotice     `json:"system,omitempty"`
	Referral    *Referral         `json:"referral,omitempty"`
	// ReplyTo is the provider ID of the message this one quotes or answers.
	ReplyTo string          `json:"reply_to,omitempty"`
	Errors  []ProviderError `json:"errors,omitempty"`
}

// Location is a shared place.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name,omitempty"`
	Address   string  `json:"address,omitempty"`
	URL       string  `json:"url,omitempty"`
}

// SharedContact is a contact card sent in a message.
type SharedContact struct {
	Name   string   `json:"name"`
	Phones []string `json:"phones,omitempty"`
	Emails []string `json:"emails,omitempty"`
}

// InteractiveReply is the contact's pick from buttons or a list, or a
// template's quick-reply button.
type InteractiveReply struct {
	Type        string `json:"type"` // "button_reply", "list_reply", "quick_reply"
	ID          string `json:"id"`   // the Button or ListRow ID, or the quick-reply payload
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Reaction is an emoji placed on a message; an empty emoji removes it.
type Reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

// Order is a cart sent from a catalog.
type Order struct {
	CatalogID string      `json:"catalog_id"`
	Text      string      `json:"text,omitempty"`
	Items     []OrderItem `json:"items"`
}

// OrderItem is one product line of an [Order].
type OrderItem struct {
	ProductID string  `json:"product_id"`
	Quantity  int     `json:"quantity"`
	ItemPrice float64 `json:"item_price"`
	Currency  string  `json:"currency"`
}

// SystemNotice is a channel event about the contact, such as a new number.
type SystemNotice struct {
	Type    string `json:"type"` // "user_changed_number", …
	Body    string `json:"body,omitempty"`
	NewFrom string `json:"new_from,omitempty"`
}

// Referral tells which ad or post led the contact to write.
type Referral struct {
	SourceURL  string `json:"source_url,omitempty"`
	SourceType string `json:"source_type,omitempty"` // "ad", "post"
	SourceID   string `json:"source_id,omitempty"`
	Headline   string `json:"headline,omitempty"`
	Body       string `json:"body,omitempty"`
	MediaType  string `json:"media_type,omitempty"`
	MediaURL   string `json:"media_url,omitempty"`
	ClickID    string `json:"click_id,omitempty"` // WhatsApp's ctwa_clid
}
