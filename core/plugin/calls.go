package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// open returns the connection's plugin, opening it on first use.
func (m *Manager) open(ctx context.Context, c store.Connection) (sdk.Plugin, error) {
	l, err := m.openLive(ctx, c)
	if err != nil {
		return nil, err
	}
	return l.plugin, nil
}

// openLive returns the connection's open plugin and what is known of it,
// opening it on first use.
func (m *Manager) openLive(ctx context.Context, c store.Connection) (*live, error) {
	m.mu.Lock()
	if l, ok := m.live[c.ID]; ok && l.conn.UpdatedAt.Equal(c.UpdatedAt) {
		m.mu.Unlock()
		return l, nil
	}
	f, ok := m.factories[c.PluginID]
	m.mu.Unlock()
	if !ok {
		return nil, sdk.Permanent(fmt.Errorf("plugin %s is not installed", c.PluginID), "")
	}
	// Concurrent first calls (a burst of webhooks) open the connection
	// once: a plugin host refuses a second provision of the same ID.
	l, err, _ := m.opening.Do(c.ID+"@"+c.UpdatedAt.String(), func() (any, error) { return m.openNew(ctx, c, f) })
	if err != nil {
		return nil, err
	}
	return l.(*live), nil
}

// openNew provisions a plugin for the connection and keeps it live.
func (m *Manager) openNew(ctx context.Context, c store.Connection, f sdk.Factory) (*live, error) {
	m.mu.Lock()
	if l, ok := m.live[c.ID]; ok && l.conn.UpdatedAt.Equal(c.UpdatedAt) { // opened just before this flight
		m.mu.Unlock()
		return l, nil
	}
	m.mu.Unlock()
	conn, err := m.connection(c, f().Manifest())
	if err != nil {
		return nil, err
	}
	p := f()
	if err := sdk.Open(ctx, p, conn); err != nil {
		m.mu.Lock()
		l, raced := m.live[c.ID] // a concurrent caller opened it first: use theirs
		m.mu.Unlock()
		if raced && l.conn.UpdatedAt.Equal(c.UpdatedAt) {
			return l, nil
		}
		_ = m.Store.SetConnectionStatus(ctx, c.ID, statusError, err.Error(), c.UpdatedAt)
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if l, ok := m.live[c.ID]; ok { // another caller opened it meanwhile
		_ = sdk.Close(p)
		return l, nil
	}
	l := &live{conn: c, plugin: p}
	l.known.Store(c.Status != statusNew)
	m.live[c.ID] = l
	return l, nil
}

// connection is what a plugin is opened with for c: its config (secrets
// unsealed) parsed by the manifest, its host services, its webhook URL.
func (m *Manager) connection(c store.Connection, man sdk.Manifest) (sdk.Connection, error) {
	secrets, err := m.openSecrets(c)
	if err != nil {
		return sdk.Connection{}, err
	}
	values := map[string]any{}
	for k, v := range secrets {
		values[k] = v
	}
	if err := jsonInto(c.Config, &values); err != nil {
		return sdk.Connection{}, err
	}
	cfg, err := man.Config.Parse(values)
	if err != nil {
		return sdk.Connection{}, sdk.Permanent(fmt.Errorf("connection %s config: %w", c.Name, err), "")
	}
	return sdk.Connection{ID: c.ID, Config: cfg, Host: m.host(c, secrets), WebhookURL: m.webhookURL(c.ID)}, nil
}

// webhookURL is the public URL of a connection's webhooks, or "" when the
// server's public URL is not configured.
func (m *Manager) webhookURL(connID string) string {
	if m.PublicURL == "" {
		return ""
	}
	return strings.TrimRight(m.PublicURL, "/") + "/hooks/" + connID
}

func (m *Manager) closeLive(id string) {
	m.mu.Lock()
	clear(m.routes)
	l, ok := m.live[id]
	delete(m.live, id)
	m.mu.Unlock()
	if ok {
		_ = sdk.Close(l.plugin)
	}
}

// Close closes every open connection.
func (m *Manager) Close() {
	m.mu.Lock()
	ids := make([]string, 0, len(m.live))
	for id := range m.live {
		ids = append(ids, id)
	}
	m.mu.Unlock()
	for _, id := range ids {
		m.closeLive(id)
	}
}

// InvokeAction runs a plugin action for a tenant: on the connection the
// input names ("connection": its ID or its name), else the tenant's first connection of the
// plugin providing the action. It is the engine's PluginInvoker.
func (m *Manager) InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, key string) (map[string]any, error) {
	pluginID, c, err := m.resolve(ctx, tenantID, actionID, input)
	if err != nil {
		return nil, err
	}
	l, err := m.openLive(ctx, c)
	if err != nil {
		return nil, err
	}
	act, ok := l.plugin.Actions()[actionID]
	if !ok {
		return nil, sdk.Permanent(fmt.Errorf("plugin %s does not serve %s", pluginID, actionID), "")
	}
	man, _ := m.Manifest(pluginID)
	spec, _ := man.Action(actionID)
	params := map[string]any{}
	for k, v := range input {
		if k != "connection" {
			params[k] = v
		}
	}
	parsed, err := spec.Input.Parse(params)
	if err != nil {
		return nil, sdk.Permanent(err, "")
	}
	out, err := act.Invoke(ctx, sdk.Input{Params: parsed, IdempotencyKey: key})
	if err == nil && !spec.Local {
		m.worked(ctx, l)
	}
	return out.Values, err
}

