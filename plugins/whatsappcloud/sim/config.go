package sim

import (
	"net/http"
	"time"
)

// Tier is a messaging limit as the Graph API spells it in
// whatsapp_business_manager_messaging_limit: how many unique users the
// business may reach outside a customer-service window in a rolling 24 h.
type Tier string

// The messaging-limit tiers (providers.md §0.2).
const (
	Tier250       Tier = "TIER_250"
	Tier2K        Tier = "TIER_2K"
	Tier10K       Tier = "TIER_10K"
	Tier100K      Tier = "TIER_100K"
	TierUnlimited Tier = "TIER_UNLIMITED"
)

// limit returns the tier's number of unique users, or -1 for unlimited.
func (t Tier) limit() int {
	switch t {
	case Tier2K:
		return 2_000
	case Tier10K:
		return 10_000
	case Tier100K:
		return 100_000
	case TierUnlimited:
		return -1
	}
	return 250
}

// Unlimited lifts a throughput limit when used as [PhoneNumber.Throughput].
const Unlimited = -1

// Never, as a [Progression] delay, means the status is never reached.
const Never time.Duration = -1

// Config describes the simulated Meta app, the business accounts it serves
// and how the simulator behaves. Zero values take Meta's defaults.
type Config struct {
	// AppID and AppName are the simulated Meta app's, as subscribed_apps
	// lists it; defaults "670843887433847" (Meta's example) and "Master IA
	// Simulator".
	AppID, AppName string
	// AppSecret keys X-Hub-Signature-256 on every webhook.
	AppSecret string
	// VerifyToken is the token [Server.VerifyWebhooks] presents.
	VerifyToken string
	// WebhookURL is the app's callback URL; empty sends no webhooks.
	WebhookURL string
	// PublicURL is where clients reach the simulator (used in media URLs);
	// empty derives it from each request, or from the listener.
	PublicURL string
	// Accounts are the WhatsApp Business Accounts and their numbers.
	Accounts []BusinessAccount
	// Progression sets the delays of sent → delivered → read.
	Progression Progression
	// PairRate bounds messages from one number to one user.
	PairRate PairRate
	// RejectSynchronously answers the errors Meta reports in a failed status
	// webhook (131047, 131026, 131048, 131050, 131053) as HTTP 400 instead.
	RejectSynchronously bool
	// WebhookAttempts is how often a webhook is tried before it is dropped
	// (Meta retries for up to 36 h; default 7: the first retry at once,
	// then 1 s, 4 s, 16 s… apart, over about 6 minutes).
	WebhookAttempts int
	// WebhookBatch groups webhooks into one POST, as Meta may (off by
	// default); [WebhookFaults] Batch and Linger override it.
	WebhookBatch WebhookBatch
	// HTTPClient posts webhooks; default has a 10 s timeout.
	HTTPClient *http.Client
	// Clock drives time; default [SystemClock].
	Clock Clock
	// Seed makes generated IDs and probabilistic faults reproducible.
	Seed uint64
	// AutoReply, when set, plays the customer: it is called once a message
	// is read and the messages it returns are injected after
	// Progression.Reply.
	AutoReply func(Message) []Inbound
	// MaxMessages bounds what inspection keeps: the oldest messages (and
	// webhooks beyond 4× as many) are forgotten; default 100,000.
	MaxMessages int
}

// BusinessAccount is a WhatsApp Business Account (WABA). The simulator also
// treats it as the business portfolio that owns the messaging limit.
type BusinessAccount struct {
	ID   string
	Name string
	// AccessTokens are the system-user tokens that may act on this account.
	AccessTokens []string
	// MessagingLimit defaults to [Tier250].
	MessagingLimit Tier
	// AppSecret and WebhookURL override the app's for this account
	// (Meta's per-WABA callback override, which POST subscribed_apps with
	// override_callback_uri also sets).
	AppSecret  string
	WebhookURL string
	// VerifyToken overrides Config.VerifyToken for this account's callback.
	VerifyToken  string
	PhoneNumbers []PhoneNumber
	Templates    []Template
}

