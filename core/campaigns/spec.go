package campaigns

import "time"

// Spec is a campaign's definition as the API takes it and the store keeps
// it. Exactly one of Message (a one-message campaign) and Flow (a cadence)
// is set.
type Spec struct {
	Audience Audience `json:"audience"`
	Message  *Message `json:"message,omitempty"`
	Flow     *FlowRef `json:"flow,omitempty"`
	Schedule Schedule `json:"schedule"`
	Pacing   Pacing   `json:"pacing"`
	Breaker  Breaker  `json:"breaker"`
	// Connection names the sending connection (a WhatsApp number, an SMS
	// sender); empty uses the workspace's first one for the channel.
	Connection string `json:"connection,omitempty"`
}

// Audience is a segment of the tenant's contacts. Every condition given
// must hold; opted-out contacts and contacts without an address on the
// channel are always left out.
type Audience struct {
	Tags        []string       `json:"tags,omitempty"`         // has every one
	AnyTags     []string       `json:"any_tags,omitempty"`     // has at least one
	ExcludeTags []string       `json:"exclude_tags,omitempty"` // has none
	Fields      map[string]any `json:"fields,omitempty"`       // custom field equals value
	// Expression is a boolean expr-lang expression over contact, e.g.
	// `contact.fields.city == "Recife" && len(contact.tags) > 1`.
	Expression string `json:"expression,omitempty"`
}

// Message is what a one-message campaign sends. Text, template variables
// and the media caption may hold {{ expressions }} over the contact.
type Message struct {
	Text     string    `json:"text,omitempty"`
	Template *Template `json:"template,omitempty"`
	Media    *Media    `json:"media,omitempty"`
}

// Template is an approved WhatsApp template with per-contact variables.
type Template struct {
	Name      string            `json:"name"`
	Language  string            `json:"language"`
	Variables map[string]string `json:"variables,omitempty"` // "1" or a name → value (may hold {{ }})
	// Header is the media of a template whose header is an image, a video
	// or a document (a brochure): one file, the same for every recipient.
	Header *Media `json:"header,omitempty"`
	// HeaderVariables fill a text header's placeholders ("1" or a name →
	// value, may hold {{ }}): "Olá {{1}}" takes {"1": "{{ contact.name }}"}.
	HeaderVariables map[string]string `json:"header_variables,omitempty"`
	// Buttons are the URL endings of the template's dynamic URL buttons,
	// by the button's index from 0 (may hold {{ }}): a button to
	// "https://loja.com.br/pedido/{{1}}" at index 0 takes
	// {"0": "{{ contact.fields.pedido }}"}.
	Buttons map[string]string `json:"buttons,omitempty"`
}

// Media is an attachment by public link, uploaded media ID or stored file.
type Media struct {
	Type string `json:"type"` // image, audio, video, document
	Link string `json:"link,omitempty"`
	ID   string `json:"id,omitempty"`
	// BlobID is a file of the workspace (POST /api/v1/media): the channel
	// uploads it once and sends it to every recipient by the ID it got.
	BlobID   string `json:"blob_id,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

// FlowRef is the published flow a cadence enrols its audience into.
type FlowRef struct {
	ID     string         `json:"id"`
	Params map[string]any `json:"params,omitempty"`
}

// Schedule says when rounds start and when sends may go out.
type Schedule struct {
	// At starts the (first) round at an instant; empty is now.
	At *time.Time `json:"at,omitempty"`
	// LocalAt ("2006-01-02T15:04") is a wall-clock time reached in each
	// contact's own time zone: a send across Brazil goes at 09:00 in
	// Manaus and in São Paulo.
	LocalAt string `json:"local_at,omitempty"`
	// Cron repeats the campaign (a new round each time), in TimeZone.
	Cron string `json:"cron,omitempty"`
	// TimeZone is the zone of contacts that have none, and of Cron.
	TimeZone string `json:"timezone,omitempty"`
	// Allowed limits sends to hours and days in the contact's zone.
	Allowed *Window `json:"allowed_hours,omitempty"`
}

// Window is the allowed part of each day: [From, To) on Days.
type Window struct {
	From string   `json:"from"`           // "09:00"
	To   string   `json:"to"`             // "20:00"
	Days []string `json:"days,omitempty"` // mon…sun; empty is every day
}

// Pacing bounds how fast a campaign sends; zero values take the channel's
// defaults (see withDefaults).
type Pacing struct {
	MPS          float64 `json:"mps,omitempty"`           // messages per second per sender
	PairInterval string  `json:"pair_interval,omitempty"` // after a burst, one message per interval to one recipient
	PairBurst    int     `json:"pair_burst,omitempty"`
	// Tier is the WhatsApp messaging limit (TIER_250, TIER_2K, TIER_10K,
	// TIER_100K, TIER_UNLIMITED): unique recipients per rolling 24 h,
	// shared by every number of the Portfolio.
	Tier      string `json:"tier,omitempty"`
	Portfolio string `json:"portfolio,omitempty"` // default: the connection
	// MaxAttempts bounds retries of transient failures (default 5).
	MaxAttempts int `json:"max_attempts,omitempty"`
	// SMSDedupeWindow suppresses the same text to the same phone within
	// it, across campaigns and cadences (SMS only; default 24h, "0" off).
	SMSDedupeWindow string `json:"sms_dedupe_window,omitempty"`
	// OnAmbiguous is what happens to an attempt of unknown outcome the
	// provider cannot be asked about, once AmbiguousGrace passed without
	// a provider report naming it: "hold" (default: never risk a
	// duplicate; the row shows as ambiguous) or "resend" (never risk a
	// loss).
	OnAmbiguous    string `json:"on_ambiguous,omitempty"`
	AmbiguousGrace string `json:"ambiguous_grace,omitempty"` // default 5m
}

// Breaker pauses the campaign when, among the last Window outcomes (at
// least MinSamples), the share of undeliverable or blocked sends, of
// opt-outs, or of failed sends passes its limit; and when its first 10
// sends since it started or resumed all failed.
type Breaker struct {
	Disabled         bool    `json:"disabled,omitempty"`
	Window           int     `json:"window,omitempty"`            // default 200
	MinSamples       int     `json:"min_samples,omitempty"`       // default 50
	MaxUndeliverable float64 `json:"max_undeliverable,omitempty"` // default 0.2
	MaxOptOut        float64 `json:"max_opt_out,omitempty"`       // default 0.05
	MaxFailed        float64 `json:"max_failed,omitempty"`        // default 0.5: failed for any reason
}

// Tiers are the WhatsApp messaging limits; -1 is unlimited.
var Tiers = map[string]int{"TIER_250": 250, "TIER_2K": 2_000, "TIER_10K": 10_000, "TIER_100K": 100_000, "TIER_UNLIMITED": -1}

// Channels and the action each sends with.
var channelActions = map[string]string{"whatsapp": "whatsapp.send", "sms": "sms.send"}

// Kinds of campaign.
const (
	KindMessage = "message"
	KindFlow    = "flow"
)

// The ledger step of a one-message send and of a cadence enrolment. A
// cadence's send rows are named by their flow step IDs, which cannot hold
// a hyphen, so they never collide with StepEnrol.
const (
	StepSend  = "send"
	StepEnrol = "enrol-flow"
)
