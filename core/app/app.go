// Package app wires the runtime together: config → store, bus, secret box,
// domain services and the HTTP API, and runs them until told to stop.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/tetratelabs/wazero"

	"github.com/masteria/masteria/core/api"
	"github.com/masteria/masteria/core/blobs"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/config"
	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/crm/crmflow"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/flows"
	"github.com/masteria/masteria/core/metrics"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
	"github.com/masteria/masteria/web"
)

// Version is set at build time.
var Version = "dev"

// App is a running Master IA server's parts.
type App struct {
	Config    config.Config
	Log       *slog.Logger
	Store     store.Store
	Bus       *bus.Bus
	Keyring   *secrets.Keyring
	Metrics   *metrics.Metrics
	Tenancy   *tenancy.Service
	HTTP      *fiber.App
	Engine    *engine.Engine
	Flows     *flows.Service
	Catalog   *flow.Registry
	Plugins   *plugin.Manager
	Campaigns *campaigns.Service
	Blobs     *blobs.Store
	Webhooks  *webhooks.Service
	opts      Options
	relay     *bus.Relay
	outbound  *inbox.Dispatcher // sends agents' replies
	hookSend  *webhooks.Sender  // delivers outbound webhooks
	hookFeed  *webhooks.Fanout  // turns the subscribed tenants' events into deliveries
	invoker   plugin.BusInvoker // how the engine, the inbox and campaigns call plugin actions
	closers   []func()          // plugin runtimes to stop
	wasmCache wazero.CompilationCache
}

// PluginCommand starts one plugin as a go-plugin subprocess.
type PluginCommand struct {
	ID      string
	Command func() *exec.Cmd
}

// Options are what the executable adds to the configuration: the plugins
// it ships and, in demo mode, the simulators' hosts plugins may reach.
type Options struct {
	Plugins    []PluginCommand
	ExtraHosts []string
	// BusNamespace prefixes the bus's subjects and streams (default
	// "masteria"): tests sharing an external NATS keep apart with it.
	BusNamespace string
}

// OpenStore opens the configured store driver and migrates it.
func OpenStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	if cfg.Driver() == "postgres" {
		return sqlstore.OpenPostgres(ctx, cfg.DatabaseURL)
	}
	return sqlstore.OpenSQLite(ctx, cfg.SQLitePath())
}

// OpenKeyring loads the master key from the environment or the key file.
func OpenKeyring(cfg config.Config) (*secrets.Keyring, error) {
	return secrets.LoadKeyring(secrets.LoadOptions{
		EnvKey: cfg.MasterKey, PreviousEnvKeys: cfg.PreviousMasterKeys, KeyFile: KeyFile(cfg),
	})
}

// KeyFile is where the generated master key lives when none is given.
func KeyFile(cfg config.Config) string { return filepath.Join(cfg.DataDir, "master.key") }

// Open validates cfg and opens every part with no plugins; Close releases them.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return OpenWith(ctx, cfg, log, Options{})
}

