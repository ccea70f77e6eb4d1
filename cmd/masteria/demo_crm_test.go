package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestDemoCRMSeededOnce: the demo starts with a sales board, its cards and
// tagged contacts, and a restart on the same data adds nothing.
func TestDemoCRMSeededOnce(t *testing.T) {
	data := t.TempDir()
	var key string
	for start := 1; start <= 2; start++ {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		cmd := exec.Command(binPath, "serve", "--demo", "--data", data, "--addr", addr)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		scan := bufio.NewScanner(stdout)
		for scan.Scan() { // the banner is printed once the demo is set up
			line := strings.TrimSpace(scan.Text())
			if k, ok := strings.CutPrefix(line, "API key:"); ok {
				key = strings.Fields(k)[0]
			}
			if strings.HasPrefix(line, "simulators:") {
				break
			}
		}
		go io.Copy(io.Discard, stdout)
		get := func(path string) map[string]any {
			req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
			req.Header.Set("Authorization", "Bearer "+key)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var m map[string]any
			if err := json.NewDecoder(res.Body).Decode(&m); err != nil || res.StatusCode != 200 {
				t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
			}
			return m
		}
		boards := get("/api/v1/boards")["items"].([]any)
		if len(boards) != 1 {
			t.Fatalf("start %d: %d boards, want 1", start, len(boards))
		}
		b := boards[0].(map[string]any)
		if b["name"] != demoBoard || len(b["stages"].([]any)) != len(demoStages) {
			t.Fatalf("start %d: board %v", start, b)
		}
		if n := len(get("/api/v1/boards/" + b["id"].(string) + "/cards")["items"].([]any)); n != 5 {
			t.Fatalf("start %d: %d cards, want 5", start, n)
		}
		if n := len(get("/api/v1/contacts?tag=demo")["items"].([]any)); n != len(demoLeads) {
			t.Fatalf("start %d: %d demo contacts, want %d", start, n, len(demoLeads))
		}
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("start %d: exit %v", start, err)
		}
	}
}
