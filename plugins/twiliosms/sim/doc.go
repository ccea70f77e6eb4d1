// Package sim is a faithful local simulator of Twilio Programmable
// Messaging, for tests and for `masteria serve --demo` / `masteria sim`,
// since these machines reach no provider.
//
// It speaks the real wire protocol (providers.md §2): POST, GET and list on
// /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic auth
// (AccountSid:AuthToken or ApiKeySid:ApiKeySecret), form-encoded requests,
// the Message resource and Twilio's error body ({code, message, more_info,
// status}) with the synchronous codes (21211, 21610, 21611, …). Every send
// is queued and drained at its sender's rate in segments per second (1 for
// a long code, 3 toll-free, 100 for a short code), so throughput shows up as
// queueing, as on Twilio; a queue over 10 h refuses the send (21611).
//
// Status changes — queued, sent, then delivered, or failed/undelivered with
// an ErrorCode such as 30003 — are POSTed form-encoded to the StatusCallback
// with a correct X-Twilio-Signature ([Signature]). Inbound messages from
// simulated handsets are posted, signed, to the number's SMS URL, or to its
// Messaging Service's inbound request URL (GET and POST /v1/Services/{Sid},
// the Messaging API served beside the REST API), as Twilio routes them; STOP and
// START keywords drive Advanced Opt-Out (21610 on later sends), and a TwiML
// <Message> answer is sent as a reply (an MMS when it holds <Media>;
// a <Redirect> is not followed). An MMS's files are hosted as Twilio
// hosts them, at …/Messages/{MessageSid}/Media/{MediaSid} behind Basic auth
// (optionally redirecting to a signed CDN URL), and named in MediaUrlN.
//
// Everything time-dependent reads a [Clock]; tests use a [ManualClock] and
// call Advance instead of sleeping. Faults ([Fault], [WebhookFaults]) and
// inspection ([Server.Messages], [Server.Callbacks], [Server.MediaFetches])
// are available in Go and over HTTP under /_sim/.
package sim