// OpenWith opens every part and starts the given plugins.
func OpenWith(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration:\n%w", err)
	}
	a := &App{Config: cfg, Log: log, Metrics: metrics.New(), opts: opts}
	var err error
	if a.Keyring, err = OpenKeyring(cfg); err != nil {
		return nil, err
	}
	if a.Store, err = OpenStore(ctx, cfg); err != nil {
		return nil, err
	}
	if db, ok := a.Store.(interface{ PoolStats() (int, int) }); ok {
		a.Metrics.WatchPool(db.PoolStats)
	}
	a.Bus, err = bus.Open(ctx, bus.Options{URL: cfg.BusURL, DataDir: cfg.DataDir, Name: "masteria", Namespace: opts.BusNamespace})
	if err != nil {
		a.Store.Close()
		return nil, err
	}
	a.Metrics.WatchConsumers(func() (map[string]uint64, error) { return a.Bus.ConsumerBacklog(context.Background()) })
	a.Tenancy = tenancy.New(a.Store, a.Keyring)
	if a.Blobs, err = blobs.Open(a.Store, filepath.Join(cfg.DataDir, "blobs")); err != nil {
		a.Bus.Close()
		a.Store.Close()
		return nil, err
	}
	a.relay = &bus.Relay{Store: a.Store, Bus: a.Bus, Metrics: a.Metrics, Log: log}
	a.Plugins = plugin.NewManager(a.Store, a.Keyring, log)
	a.Plugins.Blobs = a.Blobs
	a.Plugins.PublicURL = cfg.PublicURL
	a.Plugins.Roster = plugin.NewRoster(a.Bus, log)
	// Channel events go through the inbox: contacts and conversations are
	// found or made, then message.received carries the contact.
	received := inbox.New(a.Store)
	received.Files = a.Blobs
	a.Plugins.Sink = plugin.EventSink(received.Sink(a.channelOf, inbox.Forward(plugin.OutboxSink(a.Store))))
	if err := a.startPlugins(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if a.Catalog, err = a.Plugins.Catalog(); err != nil {
		a.Close()
		return nil, err
	}
	a.invoker = plugin.BusInvoker{Bus: a.Bus, Roster: a.Plugins.Roster, Key: a.Plugins.ConnectionKey}
	invoker := a.invoker
	a.outbound = &inbox.Dispatcher{Inbox: inbox.New(a.Store), Bus: a.Bus, Plugins: invoker, Log: log}
	// Template categories (a marketing template needs the contact's
	// marketing consent) come from the sending connection's catalog.
	categories := &consent.Memo{Next: campaigns.PluginSender{Plugins: invoker}, TTL: time.Minute}
	a.Engine = &engine.Engine{Store: a.Store, Interp: &engine.Interp{Actions: engine.NewActions(crmflow.New(a.Store),
		inbox.BotSends{Next: invoker, Inbox: inbox.New(a.Store), Log: log, Templates: categories})}, Log: log}
	a.Flows = &flows.Service{Store: a.Store, Engine: a.Engine, Catalog: a.Catalog}
	posts := inbox.CampaignSends{Inbox: inbox.New(a.Store), PluginOf: a.pluginOf}
	a.Campaigns = &campaigns.Service{Store: a.Store, Engine: a.Engine, Sender: campaigns.PluginSender{Plugins: invoker}, Bus: a.Bus, Log: log,
		Posted: posts.Posted, Restatus: posts.Restatus, ChannelOf: a.channelOf, Templates: categories}
	a.Campaigns.RegisterActions(a.Engine.Interp.Actions)
	a.Engine.Interp.Actions.Register("http.request", engine.HTTPRequest(engine.GuardedHTTPClient(a.egressHosts())))
	a.openWebhooks()
	a.HTTP = api.New(api.Deps{
		Tenancy: a.Tenancy, Store: a.Store, Bus: a.Bus, Metrics: a.Metrics, Log: log,
		BodyLimit: cfg.BodyLimit, Web: web.FS(), Version: Version, Catalog: a.Catalog, Flows: a.Flows, Plugins: a.Plugins,
		Campaigns:      a.Campaigns,
		Blobs:          a.Blobs,
		Webhooks:       a.Webhooks,
		SecureCookies:  len(cfg.PublicURL) > 5 && cfg.PublicURL[:5] == "https",
		TrustedProxies: cfg.TrustedProxies,
	})
	return a, nil
}

