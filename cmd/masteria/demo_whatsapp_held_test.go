package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestDemoHeldTemplateSends: WhatsApp's template pacing holds a
// campaign's template sends (the simulator answers
// "held_for_quality_assessment"), through the whatsapp-cloud subprocess.
// While held, every send counts as sent (accepted) and none as failed; the
// thread shows each message sent. When the hold ends, two go out and are
// delivered, and two fail with 132015 (the template was paused): the
// ledger counts them under that code, the thread shows them failed with it
// after their sent step, and the campaign completes without its breaker
// tripping. While held, the thread's messages and the ledger's rows say
// held; once each ends (delivered or failed) they no longer do, and the
// message's extra still records that Meta held it.
func TestDemoHeldTemplateSends(t *testing.T) {
	d := startDemo(t)
	// Numbers ending in 7–9 do not answer a campaign (customers.go).
	phones := []string{"+5511987651007", "+5511987651008", "+5511987651017", "+5511987651018"}
	for i, p := range phones {
		if status, body := send(t, d, "POST", "/api/v1/contacts", fmt.Sprintf(`{"name":"Cliente %d","phone":%q}`, i, p)); status != 201 {
			t.Fatalf("contact: %d %s", status, body)
		}
	}
	// One rule per number: the demo's own first campaign may be sending
	// meanwhile, and a rule for any number would hold its messages instead.
	var rules []string
	for i, p := range phones {
		paused := map[bool]string{true: `,"paused":1`}[i%2 == 0]
		rules = append(rules, fmt.Sprintf(`{"held":true,"times":1,"to":%q,"hold":"8s"%s}`, p, paused))
	}
	post(t, d.whatsapp+"/_sim/faults", "", `{"faults":[`+strings.Join(rules, ",")+`]}`, 204)
	id := namedCampaign(t, d, "pacing", map[string]any{
		"audience": map[string]any{"expression": fmt.Sprintf("contact.phone in [%q, %q, %q, %q]", phones[0], phones[1], phones[2], phones[3])},
		"message":  map[string]any{"template": map[string]any{"name": "hello_world", "language": "en_US"}}})
	startCampaign(t, d, id)

	var held struct {
		Data []struct{ ID, Status string } `json:"data"`
	}
	eventually(t, "four held template sends", func() bool {
		getURL(t, d.whatsapp+"/_sim/messages?status=held", &held)
		return len(held.Data) == 4
	})
	pr := waitLedger(t, d, id, func(pr ledgerProgress) bool { return pr.Sent == 4 })
	if pr.Failed != 0 {
		t.Fatalf("held sends counted as failed: %+v", pr)
	}
	for _, p := range phones {
		if m := campaignMessage(t, d, p); m.Status != "sent" || !m.Held || m.Extra["held_for_quality_assessment"] != true {
			t.Fatalf("a held message in %s's thread: %+v; want sent, marked held", p, m)
		}
	}
	if rows := ledgerRows(t, d, id); len(rows) != 4 || rows[0].Status != "sent" || !rows[0].Held || !rows[3].Held {
		t.Fatalf("held sends in the ledger: %+v; want sent, held", rows)
	}

	pr = waitLedger(t, d, id, func(pr ledgerProgress) bool { return pr.Failed == 2 && pr.Delivered == 2 })
	if pr.Reasons["132015"] != 2 || pr.Status != "completed" {
		t.Fatalf("after the holds: %+v", pr)
	}
	failed := 0
	for _, p := range phones {
		eventually(t, p+"'s message settled in the thread", func() bool {
			m := campaignMessage(t, d, p)
			return m.Status == "failed" || m.Status == "delivered" || m.Status == "read"
		})
		m := campaignMessage(t, d, p)
		var steps []string
		for _, h := range m.StatusHistory {
			steps = append(steps, h.Status)
		}
		if m.Status != "failed" {
			continue
		}
		failed++
		if !strings.HasPrefix(m.Error, "132015") || strings.Join(steps, ",") != "sent,failed" {
			t.Fatalf("a paused template's message: %+v, history %v", m, steps)
		}
	}
	if failed != 2 {
		t.Fatalf("%d failed messages in the threads, want 2", failed)
	}
	for _, p := range phones {
		if m := campaignMessage(t, d, p); m.Held || m.Extra["held_for_quality_assessment"] != true {
			t.Fatalf("%s's message after the hold: %+v; want no longer held, its extra still saying Meta held it", p, m)
		}
	}
	for _, r := range ledgerRows(t, d, id) {
		if r.Held {
			t.Fatalf("a ledger row still held after the hold: %+v", r)
		}
	}
}

// ledgerRow is a campaign's ledger row as its sends page lists it.
type ledgerRow struct {
	Status, ErrorCode, Resolution string
	Held                          bool
}

func ledgerRows(t *testing.T, d demo, id string) []ledgerRow {
	t.Helper()
	var rows struct {
		Items []ledgerRow `json:"items"`
	}
	get(t, d, "/api/v1/campaigns/"+id+"/sends", &rows)
	return rows.Items
}

// threadMessage is a message as the conversation's page lists it.
type threadMessage struct {
	ID, Direction, Text, Status, Error string
	ProviderMessageID                  string `json:"provider_message_id"`
	Held                               bool
	Extra                              map[string]any
	StatusHistory                      []struct {
		Status, Error string
	} `json:"status_history"`
}

// campaignMessage is the one outbound message in phone's WhatsApp thread.
func campaignMessage(t *testing.T, d demo, phone string) threadMessage {
	t.Helper()
	var out threadMessage
	eventually(t, "the campaign's message in "+phone+"'s thread", func() bool {
		var msgs struct {
			Items []threadMessage `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+threadOf(t, d, phone, "whatsapp")+"/messages", &msgs)
		for _, m := range msgs.Items {
			if m.Direction == "out" {
				out = m
				return true
			}
		}
		return false
	})
	return out
}

// ledgerProgress is the part of a campaign's progress these tests read.
type ledgerProgress struct {
	Status                  string
	Sent, Delivered, Failed int64
	Reasons                 map[string]int64
}

func waitLedger(t *testing.T, d demo, id string, ok func(ledgerProgress) bool) ledgerProgress {
	t.Helper()
	var pr ledgerProgress
	eventually(t, "the campaign's progress", func() bool {
		get(t, d, "/api/v1/campaigns/"+id+"/progress", &pr)
		return ok(pr)
	})
	return pr
}
