package campaigns

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/secrets"
	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// pluginBins is where TestMain lets the plugin executables be built.
var pluginBins struct {
	dir  string
	once sync.Once
	err  error
}

func TestMain(m *testing.M) {
	pluginBins.dir, _ = os.MkdirTemp("", "campaign-plugins")
	code := m.Run()
	grpchost.CleanupClients()
	os.RemoveAll(pluginBins.dir)
	os.Exit(code)
}

// pluginBinary builds a first-party plugin's executable once per run.
func pluginBinary(t *testing.T, name string) string {
	t.Helper()
	pluginBins.once.Do(func() {
		for _, pkg := range []string{"twiliosms/cmd/twilio-sms", "whatsappcloud/cmd/whatsapp-cloud"} {
			out, err := exec.Command("go", "build", "-o", pluginBins.dir, "../../plugins/"+pkg).CombinedOutput()
			if err != nil {
				pluginBins.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if pluginBins.err != nil {
		t.Fatal(pluginBins.err)
	}
	return filepath.Join(pluginBins.dir, name)
}

// pluginRig is a rig sending as the product does: through the plugin
// manager, running the twilio-sms and whatsapp-cloud plugin executables
// under the go-plugin host against the simulators, on connections made
// through the manager.
type pluginRig struct {
	*rig
	pm       *plugin.Manager
	sms, wa  plugin.ConnectionView
	twilio   *twiliosim.Server
	whatsapp *wasim.Server
}

func newPluginRig(t *testing.T) *pluginRig {
	r := newRig(t, "sqlite", nil)
	key, _ := secrets.NewKey()
	k, err := secrets.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	pm := plugin.NewManager(r.st, k, quietLog())
	t.Cleanup(pm.Close)
	pr := &pluginRig{rig: r, pm: pm}
	var twURL, waURL string
	pr.twilio, twURL = startTwilio(t)
	pr.whatsapp, waURL = startWhatsApp(t, nil)
	for _, name := range []string{"twilio-sms", "whatsapp-cloud"} {
		p, err := grpchost.Start(context.Background(), grpchost.Options{Command: grpchost.Executable(pluginBinary(t, name)),
			ExtraHosts: []string{hostOf(twURL), hostOf(waURL)}, Log: quietLog(), MinBackoff: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = p.Close() })
		if err := pm.Register(p.Factory()); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	pr.sms, err = pm.CreateConnection(ctx, r.p, plugin.ConnectionInput{PluginID: "twilio-sms", Name: "SMS (simulador)", Config: map[string]any{
		"account_sid": twiliosim.DemoAccountSID, "auth_token": twiliosim.DemoAuthToken, "from": twiliosim.DemoShortCode,
		"sender_mps": 100.0, "base_url": twURL}})
	if err != nil {
		t.Fatal(err)
	}
	pr.wa, err = pm.CreateConnection(ctx, r.p, plugin.ConnectionInput{PluginID: "whatsapp-cloud", Name: "WhatsApp (simulador)", Config: map[string]any{
		"phone_number_id": wasim.DemoPhoneNumberID, "waba_id": wasim.DemoWABAID, "access_token": wasim.DemoAccessToken,
		"app_secret": wasim.DemoAppSecret, "verify_token": wasim.DemoVerifyToken, "graph_base_url": waURL}})
	if err != nil {
		t.Fatal(err)
	}
	r.svc.Sender = PluginSender{Plugins: pm}
	r.svc.ChannelOf = func(pluginID string) string {
		if m, ok := pm.Manifest(pluginID); ok && m.Channel != nil {
			return m.Channel.Name
		}
		return ""
	}
	return pr
}

func hostOf(raw string) string {
	u, _ := url.Parse(raw)
	return u.Host
}
