package main

import (
	"flag"
	"io"
	"log/slog"
	"os"

	"github.com/masteria/masteria/core/config"
)

// configFlags are the flags every server-side command shares.
type configFlags struct {
	fs      *flag.FlagSet
	file    string
	addr    string
	data    string
	demo    bool
	egress  string
	withSrv bool
}

func newConfigFlags(name string, server bool) *configFlags {
	f := &configFlags{fs: flag.NewFlagSet(name, flag.ContinueOnError), withSrv: server}
	f.fs.StringVar(&f.file, "config", "", "YAML configuration file")
	f.fs.StringVar(&f.data, "data", "", "data directory (default ./data)")
	if server {
		f.fs.StringVar(&f.addr, "addr", "", "listen address (default :8080)")
		f.fs.BoolVar(&f.demo, "demo", false, "create the demo tenant and start the provider simulators")
		f.fs.StringVar(&f.egress, "egress-allow-hosts", "", "comma-separated `HOSTS` every plugin may reach beyond its manifest's, such as masteria sim's 127.0.0.1:9100,127.0.0.1:9200")
	}
	return f
}

// load builds the configuration: defaults, then the file, then MASTERIA_*
// variables, then flags that were given.
func (f *configFlags) load() (config.Config, error) {
	cfg := config.Defaults()
	if f.file != "" {
		if err := cfg.LoadFile(f.file); err != nil {
			return cfg, err
		}
	}
	if err := cfg.LoadEnv(os.Getenv); err != nil {
		return cfg, err
	}
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "addr":
			cfg.Addr = f.addr
		case "data":
			cfg.DataDir = f.data
		case "demo":
			cfg.Demo = f.demo
		case "egress-allow-hosts":
			cfg.EgressAllowHosts = config.SplitList(f.egress)
		}
	})
	return cfg, cfg.Validate()
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
