package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"

	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/tenancy"
	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// Demo connection names; the demo finds them by name on every start and
// points them at this start's simulators.
const (
	demoWhatsApp = "WhatsApp (simulador)"
	demoSMS      = "SMS (simulador)"
)

// demoFlows are the templates published in the demo tenant.
var demoFlows = []string{"flows/support-menu.yaml", "flows/welcome-new-contact.yaml"}

// setUpDemo creates the demo tenant, connects its WhatsApp and SMS to the
// simulators, publishes template flows, and starts the simulators with
// their webhooks aimed at the connections.
func setUpDemo(ctx context.Context, a *app.App, sims *simulators, addr net.Addr) (app.DemoLogin, error) {
	login, err := a.EnsureDemo(ctx)
	if err != nil {
		return login, fmt.Errorf("demo tenant: %w", err)
	}
	p := tenancy.Principal{TenantID: login.TenantID, Role: auth.RoleOwner}
	base := fmt.Sprintf("http://127.0.0.1:%d/hooks/", addr.(*net.TCPAddr).Port)
	wa, err := demoConnection(ctx, a, p, plugin.ConnectionInput{PluginID: "whatsapp-cloud", Name: demoWhatsApp, Config: map[string]any{
		"phone_number_id": wasim.DemoPhoneNumberID, "waba_id": wasim.DemoWABAID, "access_token": wasim.DemoAccessToken,
		"app_secret": wasim.DemoAppSecret, "verify_token": wasim.DemoVerifyToken, "graph_base_url": sims.WhatsAppURL}})
	if err != nil {
		return login, err
	}
	sms, err := demoConnection(ctx, a, p, plugin.ConnectionInput{PluginID: "twilio-sms", Name: demoSMS, Config: map[string]any{
		"account_sid": twiliosim.DemoAccountSID, "auth_token": twiliosim.DemoAuthToken, "from": twiliosim.DemoNumber,
		"base_url": sims.TwilioURL}})
	if err != nil {
		return login, err
	}
	if _, err := a.Plugins.UpdateConnection(ctx, p, sms.ID, plugin.ConnectionInput{Config: map[string]any{"webhook_base_url": base + sms.ID}}); err != nil {
		return login, err
	}
	publishDemoFlows(ctx, a, p, sims.store)
	if err := seedDemoCRM(ctx, a, p); err != nil {
		a.Log.Warn("demo CRM not seeded", "err", err)
	}
	faults, err := readSimFaults(os.Getenv("MASTERIA_SIM_FAULTS"))
	if err != nil {
		return login, err
	}
	sims.customers = newCustomers()
	if err := sims.serve(base+wa.ID, base+sms.ID); err != nil {
		return login, err
	}
	faults.apply(sims)
	checkDemoConnections(ctx, a, p, wa.ID, sms.ID)
	if err := rememberWindows(ctx, a, login.TenantID, wa.ID, sims.WhatsApp); err != nil {
		a.Log.Warn("demo: open WhatsApp windows not replayed", "err", err)
	}
	if login.APIKey != "" { // the first start: a few customers write in
		for _, in := range demoCustomers {
			if _, err := sims.WhatsApp.InjectInbound(in); err != nil {
				a.Log.Warn("demo customer", "err", err)
			}
		}
		for _, in := range demoTexters {
			if _, err := sims.Twilio.InjectInbound(in); err != nil {
				a.Log.Warn("demo customer", "err", err)
			}
		}
		if err := startDemoCampaign(ctx, a, p); err != nil {
			a.Log.Warn("demo campaign not started", "err", err)
		}
	}
	return login, nil
}

// checkDemoConnections checks the demo's connections against this
// start's simulators: pointing them at new simulators reset their health,
// and the Channels page would say "not checked" after every restart.
func checkDemoConnections(ctx context.Context, a *app.App, p tenancy.Principal, ids ...string) {
	for _, id := range ids {
		if c, err := a.Plugins.CheckConnection(ctx, p, id); err != nil || c.Status != "ok" {
			a.Log.Warn("demo connection check", "connection", id, "status", c.Status, "detail", c.Detail, "err", err)
		}
	}
}

// demoConnection creates the connection, or points the existing one at
// this start's simulator.
func demoConnection(ctx context.Context, a *app.App, p tenancy.Principal, in plugin.ConnectionInput) (plugin.ConnectionView, error) {
	all, err := a.Plugins.ListConnections(ctx, p)
	if err != nil {
		return plugin.ConnectionView{}, err
	}
	for _, c := range all {
		if c.Name == in.Name || isDemoConnection(c, in) {
			return a.Plugins.UpdateConnection(ctx, p, c.ID, plugin.ConnectionInput{Config: in.Config})
		}
	}
	return a.Plugins.CreateConnection(ctx, p, in)
}

// demoIdentity is the config field naming the simulator's account, by
// plugin: a demo connection renamed since is still found by it.
var demoIdentity = map[string]string{"whatsapp-cloud": "phone_number_id", "twilio-sms": "account_sid"}

// isDemoConnection reports whether c is the demo's connection in was made
// from (the same plugin and simulator account), whatever it is called now.
func isDemoConnection(c plugin.ConnectionView, in plugin.ConnectionInput) bool {
	key := demoIdentity[in.PluginID]
	return key != "" && c.PluginID == in.PluginID && c.Config[key] != nil && c.Config[key] == in.Config[key]
}

// publishDemoFlows publishes the templates once (found next to the binary
// or in the working directory); missing files are skipped. The support
// menu asks the demo's store for order statuses (its params' default
// names a store the demo cannot reach).
func publishDemoFlows(ctx context.Context, a *app.App, p tenancy.Principal, store *demoStore) {
	existing, _ := a.Flows.List(ctx, p)
	have := map[string]bool{}
	for _, f := range existing {
		have[f.Name] = true
	}
	for _, path := range demoFlows {
		src, err := os.ReadFile(path)
		if err != nil {
			exe, _ := os.Executable()
			if src, err = os.ReadFile(filepath.Join(filepath.Dir(exe), "..", path)); err != nil {
				continue
			}
		}
		if store != nil {
			src = bytes.ReplaceAll(src, []byte(demoOrdersDefault), []byte(store.URL))
		}
		d, err := a.Flows.Create(ctx, p, string(src))
		if err != nil || have[d.Name] {
			continue
		}
		if _, err := a.Flows.Publish(ctx, p, d.ID); err != nil {
			a.Log.Warn("demo flow not published", "flow", d.Name, "err", err)
		}
	}
}
