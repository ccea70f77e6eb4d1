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

// TestDemoSMSOptOut: a handset texts "Sair." through the Twilio simulator
// and the twilio-sms plugin subprocess; the contact gets an sms opt-out,
// an agent's reply is refused, and an SMS campaign leaves them out. START
// opts them back in and replies go again.
func TestDemoSMSOptOut(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650888"
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Sair."}`, 200)
	contactID := waitConsent(t, d, handset, "opt_out", 1)

	var convs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	get(t, d, "/api/v1/conversations?channel=sms&contact_id="+contactID, &convs)
	if len(convs.Items) != 1 {
		t.Fatalf("conversations: %+v", convs)
	}
	reply := "/api/v1/conversations/" + convs.Items[0].ID + "/messages"
	if status, body := send(t, d, "POST", reply, `{"text":"Posso ajudar?"}`); status != 409 || !strings.Contains(body, "opted out of sms") {
		t.Fatalf("a reply to an opted-out contact: %d %s", status, body)
	}

	campaign, _ := json.Marshal(map[string]any{"name": "promo", "channel": "sms", "spec": map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone == %q", handset)}, "message": map[string]any{"text": "Promo!"}}})
	status, body := send(t, d, "POST", "/api/v1/campaigns", string(campaign))
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
	eventually(t, "the campaign leaving the opted-out contact out", func() bool {
		var pr struct {
			Excluded map[string]int64 `json:"excluded"`
			Queued   int64            `json:"queued"`
			Sent     int64            `json:"sent"`
		}
		get(t, d, "/api/v1/campaigns/"+c.ID+"/progress", &pr)
		if pr.Queued+pr.Sent > 0 {
			t.Fatalf("the campaign enrolled an opted-out contact: %+v", pr)
		}
		return pr.Excluded["opted_out"] == 1
	})

	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"start"}`, 200)
	waitConsent(t, d, handset, "opt_in", 2)
	if status, body := send(t, d, "POST", reply, `{"text":"Bem-vindo de volta"}`); status != 202 {
		t.Fatalf("a reply after START: %d %s", status, body)
	}
	eventually(t, "the reply at the handset", func() bool {
		res, err := http.Get(d.twilio + "/_sim/messages?to=" + url.QueryEscape(handset))
		if err != nil {
			return false
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return strings.Contains(string(b), "Bem-vindo de volta") && !strings.Contains(string(b), "Promo!")
	})
}

// waitConsent waits until the contact with phone has n consent records,
// the latest on sms with status, and returns the contact's ID.
func waitConsent(t *testing.T, d demo, phone, status string, n int) string {
	t.Helper()
	return waitChannelConsent(t, d, phone, "sms", status, n)
}

// waitChannelConsent waits until the contact with phone has n consent
// records, the latest a keyword's on channel with status, and returns the
// contact's ID.
func waitChannelConsent(t *testing.T, d demo, phone, channel, status string, n int) string {
	t.Helper()
	var id string
	eventually(t, "the "+channel+" "+status+" consent", func() bool {
		var contacts struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/contacts?q="+url.QueryEscape(phone), &contacts)
		if len(contacts.Items) != 1 {
			return false
		}
		id = contacts.Items[0].ID
		var cs struct {
			Items []struct {
				Channel, Status, Source string
			} `json:"items"`
		}
		get(t, d, "/api/v1/contacts/"+id+"/consents", &cs)
		return len(cs.Items) == n && cs.Items[0].Channel == channel && cs.Items[0].Status == status &&
			strings.HasPrefix(cs.Items[0].Source, "keyword:")
	})
	return id
}

// send calls the API and returns the status and body.
func send(t *testing.T, d demo, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, d.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+d.apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestDemoSMS21610RecordsTheOptOut: a handset that opted out with Twilio
// (not in a message to us) is refused by Twilio with 21610 when an agent
// replies; the contact's consent then records the opt-out, so the next
// reply is refused before anything is sent.
func TestDemoSMS21610RecordsTheOptOut(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650999"
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Oi"}`, 200)
	reply := "/api/v1/conversations/" + threadOf(t, d, handset, "sms") + "/messages"
	post(t, d.twilio+"/_sim/faults", "", `{"faults":[{"code":21610,"to":"`+handset+`"}]}`, 204)
	if status, body := send(t, d, "POST", reply, `{"text":"Temos horário"}`); status != 202 {
		t.Fatalf("the first reply: %d %s", status, body)
	}
	waitConsent(t, d, handset, "opt_out", 1)
	if status, body := send(t, d, "POST", reply, `{"text":"Ainda aí?"}`); status != 409 || !strings.Contains(body, "opted out of sms") {
		t.Fatalf("a reply after Twilio's 21610: %d %s", status, body)
	}
}
