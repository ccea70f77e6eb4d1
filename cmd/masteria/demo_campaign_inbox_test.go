package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDemoCampaignMessageInTheThread: an SMS campaign's message shows in
// the contact's conversation (made for it), so the reply that follows is
// read with what it answers; the simulator's delivery report reaches it.
func TestDemoCampaignMessageInTheThread(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650777"
	status, body := send(t, d, "POST", "/api/v1/contacts", `{"name":"Bia Souza","phone":"`+handset+`"}`)
	if status != 201 {
		t.Fatalf("contact: %d %s", status, body)
	}
	var contact struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &contact)

	campaign, _ := json.Marshal(map[string]any{"name": "promo", "channel": "sms", "spec": map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)},
		"message":  map[string]any{"text": "Oi {{ contact.first_name }}, 10% off hoje!"}}})
	status, body = send(t, d, "POST", "/api/v1/campaigns", string(campaign))
	if status != 201 {
		t.Fatalf("campaign: %d %s", status, body)
	}
	var c struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &c)
	if status, body := send(t, d, "POST", "/api/v1/campaigns/"+c.ID+"/start", ""); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}

	type message struct {
		Direction, Text, Status string
		ProviderMessageID       string          `json:"provider_message_id"`
		Extra                   json.RawMessage `json:"extra"`
	}
	var thread []message
	var convID string
	eventually(t, "the campaign's message in the contact's thread, delivered", func() bool {
		var convs struct {
			Items []struct {
				ID     string `json:"id"`
				Unread int    `json:"unread"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations?contact_id="+contact.ID, &convs)
		if len(convs.Items) != 1 {
			return false
		}
		if convs.Items[0].Unread != 0 {
			t.Fatalf("a campaign message made the conversation unread: %+v", convs.Items[0])
		}
		convID = convs.Items[0].ID
		var msgs struct {
			Items []message `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		thread = msgs.Items
		return len(thread) == 1 && thread[0].Status == "delivered"
	})
	m := thread[0]
	if m.Direction != "out" || m.Text != "Oi Bia, 10% off hoje!" || m.ProviderMessageID == "" || !strings.Contains(string(m.Extra), c.ID) {
		t.Fatalf("the campaign's message: %+v (%s)", m, m.Extra)
	}

	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Qual o preço?"}`, 200)
	eventually(t, "the reply after the campaign's message", func() bool {
		var msgs struct {
			Items []message `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		return len(msgs.Items) == 2 && msgs.Items[0].Direction == "in" && msgs.Items[0].Text == "Qual o preço?"
	})
}

// TestDemoTemplateCampaignInTheThread: a WhatsApp template campaign's
// message shows in the contact's thread as the customer read it, the
// template's body with its variables filled in by the whatsapp-cloud
// subprocess from the synced catalog, not the template's name and values.
// A template the connection's catalog lacks, one Meta disabled and
// variables that do not fit are refused when the campaign is saved; a
// paused template when it starts.
func TestDemoTemplateCampaignInTheThread(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650778"
	status, body := send(t, d, "POST", "/api/v1/contacts", `{"name":"Caio Lima","phone":"`+handset+`"}`)
	if status != 201 {
		t.Fatalf("contact: %d %s", status, body)
	}
	var contact struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &contact)

	waitForTemplates(t, d)

	// a template the catalog lacks is refused when the campaign is saved; a paused
	// one is kept but cannot start
	for name, want := range map[string]string{"nao_existe": "no template named", "promo_desativada": "DISABLED at Meta"} {
		bad, _ := json.Marshal(map[string]any{"name": name, "channel": "whatsapp", "spec": map[string]any{
			"message": map[string]any{"template": map[string]any{"name": name, "language": "pt_BR"}}}})
		if status, body := send(t, d, "POST", "/api/v1/campaigns", string(bad)); status != 400 || !strings.Contains(body, want) {
			t.Fatalf("a campaign with template %s: %d %s", name, status, body)
		}
	}
	paused, _ := json.Marshal(map[string]any{"name": "pausada", "channel": "whatsapp", "spec": map[string]any{
		"message": map[string]any{"template": map[string]any{"name": "promo_pausada", "language": "pt_BR"}}}})
	status, body = send(t, d, "POST", "/api/v1/campaigns", string(paused))
	var draft struct {
		ID string `json:"id"`
	}
	if json.Unmarshal([]byte(body), &draft); status != 201 {
		t.Fatalf("a draft with a paused template: %d %s", status, body)
	}
	if status, body := send(t, d, "POST", "/api/v1/campaigns/"+draft.ID+"/start", ""); status != 400 || !strings.Contains(body, "PAUSED at Meta") {
		t.Fatalf("starting with a paused template: %d %s", status, body)
	}

	// variables that do not fit the template are refused when the campaign is saved
	short, _ := json.Marshal(map[string]any{"name": "pedidos", "channel": "whatsapp", "spec": map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)},
		"message": map[string]any{"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR",
			"variables": map[string]string{"1": "{{ contact.first_name }}"}}}}})
	status, body = send(t, d, "POST", "/api/v1/campaigns", string(short))
	if status != 400 || !strings.Contains(body, "spec.message.template.variables") || !strings.Contains(body, "2 parameters ({{1}}, {{2}})") {
		t.Fatalf("a campaign missing a template variable: %d %s", status, body)
	}

	c := createCampaign(t, d, "whatsapp", map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)},
		"message": map[string]any{"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR",
			"variables": map[string]string{"1": "{{ contact.first_name }}", "2": "#1042"}}}})
	startCampaign(t, d, c)

	text := onlyThreadMessage(t, d, contact.ID)
	if text != "Olá Caio, seu pedido #1042 foi confirmado." {
		t.Fatalf("the thread shows %q for the campaign's template", text)
	}
}

// TestDemoTemplateCampaignWithHeaderAndButton: a template whose header
// and URL button take values (pedido_enviado) is refused without them,
// naming the field, and sends them per contact: the thread shows the
// header filled in and Graph received the button's URL ending.
func TestDemoTemplateCampaignWithHeaderAndButton(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650779"
	status, body := send(t, d, "POST", "/api/v1/contacts", `{"name":"Bia Souza","phone":"`+handset+`"}`)
	if status != 201 {
		t.Fatalf("contact: %d %s", status, body)
	}
	var contact struct {
		ID string `json:"id"`
	}
	json.Unmarshal([]byte(body), &contact)
	waitForTemplates(t, d)

	message := func(extra map[string]any) map[string]any {
		tpl := map[string]any{"name": "pedido_enviado", "language": "pt_BR",
			"variables": map[string]string{"1": "{{ contact.first_name }}", "2": "3"}}
		for k, v := range extra {
			tpl[k] = v
		}
		return map[string]any{"template": tpl}
	}
	header := map[string]string{"1": "#2077"}
	button := map[string]string{"0": "BR-{{ contact.first_name }}"}
	for field, extra := range map[string]map[string]any{
		"spec.message.template.header_variables": {"buttons": button},
		"spec.message.template.buttons":          {"header_variables": header},
	} {
		bad, _ := json.Marshal(map[string]any{"name": "enviados", "channel": "whatsapp", "spec": map[string]any{"message": message(extra)}})
		if status, body := send(t, d, "POST", "/api/v1/campaigns", string(bad)); status != 400 || !strings.Contains(body, field) {
			t.Fatalf("a campaign missing %s: %d %s", field, status, body)
		}
	}

	c := createCampaign(t, d, "whatsapp", map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)},
		"message":  message(map[string]any{"header_variables": header, "buttons": button})})
	startCampaign(t, d, c)
	text := onlyThreadMessage(t, d, contact.ID)
	if want := "Pedido #2077 a caminho\n\nOlá Bia, seu pedido saiu para entrega e chega em até 3 dias úteis."; text != want {
		t.Fatalf("the thread shows %q, want %q", text, want)
	}
	if got := simOutbox(t, d, handset); !strings.Contains(got, `"sub_type":"url"`) || !strings.Contains(got, `"text":"BR-Bia"`) {
		t.Fatalf("Graph received %s", got)
	}
}

// waitForTemplates waits for the WhatsApp plugin to list the demo
// connection's templates, as the campaign form does: until it serves, the
// template check is skipped and a campaign is saved unchecked.
func waitForTemplates(t *testing.T, d demo) {
	t.Helper()
	var conns struct {
		Items []connectionView `json:"items"`
	}
	get(t, d, "/api/v1/connections", &conns)
	for _, c := range conns.Items {
		if c.PluginID == "whatsapp-cloud" {
			eventually(t, "the connection's templates listed", func() bool {
				status, _ := send(t, d, "GET", "/api/v1/connections/"+c.ID+"/templates", "")
				return status == 200
			})
		}
	}
}

// simOutbox is what the WhatsApp simulator received for handset, as its
// inspection endpoint lists it.
func simOutbox(t *testing.T, d demo, handset string) string {
	t.Helper()
	res, err := http.Get(d.whatsapp + "/_sim/messages?to=" + url.QueryEscape(handset))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return string(body)
}

// onlyThreadMessage waits for the contact's one conversation to hold one
// message (a campaign's) and returns its text.
func onlyThreadMessage(t *testing.T, d demo, contactID string) string {
	t.Helper()
	var text string
	eventually(t, "the campaign's template in the contact's thread", func() bool {
		var convs struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations?contact_id="+contactID, &convs)
		if len(convs.Items) != 1 {
			return false
		}
		var msgs struct {
			Items []struct{ Text string } `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+convs.Items[0].ID+"/messages", &msgs)
		if len(msgs.Items) != 1 {
			return false
		}
		text = msgs.Items[0].Text
		return true
	})
	return text
}
