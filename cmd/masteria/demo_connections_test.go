package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// connectionView is what the API shows of a connection.
type connectionView struct {
	ID       string         `json:"id"`
	PluginID string         `json:"plugin_id"`
	Name     string         `json:"name"`
	Status   string         `json:"status"`
	Detail   string         `json:"detail"`
	Config   map[string]any `json:"config"`
}

// TestDemoConnectionChecks runs the connection checks end to end, the
// plugins as subprocesses and the simulators as providers: the demo's
// connections turn "ok" once they work; a WhatsApp connection whose access
// token the simulator refuses fails its check, as its template sync fails;
// a Twilio connection with a malformed account SID and sender is refused
// when it is created.
func TestDemoConnectionChecks(t *testing.T) {
	d := startDemo(t)
	byPlugin := func() map[string]connectionView {
		var list struct {
			Items []connectionView `json:"items"`
		}
		get(t, d, "/api/v1/connections", &list)
		out := map[string]connectionView{}
		for _, c := range list.Items {
			out[c.PluginID] = c
		}
		return out
	}
	wa := byPlugin()["whatsapp-cloud"]
	if wa.ID == "" || byPlugin()["twilio-sms"].ID == "" {
		t.Fatalf("demo connections: %+v", byPlugin())
	}

	post(t, d.whatsapp+"/_sim/inbound", "", `{"from":"5511987650991","name":"Rita","text":"Oi"}`, 200)
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"+5511987650992","body":"Oi"}`, 200)
	eventually(t, "both demo connections ok after their first webhooks", func() bool {
		cs := byPlugin()
		return cs["whatsapp-cloud"].Status == "ok" && cs["twilio-sms"].Status == "ok"
	})
	for _, c := range byPlugin() {
		if got := check(t, d, c.ID); got.Status != "ok" || got.Detail != "" {
			t.Errorf("check of the demo's %s: %+v", c.PluginID, got)
		}
	}

	cfg := wa.Config
	cfg["access_token"], cfg["app_secret"], cfg["verify_token"] = "not-the-token", "s", "v"
	body, _ := json.Marshal(map[string]any{"plugin_id": "whatsapp-cloud", "name": "Wrong token", "config": cfg})
	status, raw := send(t, d, "POST", "/api/v1/connections", string(body))
	var bad connectionView
	if status != 201 || json.Unmarshal([]byte(raw), &bad) != nil {
		t.Fatalf("create: %d %s", status, raw)
	}
	if got := check(t, d, bad.ID); got.Status != "error" || !strings.Contains(got.Detail, "WhatsApp refused the access token (Graph error 190") {
		t.Errorf("check with a wrong token: %+v", got)
	}
	if status, raw := send(t, d, "POST", "/api/v1/connections/"+bad.ID+"/templates/sync", ""); status != 503 {
		t.Errorf("template sync with a wrong token: %d %s", status, raw)
	}

	status, raw = send(t, d, "POST", "/api/v1/connections", `{"plugin_id":"twilio-sms","name":"Bad SMS","config":{"account_sid":"bad","auth_token":"t","from":"123"}}`)
	var refused struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(raw), &refused)
	f := refused.Error.Fields
	if status != 400 || !strings.Contains(f["config.account_sid"], "AC followed by 32 hexadecimal") || !strings.Contains(f["config.from"], "E.164") {
		t.Fatalf("create with a bad SID and sender: %d %s", status, raw)
	}
}

// check runs a connection's check and returns what it recorded.
func check(t *testing.T, d demo, id string) connectionView {
	t.Helper()
	status, raw := send(t, d, "POST", "/api/v1/connections/"+id+"/check", "")
	var v connectionView
	if status != 200 || json.Unmarshal([]byte(raw), &v) != nil {
		t.Fatalf("check %s: %d %s", id, status, raw)
	}
	return v
}
