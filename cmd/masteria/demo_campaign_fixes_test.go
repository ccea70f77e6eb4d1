package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestDemoCampaignsSurviveRenamesAndSayWhyTheyFail, against the binary,
// its plugin subprocesses and the simulators, through the API:
//   - an SMS campaign saved with its connection's ID still sends after the
//     connection is renamed (it used to fail every send);
//   - an SMS campaign naming the WhatsApp connection is refused (400 on
//     spec.connection, saying it is a WhatsApp connection);
//   - a WhatsApp campaign whose template Meta does not have pauses after
//     its first sends, saying 132001 and Meta's words; its queued sends say
//     they wait for the pause; a pause by the API names the key.
func TestDemoCampaignsSurviveRenamesAndSayWhyTheyFail(t *testing.T) {
	d := startDemo(t)
	for i := range 14 {
		tag := "lote"
		if i < 3 {
			tag = "sms3"
		}
		body := fmt.Sprintf(`{"name":"Cliente %d","phone":"+551198877%04d","tags":[%q]}`, i, i, tag)
		if status, res := send(t, d, "POST", "/api/v1/contacts", body); status != 201 {
			t.Fatalf("contact: %d %s", status, res)
		}
	}
	var conns struct {
		Items []struct {
			ID       string `json:"id"`
			PluginID string `json:"plugin_id"`
		}
	}
	get(t, d, "/api/v1/connections", &conns)
	ids := map[string]string{}
	for _, c := range conns.Items {
		ids[c.PluginID] = c.ID
	}

	sms := createCampaign(t, d, "sms", map[string]any{"audience": map[string]any{"tags": []string{"sms3"}},
		"message": map[string]any{"text": "Promo da semana"}, "connection": ids["twilio-sms"]})
	if status, body := send(t, d, "PATCH", "/api/v1/connections/"+ids["twilio-sms"], `{"name":"SMS Loja"}`); status != 200 {
		t.Fatalf("rename: %d %s", status, body)
	}
	startCampaign(t, d, sms)
	pr := waitProgress(t, d, sms, func(pr progress) bool { return pr.Status == "completed" })
	if pr.Sent != 3 || pr.Failed != 0 {
		t.Fatalf("the SMS campaign after its connection was renamed: %+v", pr)
	}

	wrong, _ := json.Marshal(map[string]any{"name": "wrong", "channel": "sms", "spec": map[string]any{
		"message": map[string]any{"text": "Oi"}, "connection": ids["whatsapp-cloud"]}})
	if status, body := send(t, d, "POST", "/api/v1/campaigns", string(wrong)); status != 400 ||
		!strings.Contains(body, `"spec.connection"`) || !strings.Contains(body, "is a WhatsApp connection") {
		t.Fatalf("an SMS campaign on the WhatsApp connection: %d %s", status, body)
	}

	// Meta removed the template after the connection's catalog was synced: the campaign
	// passes its checks, and every send fails with 132001.
	post(t, d.whatsapp+"/_sim/faults", "", `{"faults":[{"code":132001,"endpoint":"messages"}]}`, 204)
	wa := createCampaign(t, d, "whatsapp", map[string]any{"audience": map[string]any{"tags": []string{"lote"}},
		"message":    map[string]any{"template": map[string]any{"name": "hello_world", "language": "en_US"}},
		"connection": ids["whatsapp-cloud"], "pacing": map[string]any{"mps": 2}})
	startCampaign(t, d, wa)
	pr = waitProgress(t, d, wa, func(pr progress) bool { return pr.Status == "paused" })
	if pr.Sent != 0 || !strings.Contains(pr.Reason, "132001 ×10") || !strings.Contains(pr.Reason, "does not exist") {
		t.Fatalf("a campaign whose first sends all failed: %+v", pr)
	}
	var sends struct {
		Items []struct{ Status, Error string }
	}
	get(t, d, "/api/v1/campaigns/"+wa+"/sends?status=queued", &sends)
	if len(sends.Items) == 0 {
		t.Fatal("no queued sends left to check")
	}
	for _, s := range sends.Items {
		if !strings.Contains(s.Error, "the campaign is paused") {
			t.Fatalf("a paused campaign's queued send: %+v", s)
		}
	}

	other := createCampaign(t, d, "whatsapp", map[string]any{"audience": map[string]any{"tags": []string{"lote"}},
		"message": map[string]any{"text": "Oi"}, "schedule": map[string]any{"at": "2099-01-01T09:00:00Z"}})
	startCampaign(t, d, other)
	if status, body := send(t, d, "POST", "/api/v1/campaigns/"+other+"/pause", ""); status != 200 ||
		!strings.Contains(body, `paused by the API key \"owner\"`) {
		t.Fatalf("pause: %d %s", status, body)
	}
}

type progress struct {
	Status, Reason       string
	Sent, Failed, Queued int64
}

func createCampaign(t *testing.T, d demo, channel string, spec map[string]any) string {
	t.Helper()
	in, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("%s %v", channel, spec["message"]), "channel": channel, "spec": spec})
	status, body := send(t, d, "POST", "/api/v1/campaigns", string(in))
	var c struct{ ID string }
	if json.Unmarshal([]byte(body), &c); status != 201 || c.ID == "" {
		t.Fatalf("campaign: %d %s", status, body)
	}
	return c.ID
}

func startCampaign(t *testing.T, d demo, id string) {
	t.Helper()
	if status, body := send(t, d, "POST", "/api/v1/campaigns/"+id+"/start", ""); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
}

func waitProgress(t *testing.T, d demo, id string, ok func(progress) bool) progress {
	t.Helper()
	var pr progress
	eventually(t, "the campaign's progress", func() bool {
		get(t, d, "/api/v1/campaigns/"+id+"/progress", &pr)
		return ok(pr)
	})
	return pr
}
