package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin/grpchost"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// pluginBins is where TestMain lets first-party plugin executables be
// built, once per run.
var pluginBins struct {
	dir  string
	once sync.Once
	err  error
}

func TestMain(m *testing.M) {
	pluginBins.dir, _ = os.MkdirTemp("", "api-plugins")
	code := m.Run()
	grpchost.CleanupClients()
	os.RemoveAll(pluginBins.dir)
	os.Exit(code)
}

// whatsappBinary builds the whatsapp-cloud plugin executable once.
func whatsappBinary(t *testing.T) string {
	t.Helper()
	pluginBins.once.Do(func() {
		out, err := exec.Command("go", "build", "-o", pluginBins.dir, "../../plugins/whatsappcloud/cmd/whatsapp-cloud").CombinedOutput()
		if err != nil {
			pluginBins.err = fmt.Errorf("go build whatsapp-cloud: %v\n%s", err, out)
		}
	})
	if pluginBins.err != nil {
		t.Fatal(pluginBins.err)
	}
	return filepath.Join(pluginBins.dir, "whatsapp-cloud")
}

// whatsappHarness is a harness running the real whatsapp-cloud plugin as
// a go-plugin subprocess against a real WhatsApp simulator; the plugin
// may also reach extraHosts.
func whatsappHarness(t *testing.T, extraHosts ...string) (*harness, *wasim.Server, string) {
	t.Helper()
	h := newHarness(t)
	s, err := wasim.New(wasim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	base, err := s.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	p, err := grpchost.Start(context.Background(), grpchost.Options{Command: grpchost.Executable(whatsappBinary(t)),
		ExtraHosts: append([]string{hostOf(base)}, extraHosts...), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		MinBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	if err := h.api.Plugins.Register(p.Factory()); err != nil {
		t.Fatal(err)
	}
	return h, s, base
}

// whatsappConfig is a connection config for the simulator's demo number
// at base; extra overrides keys.
func whatsappConfig(base string, extra map[string]string) map[string]string {
	c := map[string]string{"phone_number_id": wasim.DemoPhoneNumberID, "waba_id": wasim.DemoWABAID,
		"access_token": wasim.DemoAccessToken, "app_secret": wasim.DemoAppSecret, "verify_token": wasim.DemoVerifyToken,
		"graph_base_url": base}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

func hostOf(raw string) string {
	u, _ := url.Parse(raw)
	return u.Host
}
