package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDemoSMSReply: a text from a handset reaches the inbox through the
// Twilio simulator and the twilio-sms plugin, and an agent's reply from
// the inbox reaches the handset.
func TestDemoSMSReply(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650777"
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Oi, tem horário amanhã?"}`, 200)

	convID := threadOf(t, d, handset, "sms")
	post(t, d.base+"/api/v1/conversations/"+convID+"/messages", d.apiKey, `{"text":"Temos às 10h. Pode ser?"}`, 202)
	eventually(t, "the reply at the handset", func() bool {
		res, err := http.Get(d.twilio + "/_sim/messages?to=" + url.QueryEscape(handset))
		if err != nil {
			return false
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return strings.Contains(string(body), "Temos às 10h")
	})
}

// threadOf waits for the contact with phone to have a conversation on
// channel and returns its ID.
func threadOf(t *testing.T, d demo, phone, channel string) string {
	t.Helper()
	type items struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	var convID string
	eventually(t, "the "+channel+" conversation of "+phone, func() bool {
		var contacts, convs items
		get(t, d, "/api/v1/contacts?q="+url.QueryEscape(phone), &contacts)
		if len(contacts.Items) != 1 {
			return false
		}
		get(t, d, "/api/v1/conversations?channel="+channel+"&contact_id="+contacts.Items[0].ID, &convs)
		if len(convs.Items) > 0 {
			convID = convs.Items[0].ID
		}
		return convID != ""
	})
	return convID
}

func post(t *testing.T, url, key, body string, want int) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("POST %s: %d %s", url, res.StatusCode, b)
	}
}

func get(t *testing.T, d demo, path string, into any) {
	t.Helper()
	req, _ := http.NewRequest("GET", d.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+d.apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(into); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("never saw %s", what)
}
