package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestDemoTemplateReply: against the WhatsApp simulator and the real
// whatsapp-cloud subprocess, the composer's template list carries each
// template's body and parameters; a template reply missing its parameters
// is refused at once (400 invalid_input, naming what it takes) instead of accepted and
// failed later with 132000; one that fits is shown in the thread as the
// customer reads it.
func TestDemoTemplateReply(t *testing.T) {
	d := startDemo(t)
	in, _ := json.Marshal(map[string]any{"from": "5511912340077", "name": "Ana", "type": "text", "text": "quero saber do pedido"})
	if res, err := http.Post(d.whatsapp+"/_sim/inbound", "application/json", bytes.NewReader(in)); err != nil || res.StatusCode != 200 {
		t.Fatalf("inject: %v %v", res, err)
	}
	convID := conversationWith(t, d, "quero saber do pedido")

	var templates struct {
		Items []struct {
			Name, Language, Body string
			Parameters           []struct{ Component, Name, Example string }
		} `json:"items"`
	}
	get(t, d, "/api/v1/conversations/"+convID+"/templates?q=pedido_confirmado", &templates)
	if len(templates.Items) != 1 || templates.Items[0].Body != "Olá {{1}}, seu pedido {{2}} foi confirmado." ||
		len(templates.Items[0].Parameters) != 2 || templates.Items[0].Parameters[1].Example != "#1042" {
		t.Fatalf("templates: %+v", templates.Items)
	}

	status, body := send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages",
		`{"template":{"name":"pedido_confirmado","language":"pt_BR"}}`)
	if status != 400 || !strings.Contains(body, "pedido_confirmado (pt_BR)") || !strings.Contains(body, "2 parameters ({{1}}, {{2}})") {
		t.Fatalf("a template reply without its parameters: %d %s", status, body)
	}
	status, body = send(t, d, "POST", "/api/v1/conversations/"+convID+"/messages",
		`{"template":{"name":"pedido_confirmado","language":"pt_BR","variables":{"1":"Ana","2":"#77"}}}`)
	var m struct{ ID, Text, Status string }
	if json.Unmarshal([]byte(body), &m); status != 202 || m.Text != "Olá Ana, seu pedido #77 foi confirmado." {
		t.Fatalf("template reply: %d %s", status, body)
	}
	eventually(t, "the template reply sent", func() bool {
		var msgs struct {
			Items []struct{ ID, Text, Status, Error string } `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		for _, x := range msgs.Items {
			if x.ID == m.ID && x.Status == "failed" {
				t.Fatalf("the reply failed: %s", x.Error)
			}
			if x.ID == m.ID && x.Status != "pending" {
				return x.Text == m.Text
			}
		}
		return false
	})
}

// conversationWith waits for the conversation holding a message with text.
func conversationWith(t *testing.T, d demo, text string) string {
	t.Helper()
	var id string
	eventually(t, "the conversation of "+text, func() bool {
		var convs struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations", &convs)
		for _, c := range convs.Items {
			var msgs struct {
				Items []struct{ Text string } `json:"items"`
			}
			get(t, d, "/api/v1/conversations/"+c.ID+"/messages", &msgs)
			for _, m := range msgs.Items {
				if m.Text == text {
					id = c.ID
					return true
				}
			}
		}
		return false
	})
	return id
}
