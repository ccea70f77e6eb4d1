package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// standaloneSim is a running `masteria sim` and what its banner says.
type standaloneSim struct {
	whatsapp, twilio string         // the simulators' URLs
	configs          map[string]any // connection config by plugin ID
	egressEnv        string         // MASTERIA_EGRESS_ALLOW_HOSTS=…
	banner           string
	stop             func()
}

// startSim runs `masteria sim` with args and reads its banner.
func startSim(t *testing.T, args ...string) standaloneSim {
	t.Helper()
	cmd := exec.Command(binPath, append([]string{"sim"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := standaloneSim{configs: map[string]any{}}
	s.stop = func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }
	t.Cleanup(s.stop)
	for scan := bufio.NewScanner(stdout); scan.Scan() && !strings.HasPrefix(scan.Text(), "Inspect:"); {
		line := strings.TrimSpace(scan.Text())
		s.banner += line + "\n"
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "WhatsApp Cloud API simulator:"):
			s.whatsapp = f[len(f)-1]
		case strings.HasPrefix(line, "Twilio simulator:"):
			s.twilio = f[len(f)-1]
		case len(f) == 4 && f[1] == "connection" && f[2] == "config:":
			var cfg map[string]any
			if err := json.Unmarshal([]byte(f[3]), &cfg); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			s.configs[f[0]] = cfg
		case strings.HasPrefix(line, "MASTERIA_EGRESS_ALLOW_HOSTS="):
			s.egressEnv = f[0]
		}
	}
	go io.Copy(io.Discard, stdout)
	return s
}

// TestStandaloneSimulatorsServeAServer follows the banner of `masteria sim`
// as a user would: a server started with the egress hosts it names, and
// connections made from the configs it prints, receive and answer a
// WhatsApp message and an SMS, and store their media. Before the webhook flags are given, the
// simulators refuse inbound messages that would reach no one.
func TestStandaloneSimulatorsServeAServer(t *testing.T) {
	first := startSim(t, "--whatsapp", "127.0.0.1:0", "--twilio", "127.0.0.1:0")
	for base, msg := range map[string]string{first.whatsapp: `{"from":"+5511987650101","text":"oi"}`, first.twilio: `{"from":"+5511987650101","body":"oi"}`} {
		res, err := http.Post(base+"/_sim/inbound", "application/json", strings.NewReader(msg))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 409 || !strings.Contains(string(body), "no_webhook") {
			t.Fatalf("%s/_sim/inbound without a webhook: %d %s", base, res.StatusCode, body)
		}
	}
	if first.egressEnv == "" || len(first.configs) != 2 {
		t.Fatalf("banner: %+v", first)
	}
	first.stop()

	data := t.TempDir()
	out, errOut, code := masteria(t, nil, "tenant", "create", "--data", data, "--name", "Loja", "--email", "dono@loja.com.br", "--password", "senha-forte-1")
	var tenant map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &tenant) != nil {
		t.Fatalf("tenant create: %d %s %s", code, out, errOut)
	}
	d := demo{base: startServer(t, data, first.egressEnv), apiKey: tenant["api_key"]}
	ids := map[string]string{}
	for plugin, cfg := range first.configs {
		body, _ := json.Marshal(map[string]any{"plugin_id": plugin, "name": plugin, "config": cfg})
		status, reply := send(t, d, "POST", "/api/v1/connections", string(body))
		var conn struct{ ID string }
		if status != 201 || json.Unmarshal([]byte(reply), &conn) != nil {
			t.Fatalf("connect %s: %d %s", plugin, status, reply)
		}
		ids[plugin] = conn.ID
	}

	hostOf := func(u string) string { p, _ := url.Parse(u); return p.Host }
	second := startSim(t, "--whatsapp", hostOf(first.whatsapp), "--twilio", hostOf(first.twilio),
		"--whatsapp-webhook", d.base+"/hooks/"+ids["whatsapp-cloud"], "--twilio-inbound", d.base+"/hooks/"+ids["twilio-sms"])
	d.whatsapp, d.twilio = second.whatsapp, second.twilio
	talkThroughSimulators(t, d)

	// Inbound media is downloaded from the simulators under the same rule.
	photo, _ := json.Marshal(map[string]any{"from": "5511987650102", "type": "image", "text": "olha",
		"media": bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000), "mime_type": "image/png"})
	post(t, d.whatsapp+"/_sim/inbound", "", string(photo), 200)
	waitForBlob(t, d)
	mms, _ := json.Marshal(map[string]any{"from": "+5511987650103", "body": "segue",
		"media": []map[string]any{{"content_type": "image/jpeg", "data": bytes.Repeat([]byte{0xFF, 0xD8, 0xFF}, 1000)}}})
	post(t, d.twilio+"/_sim/inbound", "", string(mms), 200)
	eventually(t, "the MMS's picture stored", func() bool { return smsBlobs(t, d)["image/jpeg"] != "" })
}

// startServer runs `masteria serve` (no demo) on data with env and waits
// for /health; it returns the server's URL.
func startServer(t *testing.T, data string, env ...string) string {
	t.Helper()
	return startServerOn(t, freeAddr(), data, env...)
}

// freeAddr is a loopback address no one listens on.
func freeAddr() string {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	return ln.Addr().String()
}

// startServerOn is startServer on addr.
func startServerOn(t *testing.T, addr, data string, env ...string) string {
	t.Helper()
	cmd := exec.Command(binPath, "serve", "--data", data, "--addr", addr)
	cmd.Env = append(cmd.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return "http://" + addr
			}
		}
	}
	t.Fatal("the server never answered /health")
	return ""
}

// TestServeEgressHostsFlag: serve's --egress-allow-hosts goes through the
// same check as the variable and the file's key.
func TestServeEgressHostsFlag(t *testing.T) {
	_, errOut, code := masteria(t, nil, "serve", "--data", t.TempDir(), "--egress-allow-hosts", "127.0.0.1:9100,http://127.0.0.1:9200")
	if code != 1 || !strings.Contains(errOut, `egress_allow_hosts: "http://127.0.0.1:9200"`) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// talkThroughSimulators has a WhatsApp user and an SMS handset write in
// through d's simulators, and checks that an agent's reply from each
// thread reaches them.
func talkThroughSimulators(t *testing.T, d demo) {
	t.Helper()
	for _, tc := range []struct{ channel, sim, handset, inbound string }{
		{"whatsapp", d.whatsapp, "+5511987650102", `{"from":"5511987650102","name":"Ana","text":"oi"}`},
		{"sms", d.twilio, "+5511987650103", `{"from":"+5511987650103","body":"oi"}`},
	} {
		post(t, tc.sim+"/_sim/inbound", "", tc.inbound, 200)
		conv := threadOf(t, d, tc.handset, tc.channel)
		post(t, d.base+"/api/v1/conversations/"+conv+"/messages", d.apiKey, `{"text":"Olá, em que posso ajudar?"}`, 202)
		eventually(t, "the "+tc.channel+" reply at the simulator", func() bool {
			res, err := http.Get(tc.sim + "/_sim/messages?to=" + url.QueryEscape(tc.handset))
			if err != nil {
				return false
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			return strings.Contains(string(body), "em que posso ajudar")
		})
	}
}
