// Package webhooks is outbound webhooks: the endpoints a tenant registers
// to receive its events, and their delivery as Standard Webhooks v1
// (https://www.standardwebhooks.com): a JSON body {"type", "timestamp",
// "data"} POSTed with webhook-id, webhook-timestamp and webhook-signature,
// signed with the endpoint's whsec_ secret.
//
// Three parts:
//
//   - Service: the endpoints' use cases behind /api/v1/webhook-endpoints
//     (create, change, rotate the secret, delete, list deliveries, test,
//     redeliver);
//   - Fanout: a durable consumer of the event stream that records a
//     delivery for each endpoint an event is for, subscribed only to the
//     subjects of tenants with enabled endpoints (none at all when no
//     tenant has one: see RATIONALE.md, "Outbound webhooks cost nothing
//     without endpoints");
//   - Sender: takes due deliveries from the store, signs and sends them
//     through an egress guard, and records each attempt, retrying on the
//     Standard Webhooks schedule.
package webhooks
