package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultsAreValidAndEmbedded(t *testing.T) {
	c := Defaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Driver() != "sqlite" || c.SQLitePath() != filepath.Join("data", "masteria.db") || c.BusURL != "" {
		t.Fatalf("%+v", c)
	}
}

func TestValidateReportsEveryBadField(t *testing.T) {
	c := Defaults()
	c.Addr, c.DatabaseURL, c.BusURL, c.LogLevel, c.BodyLimit = "8080", "mysql://x", "http://nats", "loud", 1
	c.TrustedProxies = []string{"10.0.0.0/8", "proxy.example.com"}
	err := c.Validate()
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, field := range []string{"addr:", "database_url:", "bus_url:", "log_level:", "body_limit:", `trusted_proxies: "proxy.example.com"`} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error does not name %s: %v", field, err)
		}
	}
}

func TestPrecedenceFileThenEnv(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "m.yaml")
	os.WriteFile(file, []byte("addr: ':9000'\ndata: /srv/m\nlog_level: debug\n"), 0o600)
	c := Defaults()
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"MASTERIA_ADDR": ":9100", "MASTERIA_DATABASE_URL": "postgres://u@h/db", "MASTERIA_PREVIOUS_MASTER_KEYS": "a,b",
		"MASTERIA_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9100" || c.DataDir != "/srv/m" || c.LogLevel != "debug" || c.Driver() != "postgres" || len(c.PreviousMasterKeys) != 2 ||
		len(c.TrustedProxies) != 2 || c.Validate() != nil {
		t.Fatalf("%+v", c)
	}
}

func TestBadFilesAreExplained(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"unknown key": "adress: ':1'\n",
		"bad yaml":    "addr: [\n",
		"wrong type":  "body_limit: lots\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
			os.WriteFile(f, []byte(body), 0o600)
			c := Defaults()
			err := c.LoadFile(f)
			if err == nil || !strings.Contains(err.Error(), "line") {
				t.Fatalf("want an error with a line number, got %v", err)
			}
		})
	}
	c := Defaults()
	if err := c.LoadEnv(func(k string) string { return map[string]string{"MASTERIA_SHUTDOWN_TIMEOUT": "soon"}[k] }); err == nil {
		t.Fatal("bad duration accepted")
	}
}

func TestLogValueHidesTheMasterKey(t *testing.T) {
	c := Defaults()
	c.MasterKey = "c2VjcmV0LW1hc3Rlci1rZXktdGhhdC1tdXN0LW5vdC1sZWFr"
	c.DatabaseURL = "postgres://user:dbpassword@host/db"
	if s := c.LogValue().String(); strings.Contains(s, c.MasterKey) || strings.Contains(s, "dbpassword") {
		t.Fatalf("secret in log value: %s", s)
	}
}

// TestEgressAllowHosts: the operator's extra egress hosts come from the
// file or MASTERIA_EGRESS_ALLOW_HOSTS (comma-separated, spaces trimmed),
// and a URL or a bare "*" is refused, naming the key.
func TestEgressAllowHosts(t *testing.T) {
	file := filepath.Join(t.TempDir(), "m.yaml")
	os.WriteFile(file, []byte("egress_allow_hosts: [api.internal.example:8443]\n"), 0o600)
	c := Defaults()
	if err := c.LoadFile(file); err != nil || strings.Join(c.EgressAllowHosts, " ") != "api.internal.example:8443" {
		t.Fatalf("from the file: %v %q", err, c.EgressAllowHosts)
	}
	env := map[string]string{"MASTERIA_EGRESS_ALLOW_HOSTS": "127.0.0.1:19100, 127.0.0.1:19200,"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil || c.Validate() != nil {
		t.Fatal(err, c.Validate())
	}
	if got := strings.Join(c.EgressAllowHosts, " "); got != "127.0.0.1:19100 127.0.0.1:19200" {
		t.Fatalf("from the environment: %q", got)
	}
	c.EgressAllowHosts = []string{"http://127.0.0.1:19100", "*"}
	err := c.Validate()
	for _, want := range []string{`egress_allow_hosts: "http://127.0.0.1:19100"`, `egress_allow_hosts: "*"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %s in %v", want, err)
		}
	}
}
