package storetest

import "testing"

// runCRM is the CRM's part of the contract.
func runCRM(t *testing.T, open Opener) {
	t.Run("crm contacts", func(t *testing.T) { testContacts(t, open(t)) })
	t.Run("crm contact list", func(t *testing.T) { testContactList(t, open(t)) })
	t.Run("crm contact data", func(t *testing.T) { testContactData(t, open(t)) })
	t.Run("crm conversations", func(t *testing.T) { testConversations(t, open(t)) })
	t.Run("crm messages", func(t *testing.T) { testMessages(t, open(t)) })
	t.Run("crm message errors", func(t *testing.T) { testMessageErrors(t, open(t)) })
	t.Run("crm held mark", func(t *testing.T) { testHeldMark(t, open(t)) })
	t.Run("crm last message status", func(t *testing.T) { testLastMessageStatus(t, open(t)) })
	t.Run("crm status history", func(t *testing.T) { testStatusHistory(t, open(t)) })
	t.Run("crm status history of inserted messages", func(t *testing.T) { testInsertedStatus(t, open(t)) })
	t.Run("crm batches", func(t *testing.T) { testBatches(t, open(t)) })
	t.Run("crm search", func(t *testing.T) { testSearch(t, open(t)) })
	t.Run("crm search pages", func(t *testing.T) { SearchPages(t, open(t)) })
	t.Run("crm kanban", func(t *testing.T) { testKanban(t, open(t)) })
	t.Run("crm kanban stages", func(t *testing.T) { testStages(t, open(t)) })
	t.Run("crm canned responses and agents", func(t *testing.T) { testCannedAndAgents(t, open(t)) })
}
