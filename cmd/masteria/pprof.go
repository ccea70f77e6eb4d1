package main

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
)

// servePprof serves Go's profiler on MASTERIA_PPROF_ADDR when it is set,
// for operators chasing CPU or memory. Bind it to loopback: it has no
// authentication.
func servePprof(log *slog.Logger) {
	addr := os.Getenv("MASTERIA_PPROF_ADDR")
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
