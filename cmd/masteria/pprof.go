package main

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strings"
)

// servePprof serves Go's profiler on MASTERIA_PPROF_ADDR when it is set,
// for operators chasing CPU or memory. Bind it to loopback: it has no
// authentication.
func servePprof(log *slog.Logger) { listenPprof(log, os.Getenv("MASTERIA_PPROF_ADDR")) }

// servePluginPprof does the same in a shipped plugin's process when
// MASTERIA_PLUGIN_PPROF is ID=ADDR for it (`whatsapp-cloud=127.0.0.1:6062`).
func servePluginPprof(id string) {
	if addr, ok := strings.CutPrefix(os.Getenv("MASTERIA_PLUGIN_PPROF"), id+"="); ok {
		listenPprof(slog.New(slog.NewTextHandler(os.Stderr, nil)), addr)
	}
}

func listenPprof(log *slog.Logger, addr string) {
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("pprof listener", "err", err)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	log.Warn("profiler listening", "addr", ln.Addr().String())
	go func() { _ = http.Serve(ln, mux) }()
}
