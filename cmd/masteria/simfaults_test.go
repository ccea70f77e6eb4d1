package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// TestSimFaultFileRefusals: a fault file with an unknown key, a rate that
// is not a probability or a duration that is not one is refused, saying
// where.
func TestSimFaultFileRefusals(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"whatsapp":{"faults":[{"cod":130429}]}}`, `unknown field "cod"`},
		{`{"twilio":{"faults":[{"code":30003,"rate":2}]}}`, "twilio: faults[0].rate: 2 is not between 0 and 1"},
		{`{"whatsapp":{"faults":[{"latency":"soon"}]}}`, `"soon" is not a duration`},
		{`{"whatsapp":{"webhooks":{"drop":1.5}}}`, "whatsapp: webhooks: drop and duplicate are probabilities"},
		{`{"whatsapp":`, "unexpected EOF"},
		{`{"whatsapp":{}}` + "\n" + `{"twilio":{"faults":[{"rate":5}]}}`, "nothing after it"},
		{`{"whatsapp":{}} trailing`, "nothing after it"},
		{`{"whatsapp":{"faults":[{"latency":"1s","latency_ms":1000}]}}`, "whatsapp: faults[0]: give latency or latency_ms, not both"},
		{`{"twilio":{"faults":[{"code":30003,"details":"x"}]}}`, `twilio: json: unknown field "details"`},
		{`{"twilio":{"faults":[{"code":21211,"endpoint":"messages"}]}}`, `twilio: faults[0].endpoint: "messages" is not one of create, fetch, list`},
		{`{"whatsapp":{"faults":[{"paused":0.5,"hold":"1m"}]}}`, `whatsapp: faults[0]: paused and hold describe a held send; add "held": true`},
		{`{"whatsapp":{"webhooks":{"batch":2000,"linger":"1s"}}}`, "whatsapp: webhooks.batch: 2000 is not between 0 and 1000"},
	} {
		path := filepath.Join(t.TempDir(), "faults.json")
		if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readSimFaults(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.body, err, tc.want)
		}
	}
}

// TestSimAppliesItsFaultFile: `masteria sim --faults` starts with the
// file's faults in place: the first send is throttled with Meta's
// 400-with-code, the next goes through, and a template send is held by
// template pacing.
func TestSimAppliesItsFaultFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "faults.json")
	if err := os.WriteFile(path, []byte(`{"whatsapp":{"faults":[{"code":130429,"times":1,"endpoint":"messages"},{"held":true,"hold":"1m"}],
		"webhooks":{"duplicate":0.5,"delay":"10ms"}},
		"twilio":{"faults":[{"latency_ms":1,"times":1}]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binPath, "sim", "--whatsapp", "127.0.0.1:0", "--twilio", "127.0.0.1:0", "--faults", path, "--customers")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	var base string
	for scan := bufio.NewScanner(stdout); base == "" && scan.Scan(); {
		if f := strings.Fields(scan.Text()); len(f) > 4 && f[0] == "WhatsApp" {
			base = f[4]
		}
	}
	go io.Copy(io.Discard, stdout)
	text := `{"messaging_product":"whatsapp","to":"5511987650001","type":"text","text":{"body":"oi"}}`
	send := func(body string) (int, string) {
		req, _ := http.NewRequest("POST", base+"/v21.0/"+wasim.DemoPhoneNumberID+"/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+wasim.DemoAccessToken)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := send(text); status != 400 || !strings.Contains(body, `"code":130429`) {
		t.Fatalf("first send: %d %s, want the fault file's 130429", status, body)
	}
	if status, body := send(text); status != 200 || !strings.Contains(body, `"wamid.`) || strings.Contains(body, "message_status") {
		t.Fatalf("second send: %d %s", status, body)
	}
	template := `{"messaging_product":"whatsapp","to":"5511987650001","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}`
	if status, body := send(template); status != 200 || !strings.Contains(body, `"message_status":"held_for_quality_assessment"`) {
		t.Fatalf("a template send: %d %s, want it held", status, body)
	}
}
