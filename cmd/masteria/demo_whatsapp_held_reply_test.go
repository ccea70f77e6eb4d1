package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// TestDemoHeldReplyIsMarked: an agent's template reply that WhatsApp's
// template pacing holds (the simulator answers
// "held_for_quality_assessment") reads back through the API as sent and
// held, with extra.held_for_quality_assessment; once Meta lets it go and
// it is delivered, it is no longer held, and its extra still records the
// hold.
func TestDemoHeldReplyIsMarked(t *testing.T) {
	d := startDemo(t)
	in, _ := json.Marshal(map[string]any{"from": "5511987652001", "name": "Bea", "text": "oi, tudo bem?"})
	if res, err := http.Post(d.whatsapp+"/_sim/inbound", "application/json", bytes.NewReader(in)); err != nil || res.StatusCode != 200 {
		t.Fatalf("inject: %v %v", res, err)
	}
	convID := conversationWith(t, d, "oi, tudo bem?")
	post(t, d.whatsapp+"/_sim/faults", "", `{"faults":[{"held":true,"times":1,"hold":"6s"}]}`, 204)
	status, body := send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages",
		`{"template":{"name":"pedido_confirmado","language":"pt_BR","variables":{"1":"Bea","2":"#12"}}}`)
	var sent struct{ ID string }
	if json.Unmarshal([]byte(body), &sent); status != 202 || sent.ID == "" {
		t.Fatalf("template reply: %d %s", status, body)
	}
	reply := func() threadMessage {
		var msgs struct {
			Items []threadMessage `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		for _, m := range msgs.Items {
			if m.ID == sent.ID {
				return m
			}
		}
		t.Fatalf("the reply %s is not in its thread", sent.ID)
		return threadMessage{}
	}
	eventually(t, "the reply sent", func() bool { return reply().Status != "pending" })
	if m := reply(); m.Status != "sent" || !m.Held || m.Extra["held_for_quality_assessment"] != true {
		t.Fatalf("the held reply: %+v; want sent and held", m)
	}
	eventually(t, "the reply delivered after the hold", func() bool {
		s := reply().Status
		if s == "failed" {
			t.Fatalf("the held reply failed: %+v", reply())
		}
		return s == "delivered" || s == "read"
	})
	if m := reply(); m.Held || m.Extra["held_for_quality_assessment"] != true {
		t.Fatalf("the reply after the hold: %+v; want no longer held, its extra still recording the hold", m)
	}
}
