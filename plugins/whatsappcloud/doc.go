// Package whatsappcloud is the whatsapp-cloud channel plugin: WhatsApp
// through Meta's Cloud API (the Graph API), one connection per business
// phone number.
//
// It sends text, templates, media (by link or media ID), reply buttons and
// lists, reactions and read receipts ([Plugin.Send] and the whatsapp.send
// action); lists and syncs templates with their status and quality
// (whatsapp.templates.sync, whatsapp.templates.list); reads the number's
// health — quality rating, throughput and the portfolio's messaging limit
// (whatsapp.number); and turns Meta's
// webhooks into the SDK's InboundMessage and StatusUpdate events
// ([Plugin.HandleWebhook]), after the verification handshake and the
// X-Hub-Signature-256 check. A text message that is an opt-out or opt-in
// keyword alone (PARAR, SAIR, STOP, START; see [Keywords]) is also
// reported as whatsapp.opted_out or whatsapp.opted_in, which the platform
// records as the contact's WhatsApp consent. A marketing opt-out — a tap
// on a marketing opt-out button ("Stop promotions", "Unsubscribe",
// "Descadastrar"…: [StopPromotions]) or Meta's
// 131050 — is reported as whatsapp.opted_out with scope "marketing"
// ([ScopeMarketing]): the contact's consent to marketing templates only.
//
// Meta's rules live here, before the API is called: the 24-hour
// customer-service window (recorded from inbound messages in the
// connection's KV; templates are always allowed), the number's throughput,
// the per-recipient pair rate, and the backoffs Meta asks for. Every Graph
// error code maps to an SDK error class in [ErrorRules] — rate limits come
// back as HTTP 400 with a code.
//
// The plugin runs as a go-plugin subprocess: [Serve] is the whole main of
// its executable, and [Factory] is its sdk.Factory. See RATIONALE.md for
// the choices made.
package whatsappcloud
