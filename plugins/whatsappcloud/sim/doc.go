// Package sim is a faithful local simulator of the WhatsApp Business Cloud
// API (Meta Graph API), for tests and for `masteria serve --demo` /
// `masteria sim`, since these machines reach no provider.
//
// It speaks the real wire protocol (providers.md §1): the same paths (with
// any pinned version segment such as /v21.0, or none), Bearer-token auth,
// request validation, response bodies, Graph error objects with Meta's codes
// and HTTP statuses (rate limits are HTTP 400 with codes 130429, 131056,
// 80007), wamid message IDs, media upload and download, the template list and
// the messaging-limit tier. It enforces the per-number throughput, the
// per-user pair rate, the 24-hour customer-service window and the daily tier
// of unique users, and it sends signed webhooks (X-Hub-Signature-256) back to
// the platform: statuses sent → delivered → read for every accepted message,
// and inbound messages injected for simulated users. Webhook bodies go out,
// and are signed, in Meta's escaped-unicode form (every non-ASCII
// character as a lowercase \uXXXX escape), so only a receiver that
// verifies the raw bytes passes.
//
// Meta reports some failures only asynchronously, in a "failed" status
// webhook, and so does the simulator: 131047 (outside the window), 131026
// (undeliverable), 131053 (unknown media ID), 131048 (beyond the
// messaging-limit tier, for which Meta documents no dedicated code) and
// 131050 (a MARKETING template to a user who stopped the business's
// marketing messages: by tapping a "Stop promotions" button, or as
// [Server.SetMarketing] says). Config.RejectSynchronously turns them into
// HTTP 400 answers instead.
//
// Template pacing is played by a held fault rule ([Fault].Held): a template
// send answered "held_for_quality_assessment", then sent on or failed with
// 132015. Webhooks can be batched as Meta may ([WebhookBatch], or Batch in
// [WebhookFaults]: up to 1,000 updates in one signed POST); a refused POST
// is retried at once, then with decreasing frequency.
//
// Everything time-dependent reads a [Clock]; tests use a [ManualClock] and
// call Advance instead of sleeping. Faults ([Fault], [WebhookFaults]) and
// inspection ([Server.Messages], [Server.Webhooks]) are available both in Go
// and over HTTP under /_sim/.
package sim
