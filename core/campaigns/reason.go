package campaigns

import "github.com/masteria/masteria/core/store"

// Reason is why a campaign paused or was cancelled, or how its round
// ended, said twice: Text in English (the campaign's reason, as API
// clients have always read it) and Code with Params, the values the text
// names, for the dashboard to word in its user's language. The zero
// Reason is none.
type Reason struct {
	Text   string
	Code   string
	Params map[string]any
}

// Campaign reason codes. ReasonCodes names each one's params.
const (
	ReasonPausedByUser           = "paused_by_user"
	ReasonPausedByAPIKey         = "paused_by_api_key"
	ReasonPausedByPlatform       = "paused_by_platform"
	ReasonCancelledByUser        = "cancelled_by_user"
	ReasonCancelledByAPIKey      = "cancelled_by_api_key"
	ReasonCancelledByPlatform    = "cancelled_by_platform"
	ReasonBreakerUndeliverable   = "breaker_undeliverable"
	ReasonBreakerOptOuts         = "breaker_opt_outs"
	ReasonBreakerFailures        = "breaker_failures"
	ReasonFirstSendsFailed       = "first_sends_failed"
	ReasonSenderBlocked          = "sender_blocked"
	ReasonCredentialsRefused     = "credentials_refused"
	ReasonDefinitionInvalid      = "definition_invalid"
	ReasonCompletedWithFailures  = "completed_with_failures"
	ReasonCompletedAllFailed     = "completed_all_failed"
	ReasonRoundEndedWithFailures = "round_ended_with_failures"
	ReasonRoundEndedAllFailed    = "round_ended_all_failed"
)

// codesDoc is the shape of the codes param.
const codesDoc = "codes (the commonest failure codes, most first: [{code, count, message}], code \"\" when the provider gave none, " +
	"message the provider's words in English when known)"

// ReasonCodes describes every reason code and its params, for the OpenAPI
// document.
var ReasonCodes = map[string]string{
	ReasonPausedByUser:           "paused by a user; params: name (the user's name and email)",
	ReasonPausedByAPIKey:         "paused by an API key; params: name (the key's name)",
	ReasonPausedByPlatform:       "paused by the platform",
	ReasonCancelledByUser:        "cancelled by a user; params: name",
	ReasonCancelledByAPIKey:      "cancelled by an API key; params: name",
	ReasonCancelledByPlatform:    "cancelled by the platform",
	ReasonBreakerUndeliverable:   "the circuit breaker paused it: too many undeliverable or blocked sends; params: count, window (the sends looked at), percent, limit (a percentage), codes ([{code, count}])",
	ReasonBreakerOptOuts:         "the circuit breaker paused it: too many opt-outs; params as breaker_undeliverable",
	ReasonBreakerFailures:        "the circuit breaker paused it: too many failures; params as breaker_undeliverable",
	ReasonFirstSendsFailed:       "its first sends all failed, none went out; params: count, " + codesDoc,
	ReasonSenderBlocked:          "the provider stopped the sender (a number's quality, a blocked or suspended account); params: code (the provider's)",
	ReasonCredentialsRefused:     "the provider refused the connection's credentials",
	ReasonDefinitionInvalid:      "its definition is no longer valid; params: detail (English)",
	ReasonCompletedWithFailures:  "completed with failures; params: count (failed), total (tried), " + codesDoc,
	ReasonCompletedAllFailed:     "completed with every send failed; params: count, " + codesDoc,
	ReasonRoundEndedWithFailures: "a recurring campaign's round ended, with failures across its rounds; params: round, count, total, " + codesDoc,
	ReasonRoundEndedAllFailed:    "a recurring campaign's round ended, every send of its rounds failed; params: round, count, " + codesDoc,
}

// failureCount is one failure code in a reason's params.
type failureCount struct {
	Code    string `json:"code"`
	Count   int64  `json:"count"`
	Message string `json:"message,omitempty"`
}

// set gives c the reason (the zero Reason clears it).
func (r Reason) set(c *store.Campaign) {
	c.Reason, c.ReasonCode, c.ReasonParams = r.Text, r.Code, r.Params
}

// credentialsRefused pauses a campaign whose connection the provider no
// longer accepts.
var credentialsRefused = Reason{Text: "the provider refused the connection's credentials: fix the connection, then resume",
	Code: ReasonCredentialsRefused}

// senderBlocked is the pause for a code of pauseCodes ("" when none).
func senderBlocked(code string) Reason {
	text, ok := pauseCodes[code]
	if !ok {
		return Reason{}
	}
	return Reason{Text: text, Code: ReasonSenderBlocked, Params: map[string]any{"code": code}}
}

// definitionInvalid pauses a campaign whose stored definition no longer
// compiles.
func definitionInvalid(err error) Reason {
	return Reason{Text: "the campaign's definition is no longer valid: " + err.Error(), Code: ReasonDefinitionInvalid,
		Params: map[string]any{"detail": err.Error()}}
}
