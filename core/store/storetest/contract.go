// Package storetest is the one contract every store driver passes. Driver
// packages call Run with a function that opens a fresh, empty store.
package storetest

import (
	"testing"

	"github.com/masteria/masteria/core/store"
)

// Opener returns a new, empty, migrated store, closed when t ends.
type Opener func(t *testing.T) store.Store

// Run runs the whole contract against stores made by open.
func Run(t *testing.T, open Opener) {
	t.Run("tenants and members", func(t *testing.T) { testTenants(t, open(t)) })
	t.Run("tenant scoping", func(t *testing.T) { testScoping(t, open(t)) })
	t.Run("sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("api keys", func(t *testing.T) { testAPIKeys(t, open(t)) })
	t.Run("secrets", func(t *testing.T) { testSecrets(t, open(t)) })
	t.Run("outbox commit and rollback", func(t *testing.T) { testOutboxTx(t, open(t)) })
	t.Run("outbox claim", func(t *testing.T) { testOutboxClaim(t, open(t)) })
	t.Run("outbox concurrent claims", func(t *testing.T) { testOutboxConcurrent(t, open(t)) })
	runCRM(t, open)
	t.Run("flow versions", func(t *testing.T) { testFlowVersions(t, open(t)) })
	t.Run("runs", func(t *testing.T) { testRuns(t, open(t)) })
	t.Run("waiting runs", func(t *testing.T) { testWaitingRuns(t, open(t)) })
	t.Run("create conversations", func(t *testing.T) { testCreateConversations(t, open(t)) })
	t.Run("close window", func(t *testing.T) { testCloseWindow(t, open(t)) })
	t.Run("waiting for an answer", func(t *testing.T) { testWaiting(t, open(t)) })
	t.Run("conversations by contact", func(t *testing.T) { testConversationQuery(t, open(t)) })
	t.Run("run leases", func(t *testing.T) { testLeases(t, open(t)) })
	t.Run("group commit of runs", func(t *testing.T) { testSaveRuns(t, open(t)) })
	t.Run("connections and plugin KV", func(t *testing.T) { testConnections(t, open(t)) })
	t.Run("blobs", func(t *testing.T) { testBlobs(t, open(t)) })
	t.Run("contact blobs", func(t *testing.T) { testContactBlobs(t, open(t)) })
	runCampaigns(t, open)
	t.Run("webhook endpoints", func(t *testing.T) { testWebhookEndpoints(t, open(t)) })
	t.Run("webhook deliveries", func(t *testing.T) { testWebhookDeliveries(t, open(t)) })
	t.Run("analytics overview", func(t *testing.T) { testAnalytics(t, open(t)) })
}