// PhoneNumber is a registered business phone number.
type PhoneNumber struct {
	ID                 string // phone_number_id
	DisplayPhoneNumber string // digits, e.g. "15550783881"
	VerifiedName       string
	QualityRating      string // GREEN (default), YELLOW, RED
	// Throughput in messages per second: 0 means Meta's default of 80,
	// [Unlimited] lifts the limit.
	Throughput int
	// WebhookURL overrides the account's callback for this number (as
	// POST /{phone-number-id} with webhook_configuration also does).
	WebhookURL string
}

// Progression holds the delay before each status of an accepted message,
// each counted from the previous one. [Never] stops the progression there.
type Progression struct {
	Sent, Delivered, Read time.Duration
	// Reply is the delay before AutoReply's messages arrive.
	Reply time.Duration
}

// PairRate is a token bucket per (business number, user): Burst messages at
// once, then one per Every (Meta: 1 per 6 s, bursts of up to 45).
type PairRate struct {
	Burst int
	Every time.Duration
}

// Template is a message template as the management API lists it.
type Template struct {
	ID       string
	Name     string
	Language string // e.g. "en_US", "pt_BR"
	Category string // MARKETING, UTILITY, AUTHENTICATION
	Status   string // APPROVED, PENDING, REJECTED, PAUSED, DISABLED
	Quality  string // quality_score.score: GREEN, YELLOW, RED, UNKNOWN
	// RejectedReason is why a REJECTED template was refused
	// (INVALID_FORMAT, INCORRECT_CATEGORY, …); empty lists as NONE.
	RejectedReason string
	// ParameterFormat is POSITIONAL or NAMED; empty infers it from the text.
	ParameterFormat string
	Components      []TemplateComponent
}

// TemplateComponent is one part of a template (HEADER, BODY, FOOTER, BUTTONS).
type TemplateComponent struct {
	Type    string           `json:"type"`
	Format  string           `json:"format,omitempty"`
	Text    string           `json:"text,omitempty"`
	Buttons []TemplateButton `json:"buttons,omitempty"`
	// Example holds the sample values Meta requires for a component whose
	// text has placeholders (and the sample media of a media header).
	Example *TemplateExample `json:"example,omitempty"`
}

// TemplateExample is a component's "example" as Graph lists it: positional
// samples (body_text is one row of values, header_text one value) or, for
// a NAMED template, the samples by parameter name.
type TemplateExample struct {
	HeaderText            []string     `json:"header_text,omitempty"`
	HeaderTextNamedParams []NamedParam `json:"header_text_named_params,omitempty"`
	HeaderHandle          []string     `json:"header_handle,omitempty"`
	BodyText              [][]string   `json:"body_text,omitempty"`
	BodyTextNamedParams   []NamedParam `json:"body_text_named_params,omitempty"`
}

// NamedParam is the sample value of a named placeholder ({{first_name}}).
type NamedParam struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// TemplateButton is one button of a BUTTONS component.
type TemplateButton struct {
	Type        string `json:"type"` // QUICK_REPLY, URL, PHONE_NUMBER
	Text        string `json:"text"`
	URL         string `json:"url,omitempty"` // may end in {{1}}: a dynamic URL, its suffix given at send
	PhoneNumber string `json:"phone_number,omitempty"`
	// Example is the sample full URL of a dynamic URL button.
	Example []string `json:"example,omitempty"`
}

func (c *Config) applyDefaults() {
	if c.AppID == "" {
		c.AppID = "670843887433847"
	}
	if c.AppName == "" {
		c.AppName = "Master IA Simulator"
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.WebhookAttempts <= 0 {
		c.WebhookAttempts = 7
	}
	if c.MaxMessages <= 0 {
		c.MaxMessages = 100_000
	}
	if c.PairRate.Burst <= 0 {
		c.PairRate.Burst = 45
	}
	if c.PairRate.Every <= 0 {
		c.PairRate.Every = 6 * time.Second
	}
	if c.Progression == (Progression{}) {
		c.Progression = Progression{Sent: 300 * time.Millisecond, Delivered: time.Second,
			Read: 4 * time.Second, Reply: 3 * time.Second}
	}
}