// Serve runs the HTTP server on ln and the background workers until ctx
// ends, then shuts down gracefully: stop accepting, drain requests, flush
// the outbox, close the bus and the store.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	workCtx, stopWork := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.relay.Run(workCtx) })
	wg.Go(func() { a.sweep(workCtx) })
	wg.Go(func() { _ = a.Engine.Run(workCtx) })
	wg.Go(func() {
		if err := a.Plugins.Roster.Run(workCtx); err != nil {
			a.Log.Error("instance roster stopped", "err", err)
		}
	})
	wg.Go(func() {
		if err := a.Plugins.ServeActions(workCtx, a.Bus); err != nil {
			a.Log.Error("plugin actions stopped", "err", err)
		}
	})
	wg.Go(func() { (&engine.Cron{Engine: a.Engine, Log: a.Log}).Run(workCtx) })
	if err := contacts.New(a.Store).Resume(workCtx); err != nil {
		a.Log.Warn("resume contact imports", "err", err)
	}
	wg.Go(func() {
		if err := a.outbound.Run(workCtx); err != nil {
			a.Log.Error("inbox outbound stopped", "err", err)
		}
	})
	wg.Go(func() {
		if err := a.Campaigns.Run(workCtx); err != nil {
			a.Log.Error("campaigns stopped", "err", err)
		}
	})
	wg.Go(func() { a.hookSend.Run(workCtx) })
	wg.Go(func() {
		if err := a.hookFeed.Run(workCtx); err != nil {
			a.Log.Error("webhook consumer stopped", "err", err)
		}
	})
	wg.Go(func() {
		if err := (&engine.Router{Engine: a.Engine, Bus: a.Bus, Log: a.Log}).Run(workCtx); err != nil {
			a.Log.Error("trigger router stopped", "err", err)
		}
	})
	served := make(chan error, 1)
	go func() {
		served <- a.HTTP.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
	}()
	a.Log.Info("serving", "addr", ln.Addr().String(), "config", a.Config)
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	a.Log.Info("shutting down")
	if serr := a.HTTP.ShutdownWithTimeout(a.Config.Shutdown); serr != nil {
		a.Log.Warn("http shutdown", "err", serr)
	}
	stopWork()
	wg.Wait()
	flushCtx, cancel := context.WithTimeout(context.Background(), a.Config.Shutdown)
	defer cancel()
	if ferr := a.relay.Flush(flushCtx); ferr != nil {
		a.Log.Warn("outbox not fully flushed; it will publish on next start", "err", ferr)
	}
	a.Close()
	a.Log.Info("stopped")
	return err
}

// Close releases the plugins, the bus and the store.
func (a *App) Close() {
	if a.Plugins != nil {
		a.Plugins.Close()
	}
	for _, c := range a.closers {
		c()
	}
	if a.Bus != nil {
		a.Bus.Close()
	}
	if a.Store != nil {
		a.Store.Close()
	}
}

// sweep removes, hourly, expired sessions and the blob files a crash left
// without a record.
func (a *App) sweep(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	within := time.Duration(0) // the first blob sweep looks at every file, later ones at recent files
	for {
		if _, err := a.Store.DeleteExpiredSessions(ctx, time.Now()); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Warn("session sweep", "err", err)
		}
		if n, err := a.Blobs.Sweep(ctx, blobs.SweepAge, within); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Warn("blob sweep", "err", err)
		} else if n > 0 {
			a.Log.Info("blob sweep", "removed_files", n)
		}
		within = blobs.SweepWithin
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// openWebhooks makes outbound webhooks' parts: they reach what plugins
// may (the operator's egress_allow_hosts, the demo's simulators) and any
// public https URL.
func (a *App) openWebhooks() {
	egress := webhooks.NewEgress(a.egressHosts(), nil)
	a.hookSend = &webhooks.Sender{Store: a.Store, Keyring: a.Keyring, Client: egress.Client(), Log: a.Log, Metrics: a.Metrics}
	a.hookFeed = webhooks.NewFanout(a.Store, a.Bus, a.hookSend, a.Log)
	a.hookSend.Disabled = a.hookFeed.Refresh
	a.Webhooks = &webhooks.Service{Store: a.Store, Keyring: a.Keyring, Egress: egress, Sender: a.hookSend, Changed: a.hookFeed.Refresh}
}

// pluginOf names the plugin serving an action ("whatsapp.send").
func (a *App) pluginOf(actionID string) string {
	for _, m := range a.Plugins.Manifests() {
		if _, ok := m.Action(actionID); ok {
			return m.ID
		}
	}
	return ""
}

// channelOf names a plugin's channel from its manifest ("whatsapp", "sms").
func (a *App) channelOf(pluginID string) string {
	if m, ok := a.Plugins.Manifest(pluginID); ok && m.Channel != nil {
		return m.Channel.Name
	}
	return ""
}
