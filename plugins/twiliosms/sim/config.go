package sim

import (
	"net/http"
	"time"
)

// Config describes the simulated Twilio accounts and how the simulator
// behaves. Zero values take Twilio's defaults.
type Config struct {
	// Accounts are the Twilio accounts, with their numbers and services.
	Accounts []Account
	// Progression sets the delays of queued → sent → delivered.
	Progression Progression
	// CallbackAttempts is how often a callback is tried; Twilio does not
	// retry messaging callbacks, so the default is 1.
	CallbackAttempts int
	// OptOutKeywords, OptInKeywords and HelpKeywords are matched against
	// the whole body of an inbound message (Advanced Opt-Out); defaults are
	// Twilio's English keywords.
	OptOutKeywords, OptInKeywords, HelpKeywords []string
	// HTTPClient posts callbacks; default has a 15 s timeout (Twilio's).
	HTTPClient *http.Client
	// Clock drives time; default [SystemClock].
	Clock Clock
	// Seed makes SIDs and probabilistic faults reproducible.
	Seed uint64
	// AutoReply, when set, plays the recipient: it is called once an
	// outbound message (TwiML replies included) is delivered, and the
	// messages it returns arrive after Progression.Reply.
	AutoReply func(Message) []Inbound
	// MaxMessages bounds what inspection keeps: the oldest messages (with
	// their media, and callbacks beyond 4× as many) are forgotten; default
	// 100,000.
	MaxMessages int
	// PublicURL is where clients reach the simulator's REST API, used in
	// the MediaUrl of inbound MMS; empty takes the listener's address under
	// [Server.Serve], else https://api.twilio.com.
	PublicURL string
	// MediaCDNURL, when set, is where media requests are redirected, as
	// Twilio answers its media URLs with a 307 to a signed URL on its CDN
	// (mms.twiliocdn.com) valid for 4 hours: the simulator serves those URLs
	// under /_sim/cdn/ without credentials. Empty serves the bytes at the
	// media URL itself.
	MediaCDNURL string
}

// Account is a Twilio account (AC…).
type Account struct {
	SID       string
	AuthToken string // signs X-Twilio-Signature and authenticates the API
	// APIKeys maps API key SIDs (SK…) to their secrets.
	APIKeys           map[string]string
	PhoneNumbers      []PhoneNumber
	MessagingServices []MessagingService
}

// PhoneNumber is a sender the account owns: an E.164 long code or toll-free
// number, or a 5–6 digit short code.
type PhoneNumber struct {
	Number string
	// SMSURL receives inbound messages ("A message comes in").
	SMSURL string
	// MPS is the sender's throughput in segments per second; 0 means 1 for
	// a long code, 3 for toll-free, 100 for a short code.
	MPS float64
}

// MessagingService is a sender pool (MG…).
type MessagingService struct {
	SID     string
	Senders []string // numbers of the account
	// InboundRequestURL receives inbound messages to its senders, called
	// with InboundMethod (default POST). Empty drops them, as Twilio does
	// when the service's inbound_request_url is null, unless
	// UseInboundWebhookOnNumber.
	InboundRequestURL string
	InboundMethod     string
	// UseInboundWebhookOnNumber sends a number's messages to the number's
	// own SMS URL instead ("Defer to sender's webhook"); Twilio's default
	// is false.
	UseInboundWebhookOnNumber bool
	// StatusCallback is used when a send gives none.
	StatusCallback string
}

// Progression holds the delays of an outbound message after it leaves the
// sender's queue: to "sent", then to "delivered" (or undelivered).
type Progression struct {
	Sent, Delivered time.Duration
	// Reply is the delay before AutoReply's messages arrive.
	Reply time.Duration
}

// Twilio's default Advanced Opt-Out keywords.
var (
	defaultOptOut = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
	defaultOptIn  = []string{"START", "YES", "UNSTOP"}
	defaultHelp   = []string{"HELP", "INFO"}
)

// maxQueueWait is how long a message may wait in a sender's queue (10 h).
const maxQueueWait = 36000 * time.Second

func (c *Config) applyDefaults() {
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if c.CallbackAttempts <= 0 {
		c.CallbackAttempts = 1
	}
	if c.MaxMessages <= 0 {
		c.MaxMessages = 100_000
	}
	if c.OptOutKeywords == nil {
		c.OptOutKeywords = defaultOptOut
	}
	if c.OptInKeywords == nil {
		c.OptInKeywords = defaultOptIn
	}
	if c.HelpKeywords == nil {
		c.HelpKeywords = defaultHelp
	}
	if c.Progression == (Progression{}) {
		c.Progression = Progression{Sent: 500 * time.Millisecond, Delivered: 2 * time.Second, Reply: 5 * time.Second}
	}
}

// The identifiers of [DefaultConfig], in Twilio's formats.
const (
	DemoAccountSID  = "AC00000000000000000000000000000001"
	DemoAuthToken   = "sim-twilio-auth-token"
	DemoAPIKeySID   = "SK00000000000000000000000000000001"
	DemoAPIKey      = "sim-twilio-api-key-secret"
	DemoNumber      = "+15557122661"
	DemoShortCode   = "55555"
	DemoServiceSID  = "MG00000000000000000000000000000001"
	DemoPoolNumber1 = "+15557122662"
	DemoPoolNumber2 = "+15557122663"
)

// DefaultConfig is one account with a long code, a short code and a
// two-number Messaging Service; set the inbound URLs (and Clock) before use.
func DefaultConfig() Config {
	return Config{Accounts: []Account{{
		SID: DemoAccountSID, AuthToken: DemoAuthToken,
		APIKeys: map[string]string{DemoAPIKeySID: DemoAPIKey},
		PhoneNumbers: []PhoneNumber{{Number: DemoNumber}, {Number: DemoShortCode},
			{Number: DemoPoolNumber1}, {Number: DemoPoolNumber2}},
		MessagingServices: []MessagingService{{SID: DemoServiceSID, Senders: []string{DemoPoolNumber1, DemoPoolNumber2}}},
	}}}
}
