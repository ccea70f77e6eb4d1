// Package twiliosms is the twilio-sms channel plugin: SMS (and MMS)
// through Twilio Programmable Messaging, using twilio/twilio-go pointed at
// a configurable base URL (Twilio's, or a simulator's).
//
// [Plugin.Send] and the sms.send action send with a status callback to the
// connection's public webhook URL; [Plugin.HandleWebhook] verifies
// X-Twilio-Signature ([ValidSignature]: sorted parameters, every URL form
// Twilio may have signed, JSON bodies through bodySHA256) and turns
// inbound messages and status callbacks into the SDK's InboundMessage and
// StatusUpdate events. Opt-out keywords (STOP and the others Twilio
// knows, and the Portuguese SAIR, PARAR, CANCELAR) are recorded in the
// connection's KV and honoured by every later send, which fails
// permanently with 21610 without calling Twilio; START opts back in.
// Synchronous and asynchronous error codes map to SDK error classes in
// [ErrorRules]; sends are paced per sender in segments per second.
//
// The plugin runs as a go-plugin subprocess: [Serve] is the whole main of
// its executable, and [Factory] is its sdk.Factory.
package twiliosms
