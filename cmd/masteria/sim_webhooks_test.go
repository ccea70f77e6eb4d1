package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStandaloneSimulatorsConnectWebhooks follows the banner of `masteria
// sim` without restarting it: a server started with the egress hosts it
// names and its own public_url connects each connection's webhooks through
// the API (WhatsApp's callback override, verified by the simulator's
// handshake; the Twilio number's SmsUrl), after which a WhatsApp message
// and an SMS reach the inbox and the replies reach the simulators.
func TestStandaloneSimulatorsConnectWebhooks(t *testing.T) {
	sims := startSim(t, "--whatsapp", "127.0.0.1:0", "--twilio", "127.0.0.1:0")
	if sims.egressEnv == "" || len(sims.configs) != 2 || !strings.Contains(sims.banner, "/webhooks/connect") {
		t.Fatalf("banner: %+v", sims)
	}
	data := t.TempDir()
	out, errOut, code := masteria(t, nil, "tenant", "create", "--data", data, "--name", "Loja", "--email", "dono@loja.com.br", "--password", "senha-forte-1")
	var tenant map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &tenant) != nil {
		t.Fatalf("tenant create: %d %s %s", code, out, errOut)
	}
	addr := freeAddr()
	d := demo{base: startServerOn(t, addr, data, sims.egressEnv, "MASTERIA_PUBLIC_URL=http://"+addr), apiKey: tenant["api_key"],
		whatsapp: sims.whatsapp, twilio: sims.twilio}
	for plugin, cfg := range sims.configs {
		body, _ := json.Marshal(map[string]any{"plugin_id": plugin, "name": plugin, "config": cfg})
		status, reply := send(t, d, "POST", "/api/v1/connections", string(body))
		var conn struct{ ID string }
		if status != 201 || json.Unmarshal([]byte(reply), &conn) != nil {
			t.Fatalf("connect %s: %d %s", plugin, status, reply)
		}
		status, reply = send(t, d, "POST", "/api/v1/connections/"+conn.ID+"/webhooks/connect", "")
		var got struct{ URL, Target string }
		if status != 200 || json.Unmarshal([]byte(reply), &got) != nil || got.URL != d.base+"/hooks/"+conn.ID || got.Target == "" {
			t.Fatalf("connect %s's webhooks: %d %s", plugin, status, reply)
		}
	}

	talkThroughSimulators(t, d)
}
