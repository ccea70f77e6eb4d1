package main

import (
	"testing"
)

// TestDemoRestartKeepsOpenWindows: a customer writes on WhatsApp, the
// demo restarts on the same data with a new simulator, and an agent's
// reply to that customer is still delivered: the new simulator is told the
// windows the conversations have open, as Meta would remember them.
func TestDemoRestartKeepsOpenWindows(t *testing.T) {
	data := t.TempDir()
	first := startDemoOn(t, data)
	const customer = "+5511987650555"
	post(t, first.whatsapp+"/_sim/inbound", "", `{"from":"5511987650555","name":"Bia","text":"Oi, vocês abrem sábado?"}`, 200)
	convID := threadOf(t, first, customer, "whatsapp")
	first.stop()

	again := startDemoOn(t, data)
	again.apiKey = first.apiKey
	post(t, again.base+"/api/v1/conversations/"+convID+"/messages", again.apiKey, `{"text":"Abrimos, das 9h às 13h."}`, 202)
	type page struct {
		Items []struct {
			Text   string `json:"text"`
			Status string `json:"status"`
			Error  string `json:"error"`
		} `json:"items"`
	}
	var status, problem string
	eventually(t, "the reply after the restart delivered", func() bool {
		var p page
		get(t, again, "/api/v1/conversations/"+convID+"/messages", &p)
		for _, m := range p.Items {
			if m.Text == "Abrimos, das 9h às 13h." {
				status, problem = m.Status, m.Error
			}
		}
		if status == "failed" {
			t.Fatalf("the reply failed after the restart: %s", problem)
		}
		return status == "delivered" || status == "read"
	})
}
