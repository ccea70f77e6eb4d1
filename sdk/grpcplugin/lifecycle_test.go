package grpcplugin

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHelperHostManaged is not a test: run with MASTERIA_HELPER=managed,
// it is a plugin-like process under hostManaged that would live a minute.
func TestHelperHostManaged(t *testing.T) {
	if os.Getenv("MASTERIA_HELPER") != "managed" {
		t.Skip("a helper process")
	}
	hostManaged()
	if ready := os.Getenv("MASTERIA_HELPER_READY"); ready != "" {
		_ = os.WriteFile(ready, nil, 0o600)
	}
	time.Sleep(time.Minute)
	os.Exit(3)
}

// TestAnOrphanedPluginEnds: a plugin process whose host died without
// stopping it ends itself, and one told SIGTERM while its host lives does
// not.
func TestAnOrphanedPluginEnds(t *testing.T) {
	// A shell starts the helper, waits for it to be watching its host, and
	// exits: the helper's host is gone.
	ready := t.TempDir() + "/ready"
	sh := exec.Command("sh", "-c", `"$0" -test.run='^TestHelperHostManaged$' >/dev/null 2>&1 & echo $!
		for i in $(seq 200); do [ -e "$1" ] && exit 0; sleep 0.05; done; exit 1`, os.Args[0], ready)
	sh.Env = append(os.Environ(), "MASTERIA_HELPER=managed", "MASTERIA_HELPER_READY="+ready)
	out, err := sh.Output()
	if err != nil {
		t.Fatal(err)
	}
	orphan, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	t.Cleanup(func() { _ = syscall.Kill(orphan, syscall.SIGKILL) })
	waitGone(t, orphan, 10*time.Second)

	// Its own child, whose host (this test) lives: SIGTERM does not end it.
	childReady := t.TempDir() + "/ready"
	child := exec.Command(os.Args[0], "-test.run=^TestHelperHostManaged$")
	child.Env = append(os.Environ(), "MASTERIA_HELPER=managed", "MASTERIA_HELPER_READY="+childReady)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) { // past hostManaged
		if _, err := os.Stat(childReady); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the helper never started")
		}
	}
	if err := child.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * orphanCheckEvery)
	if gone(child.Process.Pid) {
		t.Fatal("a plugin process whose host lives ended on SIGTERM")
	}
}

// waitGone waits for process pid to end (or to be a zombie nobody reaps).
func waitGone(t *testing.T, pid int, limit time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if gone(pid) {
			return
		}
	}
	t.Fatalf("orphaned plugin process %d still running after %v", pid, limit)
}

func gone(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) != nil
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && (fields[0] == "Z" || fields[0] == "X")
}
