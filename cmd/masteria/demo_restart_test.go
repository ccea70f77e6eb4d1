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

// TestDemoRestartKeepsRenamedConnections: a demo connection renamed by its
// user is found again on the next start (by the simulator account it
// uses), not made a second time under the demo's name.
func TestDemoRestartKeepsRenamedConnections(t *testing.T) {
	data := t.TempDir()
	first := startDemoOn(t, data)
	var list struct {
		Items []connectionView `json:"items"`
	}
	get(t, first, "/api/v1/connections", &list)
	renamed := map[string]string{}
	for _, c := range list.Items {
		name := "Loja " + c.PluginID
		if status, body := send(t, first, "PATCH", "/api/v1/connections/"+c.ID, `{"name":"`+name+`"}`); status != 200 {
			t.Fatalf("rename %s: %d %s", c.ID, status, body)
		}
		renamed[c.ID] = name
	}
	first.stop()

	again := startDemoOn(t, data)
	again.apiKey = first.apiKey
	list.Items = nil
	get(t, again, "/api/v1/connections", &list)
	if len(list.Items) != len(renamed) {
		t.Fatalf("after the restart: %+v, want the %d renamed connections only", list.Items, len(renamed))
	}
	for _, c := range list.Items {
		if renamed[c.ID] != c.Name {
			t.Errorf("connection %s is %q after the restart, want %q", c.ID, c.Name, renamed[c.ID])
		}
	}
}

// TestDemoRestartChecksConnections: after a restart, the demo's
// connections point at new simulators and are checked against them, so
// the Channels page says they work rather than "not checked".
func TestDemoRestartChecksConnections(t *testing.T) {
	data := t.TempDir()
	first := startDemoOn(t, data)
	first.stop()

	again := startDemoOn(t, data)
	again.apiKey = first.apiKey
	var list struct {
		Items []connectionView `json:"items"`
	}
	get(t, again, "/api/v1/connections", &list)
	if len(list.Items) != 2 {
		t.Fatalf("connections after the restart: %+v", list.Items)
	}
	for _, c := range list.Items {
		if c.Status != "ok" {
			t.Errorf("%s after the restart: status %q (%s), want ok", c.PluginID, c.Status, c.Detail)
		}
	}
}
