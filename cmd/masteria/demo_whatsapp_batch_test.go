package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// simDelivery is a webhook POST as the simulator's inspection lists it.
type simDelivery struct {
	ID        int             `json:"id"`
	URL       string          `json:"url"`
	Kind      string          `json:"kind"`
	Body      json.RawMessage `json:"body"`
	Signature string          `json:"signature"`
	Updates   int             `json:"updates"`
	Delivered bool            `json:"delivered"`
	Duplicate bool            `json:"duplicate"`
}

func simDeliveries(t *testing.T, d demo) []simDelivery {
	t.Helper()
	var hooks struct {
		Data []simDelivery `json:"data"`
	}
	getURL(t, d.whatsapp+"/_sim/webhooks", &hooks)
	return hooks.Data
}

// TestDemoBatchedWebhooks: Meta may batch updates in one POST, and the
// simulator does so here (up to 50 per POST, with a 2 s linger), and
// sends every POST twice. Through the whatsapp-cloud subprocess, every
// inbound message of a batch is stored once, in its own thread, and a
// batch mixing the customers' new messages with the statuses of the
// agents' replies stores each message once and each status step once;
// the duplicate batches change nothing. A batch whose signature is wrong
// (its body altered after signing) is refused and stores nothing.
func TestDemoBatchedWebhooks(t *testing.T) {
	d := startDemo(t)
	post(t, d.whatsapp+"/_sim/faults", "", `{"webhooks":{"batch":50,"linger":"2s","duplicate":1}}`, 204)
	phone := func(i int) string { return fmt.Sprintf("55119876520%d7", i) }
	for i := range 6 {
		post(t, d.whatsapp+"/_sim/inbound", "", fmt.Sprintf(`{"from":%q,"name":"Cliente %d","text":"primeira %d"}`, phone(i), i, i), 200)
	}
	convs := make([]string, 6)
	for i := range convs {
		convs[i] = threadOf(t, d, "+"+phone(i), "whatsapp")
	}
	for i := range 3 { // the agents' replies; as they go out, the customers write again
		if status, body := send(t, d, "POST", "/api/v1/conversations/"+convs[i]+"/messages", fmt.Sprintf(`{"text":"resposta %d"}`, i)); status != 202 {
			t.Fatalf("reply: %d %s", status, body)
		}
	}
	eventually(t, "the replies accepted by WhatsApp", func() bool {
		return simMessages(t, d, phone(0)) == 1 && simMessages(t, d, phone(1)) == 1 && simMessages(t, d, phone(2)) == 1
	})
	for i := range 6 { // within the linger of the batch the replies' sent statuses open
		post(t, d.whatsapp+"/_sim/inbound", "", fmt.Sprintf(`{"from":%q,"text":"segunda %d"}`, phone(i), i), 200)
	}
	eventually(t, "the replies read, through batches", func() bool {
		for i := range 3 {
			if m := lastOut(t, d, convs[i]); m.Status != "read" {
				return false
			}
		}
		return true
	})
	eventually(t, "every batch and its duplicate delivered", func() bool {
		for _, h := range simDeliveries(t, d) {
			if !h.Delivered {
				return false
			}
		}
		return true
	})

	var batches []simDelivery // the demo's own seeding went before the faults
	mixed := false
	for _, h := range simDeliveries(t, d) {
		if h.Kind == "batch" {
			batches = append(batches, h)
			mixed = mixed || bytes.Contains(h.Body, []byte(`"statuses"`)) && bytes.Contains(h.Body, []byte(`"messages"`))
		}
	}
	if len(batches) < 4 || !batches[1].Duplicate || batches[0].Updates < 6 || !mixed {
		t.Fatalf("batches: %d (the first of %d updates), one mixing messages and statuses: %v", len(batches), batches[0].Updates, mixed)
	}
	for i := range 6 {
		texts := threadTexts(t, d, convs[i], "in")
		sort.Strings(texts)
		if got := strings.Join(texts, "|"); got != fmt.Sprintf("primeira %d|segunda %d", i, i) {
			t.Fatalf("thread %d's customer messages: %q", i, got)
		}
	}
	for i := range 3 {
		m := lastOut(t, d, convs[i])
		var steps []string
		for _, h := range m.StatusHistory {
			steps = append(steps, h.Status)
		}
		if strings.Join(steps, ",") != "sent,delivered,read" {
			t.Fatalf("reply %d's history: %v", i, steps)
		}
	}

	// A batch altered after signing: new message IDs and texts under the
	// old signature.
	h := batches[0]
	forged := bytes.ReplaceAll(bytes.ReplaceAll(h.Body, []byte("wamid."), []byte("wamid.forged")), []byte("primeira"), []byte("forjada"))
	req, _ := http.NewRequest("POST", h.URL, bytes.NewReader(forged))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", h.Signature)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a forged batch: %d, want 401", res.StatusCode)
	}
	for i := range 6 {
		if texts := threadTexts(t, d, convs[i], "in"); len(texts) != 2 {
			t.Fatalf("thread %d after the forged batch: %q", i, texts)
		}
	}
}

// threadTexts is the texts of a conversation's messages in one direction.
func threadTexts(t *testing.T, d demo, convID, direction string) []string {
	t.Helper()
	var msgs struct {
		Items []threadMessage `json:"items"`
	}
	get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
	var out []string
	for _, m := range msgs.Items {
		if m.Direction == direction {
			out = append(out, m.Text)
		}
	}
	return out
}

// lastOut is a conversation's latest outbound message.
func lastOut(t *testing.T, d demo, convID string) threadMessage {
	t.Helper()
	var msgs struct {
		Items []threadMessage `json:"items"`
	}
	get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
	var out threadMessage
	for _, m := range msgs.Items {
		if m.Direction == "out" {
			out = m
		}
	}
	return out
}
