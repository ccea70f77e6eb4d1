package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDemoReadReceipt: an agent reading a WhatsApp conversation marks the
// customer's message read at Meta (the simulator records read_at), through
// the plugin subprocess.
func TestDemoReadReceipt(t *testing.T) {
	d := startDemo(t)
	const handset = "5511987650333"
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+handset+`","name":"Lia","text":"Oi, alguém aí?"}`, 200)
	convID := threadOf(t, d, handset, "whatsapp")
	if status, body := send(t, d, "POST", "/api/v1/conversations/"+convID+"/read", ""); status != 200 {
		t.Fatalf("read: %d %s", status, body)
	}
	eventually(t, "the message marked read at the simulator", func() bool {
		res, err := http.Get(d.whatsapp + "/_sim/received")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var got struct {
			Data []struct {
				From   string `json:"from"`
				ReadAt string `json:"read_at"`
			} `json:"data"`
		}
		if json.Unmarshal(raw, &got) != nil {
			return false
		}
		for _, m := range got.Data {
			if strings.TrimPrefix(m.From, "+") == handset && m.ReadAt != "" {
				return true
			}
		}
		return false
	})
}

// TestDemoWindowClosedBy131047: when WhatsApp refuses a reply as outside
// the 24-hour window, the conversation shows its window closed though
// the contact wrote minutes ago (the simulator and we disagree).
func TestDemoWindowClosedBy131047(t *testing.T) {
	d := startDemo(t)
	const handset = "5511987650444"
	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"`+handset+`","name":"Rui","text":"Oi"}`, 200)
	convID := threadOf(t, d, handset, "whatsapp")
	post(t, d.whatsapp+"/_sim/faults", "", `{"faults":[{"code":131047,"times":1,"endpoint":"messages","to":"`+handset+`"}]}`, 204)
	if status, body := send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages", `{"text":"Posso ajudar?"}`); status != 202 {
		t.Fatalf("reply: %d %s", status, body)
	}
	eventually(t, "the window closed", func() bool {
		var c struct {
			WindowOpen bool `json:"window_open"`
		}
		get(t, d, "/api/v1/conversations/"+convID, &c)
		return !c.WindowOpen
	})
}
