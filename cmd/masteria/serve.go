package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/masteria/masteria/core/app"
)

func runServe(args []string) int {
	f := newConfigFlags("serve", true)
	if code, ok := parseFlags(f.fs, args); !ok {
		return code
	}
	cfg, err := f.load()
	if err != nil {
		return fail(fmt.Errorf("invalid configuration:\n%w", err))
	}
	log := newLogger(cfg, os.Stderr)
	servePprof(log)
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	plugins, err := pluginCommands()
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(err)
	}
	opts := app.Options{Plugins: plugins}
	var sims *simulators
	if cfg.Demo {
		if sims, err = listenSimulators("127.0.0.1:0", "127.0.0.1:0"); err != nil {
			return fail(err)
		}
		defer sims.Close()
		if sims.store, err = listenDemoStore(); err != nil {
			return fail(err)
		}
		defer sims.store.Close()
		opts.ExtraHosts = append(sims.Hosts(), sims.store.Host())
	}
	a, err := app.OpenWith(ctx, cfg, log, opts)
	if err != nil {
		return fail(err)
	}
	if cfg.Demo {
		if err := announceDemo(ctx, a, sims, ln.Addr()); err != nil {
			a.Close()
			return fail(err)
		}
	}
	if err := a.Serve(ctx, ln); err != nil {
		return fail(err)
	}
	return 0
}

func announceDemo(ctx context.Context, a *app.App, sims *simulators, addr net.Addr) error {
	login, err := setUpDemo(ctx, a, sims, addr)
	if err != nil {
		return fmt.Errorf("demo: %w", describe(err))
	}
	port := addr.(*net.TCPAddr).Port
	fmt.Printf("\nMaster IA is running: http://localhost:%d\n", port)
	fmt.Printf("  login:    %s\n  password: %s\n  tenant:   %s\n", login.Email, login.Password, login.TenantID)
	if login.APIKey != "" {
		fmt.Printf("  API key:  %s  (shown once)\n", login.APIKey)
	}
	fmt.Printf("  simulators: WhatsApp %s, Twilio %s (inspect: GET /_sim/messages)\n\n", sims.WhatsAppURL, sims.TwilioURL)
	return nil
}
