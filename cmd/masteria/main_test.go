package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var binPath string

// TestMain builds the real binary once; the tests run it as a user would.
func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "masteria-bin")
	binPath = filepath.Join(dir, "masteria")
	if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func masteria(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func TestTenantCreatePrintsTenantAndKey(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := masteria(t, nil, "tenant", "create", "--data", data, "--name", "Loja", "--email", "dono@loja.com.br", "--password", "senha-forte-1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil || !strings.HasPrefix(got["tenant_id"], "ten_") || !strings.HasPrefix(got["api_key"], "mia_") {
		t.Fatalf("output %q: %v", out, err)
	}
	_, errOut, code = masteria(t, nil, "tenant", "create", "--data", data, "--name", "", "--email", "nope", "--password", "x")
	if code != 1 || !strings.Contains(errOut, "--name") || !strings.Contains(errOut, "--email") || !strings.Contains(errOut, "--password") {
		t.Fatalf("bad input: exit %d, %s", code, errOut)
	}
	out, errOut, code = masteria(t, nil, "secrets", "rotate", "--data", data)
	if code != 0 || !strings.Contains(out, `"active_key"`) {
		t.Fatalf("rotate: %d %s %s", code, out, errOut)
	}
	key, _ := os.ReadFile(filepath.Join(data, "master.key"))
	var file struct{ Keys map[string]string }
	if json.Unmarshal(key, &file); len(file.Keys) != 2 { // the old key kept beside the active one
		t.Fatalf("key file after rotation: %s", key)
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	_, errOut, code := masteria(t, []string{"MASTERIA_LOG_LEVEL=chatty", "MASTERIA_BUS_URL=http://x"}, "serve", "--data", t.TempDir(), "--addr", "nope")
	for _, want := range []string{"addr:", "log_level:", "bus_url:"} {
		if code != 1 || !strings.Contains(errOut, want) {
			t.Fatalf("exit %d, want %s in: %s", code, want, errOut)
		}
	}
}

// TestServeDemoAndSIGTERM starts the demo, checks /health, and stops it
// with SIGTERM: exit status 0 after a drained shutdown.
func TestServeDemoAndSIGTERM(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binPath, "serve", "--demo", "--data", t.TempDir(), "--addr", addr)
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	healthy := false
	for i := 0; i < 500 && !healthy; i++ {
		if res, err := http.Get("http://" + addr + "/health"); err == nil {
			healthy = res.StatusCode == 200
			res.Body.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if !healthy || err != nil {
		t.Fatalf("healthy=%v exit=%v", healthy, err)
	}
	for _, want := range []string{"demo@masteria.local", "masteria-demo", "API key:"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("demo banner lacks %q: %s", want, out.String())
		}
	}
}

func TestFlowLintExitCodes(t *testing.T) {
	good, _ := filepath.Abs("../../flows/weekly-lead-report.yaml")
	sends, _ := filepath.Abs("../../flows/support-menu.yaml") // needs the shipped plugins' actions
	if out, _, code := masteria(t, nil, "flow", "lint", sends); code != 0 {
		t.Fatalf("support-menu against the shipped plugins: %s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("version: 2\nname: Bad Name\ntrigger: {on: nope}\nsteps: []\n"), 0o600)
	if _, errOut, code := masteria(t, nil, "flow", "lint", good); code != 0 {
		t.Fatalf("clean flow: exit %d %s", code, errOut)
	}
	out, _, code := masteria(t, nil, "flow", "lint", bad)
	if code != 1 || !strings.Contains(out, "bad.yaml:1:10: unsupported-version") || !strings.Contains(out, "unknown-trigger") {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestFlowTestRunsTheTemplatesTests(t *testing.T) {
	files, _ := filepath.Glob("../../flows/*.yaml")
	out, _, code := masteria(t, nil, append([]string{"flow", "test"}, files...)...)
	if code != 0 || !strings.Contains(out, "PASS") || !strings.Contains(out, " passed, 0 failed") {
		t.Fatalf("exit %d: %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nname: b\ntrigger: {on: manual}\nsteps:\n  - id: a\n    uses: set\n    with: {x: 1}\ntests:\n  - name: wrong\n    expect: {vars: {x: 2}}\n"), 0o600)
	out, _, code = masteria(t, nil, "flow", "test", bad)
	if code != 1 || !strings.Contains(out, "FAIL") || !strings.Contains(out, "vars.x: want 2, got 1") {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestSimServesBothProviders(t *testing.T) {
	cmd := exec.Command(binPath, "sim", "--whatsapp", "127.0.0.1:0", "--twilio", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	scan := bufio.NewScanner(stdout)
	urls := 0
	for urls < 2 && scan.Scan() {
		for _, f := range strings.Fields(scan.Text()) {
			if !strings.HasPrefix(f, "http://127.0.0.1:") {
				continue
			}
			urls++
			res, err := http.Get(f + "/_sim/messages")
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("%s: %v %v", f, res, err)
			}
			res.Body.Close()
		}
	}
	if urls != 2 {
		t.Fatalf("simulators announced: %d", urls)
	}
}

// TestDemoEndToEnd: a simulated WhatsApp user writes "menu"; the signed
// webhook reaches the whatsapp-cloud plugin subprocess, the inbox makes the
// contact, the trigger starts the support-menu flow, and its reply goes
// back through the bus and the plugin to the simulator.
func TestDemoEndToEnd(t *testing.T) {
	d := startDemo(t)
	whatsapp := d.whatsapp
	res, err := http.Post(whatsapp+"/_sim/inbound", "application/json", strings.NewReader(`{"from":"5511987654321","name":"Ana","text":"menu"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("inject: %v %v", res, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(whatsapp + "/_sim/messages?to=%2B5511987654321")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.Contains(string(body), "Como posso ajudar?") {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the flow's reply never reached the simulated user")
}

// demo is a running `masteria serve --demo`.
type demo struct {
	base, whatsapp, twilio, apiKey string
	stop                           func() // SIGTERM, and wait for it to end
}

// startDemo runs the binary with --demo and reads the addresses and the
// API key it prints.
func startDemo(t *testing.T) demo { return startDemoOn(t, t.TempDir()) }

// startDemoOn is startDemo on the data folder data. The API key is
// printed on the first start only.
func startDemoOn(t *testing.T, data string) demo {
	t.Helper()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binPath, "serve", "--demo", "--data", data, "--addr", addr)
	cmd.Dir = "../.." // where flows/ is, as with make run
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() { once.Do(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }) }
	t.Cleanup(stop)
	d := demo{base: "http://" + addr, stop: stop}
	scan := bufio.NewScanner(stdout)
	for d.whatsapp == "" && scan.Scan() {
		switch f := strings.Fields(scan.Text()); {
		case len(f) > 4 && f[0] == "simulators:":
			d.whatsapp, d.twilio = strings.TrimSuffix(f[2], ","), f[4]
		case len(f) > 2 && f[0] == "API" && f[1] == "key:":
			d.apiKey = f[2]
		}
	}
	go io.Copy(io.Discard, stdout)
	if d.apiKey != "" {
		demoCampaignSent(t, d)
	}
	return d
}

// demoCampaignSent waits for the campaign the demo sends on its first
// start to complete, so a test's simulator faults (held sends, refusals)
// meet its own messages only.
func demoCampaignSent(t *testing.T, d demo) {
	t.Helper()
	var list struct {
		Items []struct{ Name, Status string } `json:"items"`
	}
	eventually(t, "the demo's campaign completed", func() bool {
		get(t, d, "/api/v1/campaigns", &list)
		for _, c := range list.Items {
			if c.Name == demoCampaignName {
				return c.Status == "completed"
			}
		}
		return false
	})
}
