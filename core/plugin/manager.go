package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/masteria/masteria/core/blobs"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// EventSink receives what connections emit. The default writes each event
// to the outbox; the app routes inbound messages through the inbox first.
type EventSink func(ctx context.Context, c store.Connection, subject string, payload []byte, msgID string) error

// Manager knows the available plugins and keeps tenants' connections open.
type Manager struct {
	Store   store.Store
	Keyring *secrets.Keyring
	Log     *slog.Logger
	Sink    EventSink
	// Blobs backs the connections' Blobs service; nil serves none.
	Blobs *blobs.Store
	// PublicURL is where providers reach this server (config public_url);
	// each connection is told its webhook URL under it. Empty: unknown.
	PublicURL string
	// Roster, when set, has ServeActions also serve each action on this
	// instance's own subject and announce it, so callers can send a
	// connection's calls to its owner.
	Roster *Roster

	mu        sync.Mutex
	factories map[string]sdk.Factory
	manifests map[string]sdk.Manifest
	actions   map[string]string      // action ID → plugin ID
	serving   map[string]func() bool // plugin ID → whether its runtime takes calls now (see SetServing)
	live      map[string]*live       // connection ID → opened plugin
	routes    map[string]route       // tenant+plugin+name → connection, briefly cached
	opening   singleflight.Group
}

type live struct {
	conn   store.Connection
	plugin sdk.Plugin
	// known is set once the stored status needs nothing from a use: it
	// was not new when opened, or a use or a check has recorded one since.
	known atomic.Bool
}

// NewManager makes an empty manager.
func NewManager(st store.Store, k *secrets.Keyring, log *slog.Logger) *Manager {
	if log == nil {
		log = slog.Default()
	}
	return &Manager{Store: st, Keyring: k, Log: log, factories: map[string]sdk.Factory{},
		manifests: map[string]sdk.Manifest{}, actions: map[string]string{}, serving: map[string]func() bool{},
		live: map[string]*live{}, routes: map[string]route{}}
}

// SetServing tells the manager how to know whether a plugin's runtime
// takes calls now (a subprocess that is up, not restarting). The roster
// announces only the actions of plugins that do, so callers route their
// connections elsewhere while one restarts. Without it, a plugin counts
// as serving.
func (m *Manager) SetServing(pluginID string, serving func() bool) {
	m.mu.Lock()
	m.serving[pluginID] = serving
	m.mu.Unlock()
}

// servingActions filters actions to those whose plugin serves now.
func (m *Manager) servingActions(actions []string) []string {
	m.mu.Lock()
	ups := make([]func() bool, len(actions))
	for i, a := range actions {
		ups[i] = m.serving[m.actions[a]]
	}
	m.mu.Unlock()
	out := make([]string, 0, len(actions))
	for i, a := range actions {
		if ups[i] == nil || ups[i]() {
			out = append(out, a)
		}
	}
	return out
}

// Register makes a plugin available. Duplicate plugin or action IDs, and
// invalid manifests, are refused.
func (m *Manager) Register(f sdk.Factory) error {
	man := f().Manifest()
	if err := man.Validate(); err != nil {
		return fmt.Errorf("plugin %s: %w", man.ID, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.factories[man.ID]; dup {
		return fmt.Errorf("plugin %s is registered twice", man.ID)
	}
	for _, a := range man.Actions {
		if other, dup := m.actions[a.ID]; dup {
			return fmt.Errorf("action %s is provided by %s and %s", a.ID, other, man.ID)
		}
	}
	m.factories[man.ID], m.manifests[man.ID] = f, man
	for _, a := range man.Actions {
		m.actions[a.ID] = man.ID
	}
	return nil
}

// Manifests lists the available plugins by ID.
func (m *Manager) Manifests() []sdk.Manifest {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]sdk.Manifest, 0, len(m.manifests))
	for _, man := range m.manifests {
		out = append(out, man)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Manifest returns one plugin's manifest.
func (m *Manager) Manifest(id string) (sdk.Manifest, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	man, ok := m.manifests[id]
	return man, ok
}

// Catalog is the flow catalog: the core steps plus every plugin action,
// its inputs as the JSON Schema the plugin's field declarations produce.
func (m *Manager) Catalog() (*flow.Registry, error) {
	cat := flow.NewCoreRegistry()
	for _, man := range m.Manifests() {
		for _, a := range man.Actions {
			schema, err := json.Marshal(withConnection(a.Input.JSONSchema()))
			if err != nil {
				return nil, err
			}
			spec := flow.ActionSpec{ID: a.ID, Title: a.Title, Description: a.Description, InputSchema: schema}
			for _, f := range a.Output {
				spec.Output = append(spec.Output, flow.Field{Name: f.Name(), Type: flow.TypeAny})
			}
			if err := cat.Register(spec); err != nil {
				return nil, fmt.Errorf("plugin %s: %w", man.ID, err)
			}
		}
	}
	return cat, nil
}

// withConnection lets every plugin step name the connection it uses.
func withConnection(schema map[string]any) map[string]any {
	props, _ := schema["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		schema["properties"] = props
	}
	props["connection"] = map[string]any{"type": "string", "description": "Name or ID of the connection to use (default: the workspace's first connection of this plugin)."}
	return schema
}
