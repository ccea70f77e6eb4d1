package grpcplugin

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// orphanCheckEvery is how often a plugin process looks for its host.
const orphanCheckEvery = time.Second

// hostManaged leaves this process's life to its host. The host stops it
// (go-plugin's shutdown, then a kill) when it closes the plugin, so a
// SIGTERM meant for the host's whole process group (a service manager,
// kill -- -PGID) is ignored here, as go-plugin already ignores SIGINT:
// ended by it first, the process would be taken for a crash and restarted
// while the host shuts down. And a process whose host died without
// stopping it (a crash, SIGKILL) ends itself when it sees its parent gone,
// instead of living on as an orphan.
func hostManaged() {
	signal.Ignore(syscall.SIGTERM)
	host := os.Getppid()
	if host <= 1 {
		return // already an orphan, or started by init: nothing to watch
	}
	go func() {
		for range time.Tick(orphanCheckEvery) {
			if os.Getppid() != host {
				os.Exit(0)
			}
		}
	}()
}
