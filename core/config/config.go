// Package config loads the server's configuration from, in rising priority,
// defaults, an optional YAML file, MASTERIA_* environment variables and flags,
// and validates it before anything starts.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/masteria/masteria/sdk"
)

// Config is everything `masteria serve` needs to start.
type Config struct {
	Addr        string        `yaml:"addr"`
	DataDir     string        `yaml:"data"`
	DatabaseURL string        `yaml:"database_url"`
	BusURL      string        `yaml:"bus_url"`
	MasterKey   string        `yaml:"-"` // only from the environment, never from a file
	LogLevel    string        `yaml:"log_level"`
	LogFormat   string        `yaml:"log_format"`
	BodyLimit   int           `yaml:"body_limit"`
	Demo        bool          `yaml:"demo"`
	Shutdown    time.Duration `yaml:"shutdown_timeout"`
	PublicURL   string        `yaml:"public_url"`
	// TrustedProxies are the IPs or CIDR ranges of reverse proxies whose
	// X-Forwarded-Proto and X-Forwarded-Host are believed; empty trusts none.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// EgressAllowHosts are hosts every plugin may reach beyond its
	// manifest's permissions.hosts ("127.0.0.1:19100" for `masteria sim`,
	// a self-hosted API). They are the operator's: a connection's config
	// cannot add any, or a tenant could point a plugin at internal hosts.
	EgressAllowHosts []string `yaml:"egress_allow_hosts"`

	// PreviousMasterKeys open secrets sealed before a rotation.
	PreviousMasterKeys []string `yaml:"-"`
}

// Defaults returns the embedded-defaults configuration: SQLite and an
// in-process NATS under ./data.
func Defaults() Config {
	return Config{
		Addr:      ":8080",
		DataDir:   "./data",
		LogLevel:  "info",
		LogFormat: "json",
		BodyLimit: 4 << 20,
		Shutdown:  15 * time.Second,
	}
}

// Driver names the store driver the database URL selects.
func (c Config) Driver() string {
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// SQLitePath is the database file used when no Postgres URL is set.
func (c Config) SQLitePath() string {
	if c.DatabaseURL != "" && !strings.Contains(c.DatabaseURL, "://") {
		return c.DatabaseURL
	}
	if strings.HasPrefix(c.DatabaseURL, "sqlite://") {
		return strings.TrimPrefix(c.DatabaseURL, "sqlite://")
	}
	return filepath.Join(c.DataDir, "masteria.db")
}

// LoadFile merges a YAML file over c. Unknown keys are errors, reported with
// their line.
func (c *Config) LoadFile(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	return nil
}

// LoadEnv merges MASTERIA_* variables over c.
func (c *Config) LoadEnv(getenv func(string) string) error {
	var errs []error
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("MASTERIA_ADDR", &c.Addr)
	str("MASTERIA_DATA", &c.DataDir)
	str("MASTERIA_DATABASE_URL", &c.DatabaseURL)
	str("MASTERIA_BUS_URL", &c.BusURL)
	str("MASTERIA_MASTER_KEY", &c.MasterKey)
	str("MASTERIA_LOG_LEVEL", &c.LogLevel)
	str("MASTERIA_LOG_FORMAT", &c.LogFormat)
	str("MASTERIA_PUBLIC_URL", &c.PublicURL)
	if v := getenv("MASTERIA_TRUSTED_PROXIES"); v != "" {
		c.TrustedProxies = strings.Split(v, ",")
	}
	if v := getenv("MASTERIA_EGRESS_ALLOW_HOSTS"); v != "" {
		c.EgressAllowHosts = SplitList(v)
	}
	if v := getenv("MASTERIA_PREVIOUS_MASTER_KEYS"); v != "" {
		c.PreviousMasterKeys = strings.Split(v, ",")
	}
	if v := getenv("MASTERIA_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("MASTERIA_SHUTDOWN_TIMEOUT: %q is not a duration (e.g. 15s)", v))
		}
		c.Shutdown = d
	}
	return errors.Join(errs...)
}

// Validate reports every bad field at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("addr", "%q is not host:port (e.g. :8080)", c.Addr)
	}
	if c.DataDir == "" {
		bad("data", "must not be empty")
	}
	if u := c.DatabaseURL; strings.Contains(u, "://") && c.Driver() != "postgres" && !strings.HasPrefix(u, "sqlite://") {
		bad("database_url", "scheme must be postgres:// or sqlite://")
	}
	if u := c.BusURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "nats" && p.Scheme != "tls") || p.Host == "" {
			bad("bus_url", "%q must look like nats://host:4222", u)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "%q must be one of debug, info, warn, error", c.LogLevel)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		bad("log_format", "%q must be json or text", c.LogFormat)
	}
	if c.BodyLimit < 1024 || c.BodyLimit > 512<<20 {
		bad("body_limit", "%d must be between 1024 and 536870912 bytes", c.BodyLimit)
	}
	if c.Shutdown <= 0 {
		bad("shutdown_timeout", "must be a positive duration")
	}
	if u := c.PublicURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") {
			bad("public_url", "%q must be an http(s) URL", u)
		}
	}
	for _, p := range c.TrustedProxies {
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			bad("trusted_proxies", "%q is not an IP address or CIDR range (e.g. 10.0.0.0/8)", p)
		}
	}
	for _, h := range c.EgressAllowHosts {
		if err := sdk.CheckHost(h); err != nil {
			bad("egress_allow_hosts", "%q: %v (e.g. 127.0.0.1:19100)", h, err)
		}
	}
	return errors.Join(errs...)
}

// SplitList splits a comma-separated value, trimming spaces and dropping
// empty items.
func SplitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// LogValue prints the configuration without secrets.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr), slog.String("data", c.DataDir), slog.String("driver", c.Driver()),
		slog.Bool("external_bus", c.BusURL != ""), slog.Bool("env_master_key", c.MasterKey != ""),
		slog.String("log_level", c.LogLevel), slog.Bool("demo", c.Demo),
		slog.Any("egress_allow_hosts", c.EgressAllowHosts),
	)
}