// ConnectionKey names the connection a call to actionID would use (its
// ID), or "" when this instance cannot tell: BusInvoker's Key.
func (m *Manager) ConnectionKey(ctx context.Context, tenantID, actionID string, input map[string]any) string {
	_, c, err := m.resolve(ctx, tenantID, actionID, input)
	if err != nil {
		return ""
	}
	return c.ID
}

// resolve finds the plugin providing actionID and the tenant's connection
// the call names (input "connection", or else its first for the plugin).
func (m *Manager) resolve(ctx context.Context, tenantID, actionID string, input map[string]any) (string, store.Connection, error) {
	m.mu.Lock()
	pluginID, ok := m.actions[actionID]
	m.mu.Unlock()
	if !ok {
		return "", store.Connection{}, sdk.Permanent(fmt.Errorf("no installed plugin provides %s", actionID), "")
	}
	c, err := m.connectionFor(ctx, tenantID, pluginID, input)
	return pluginID, c, err
}

func (m *Manager) connectionFor(ctx context.Context, tenantID, pluginID string, input map[string]any) (store.Connection, error) {
	name, _ := input["connection"].(string)
	key := tenantID + "\x00" + pluginID + "\x00" + strings.ToLower(name)
	m.mu.Lock()
	hit, ok := m.routes[key]
	m.mu.Unlock()
	if ok && time.Since(hit.at) < routeTTL {
		return hit.conn, nil
	}
	c, err := m.findConnection(ctx, tenantID, pluginID, name)
	if err == nil {
		m.mu.Lock()
		m.routes[key] = route{conn: c, at: time.Now()}
		m.mu.Unlock()
	}
	return c, err
}

// routeTTL bounds how long a connection lookup is reused: changes made
// through this manager drop it at once, other instances' within the TTL.
const routeTTL = 5 * time.Second

type route struct {
	conn store.Connection
	at   time.Time
}

// findConnection finds the tenant's connection of pluginID that name
// names: by its ID first, which a rename leaves alone (what a saved
// campaign holds), else by its name, as a person writes it in a flow.
func (m *Manager) findConnection(ctx context.Context, tenantID, pluginID, name string) (store.Connection, error) {
	all, err := m.Store.ListConnections(ctx, tenantID)
	if err != nil {
		return store.Connection{}, err
	}
	for _, c := range all {
		if c.PluginID == pluginID && name != "" && c.ID == name {
			return c, nil
		}
	}
	for _, c := range all {
		if c.PluginID == pluginID && (name == "" || strings.EqualFold(c.Name, name)) {
			return c, nil
		}
	}
	if name != "" {
		return store.Connection{}, sdk.Permanent(fmt.Errorf("no %s connection named %q", pluginID, name), "")
	}
	return store.Connection{}, sdk.Permanent(fmt.Errorf("connect %s first: this workspace has no connection for it", pluginID), "")
}

// Webhook hands a provider's request to the plugin owning the connection.
func (m *Manager) Webhook(ctx context.Context, connectionID string, req sdk.WebhookRequest) (sdk.WebhookResponse, error) {
	c, err := m.hookConnection(ctx, connectionID)
	if err != nil {
		return sdk.WebhookResponse{}, apperr.NotFoundf("no such webhook")
	}
	l, err := m.openLive(ctx, c)
	if err != nil {
		return sdk.WebhookResponse{}, err
	}
	h, ok := l.plugin.(sdk.WebhookHandler)
	if !ok {
		return sdk.WebhookResponse{}, apperr.NotFoundf("this connection takes no webhooks")
	}
	res, events, err := h.HandleWebhook(ctx, req)
	if err != nil {
		return res, err
	}
	for _, ev := range events {
		raw, err := marshal(ev.Payload)
		if err != nil {
			return res, err
		}
		err = m.sink()(ctx, c, ev.Subject, raw, c.ID+":"+ev.ID)
		switch {
		case apperr.Is(err, apperr.Invalid):
			// Refused as it is (a keyword from a sender that is no phone
			// number): a retry would be refused alike, and failing the
			// webhook would lose the events after it.
			m.Log.Warn("webhook event refused and skipped", "connection", c.ID, "subject", ev.Subject, "err", err)
		case err != nil:
			return sdk.WebhookResponse{Status: 500}, err // the provider retries; events are idempotent
		}
	}
	if res.Status < 300 { // 0 is 200: the plugin took it (a signature it checked)
		m.worked(ctx, l)
	}
	return res, nil
}

// hookConnection reads the connection a webhook names, reusing a lookup for
// routeTTL like connectionFor (unknown IDs are never cached).
func (m *Manager) hookConnection(ctx context.Context, id string) (store.Connection, error) {
	key := "hook\x00" + id
	m.mu.Lock()
	hit, ok := m.routes[key]
	m.mu.Unlock()
	if ok && time.Since(hit.at) < routeTTL {
		return hit.conn, nil
	}
	c, err := m.Store.ConnectionByID(ctx, id)
	if err == nil {
		m.mu.Lock()
		m.routes[key] = route{conn: c, at: time.Now()}
		m.mu.Unlock()
	}
	return c, err
}
