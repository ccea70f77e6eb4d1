package sdk

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Registration errors; test for them with errors.Is.
var (
	ErrEmptyID     = errors.New("sdk: empty ID")
	ErrDuplicateID = errors.New("sdk: duplicate ID")
)

// Registry holds plugins and indexes their actions by ID. It is a value,
// not a global, so every test can build its own. It is safe for concurrent
// use.
type Registry struct {
	mu      sync.RWMutex
	plugins map[string]registered
	actions map[string]string // action ID → plugin ID
}

type registered struct {
	factory  Factory
	manifest Manifest
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{plugins: map[string]registered{}, actions: map[string]string{}}
}

// Register adds the plugin f makes. It rejects a nil factory, an empty or
// already registered plugin ID, an empty action ID or one another plugin
// registered (wrapping [ErrEmptyID] or [ErrDuplicateID]), and a manifest
// that fails [Manifest.Validate]. Nothing is registered on error.
func (r *Registry) Register(f Factory) error {
	if f == nil {
		return errors.New("sdk: Register called with a nil factory")
	}
	p := f()
	if p == nil {
		return errors.New("sdk: Register: the factory returned a nil plugin")
	}
	m := p.Manifest()
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.checkIDs(m); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("sdk: plugin %q has an invalid manifest:\n%w", m.ID, err)
	}
	r.plugins[m.ID] = registered{factory: f, manifest: m}
	for _, a := range m.Actions {
		r.actions[a.ID] = m.ID
	}
	return nil
}

func (r *Registry) checkIDs(m Manifest) error {
	if m.ID == "" {
		return fmt.Errorf("%w: a plugin has no ID", ErrEmptyID)
	}
	if _, dup := r.plugins[m.ID]; dup {
		return fmt.Errorf("%w: plugin %q is already registered", ErrDuplicateID, m.ID)
	}
	seen := map[string]bool{}
	for _, a := range m.Actions {
		if a.ID == "" {
			return fmt.Errorf("%w: plugin %q declares an action with no ID", ErrEmptyID, m.ID)
		}
		if owner, dup := r.actions[a.ID]; dup {
			return fmt.Errorf("%w: action %q of plugin %q is already registered by %q", ErrDuplicateID, a.ID, m.ID, owner)
		}
		if seen[a.ID] {
			return fmt.Errorf("%w: plugin %q declares action %q twice", ErrDuplicateID, m.ID, a.ID)
		}
		seen[a.ID] = true
	}
	return nil
}

// MustRegister is Register for program start-up: it panics on error.
func (r *Registry) MustRegister(f Factory) {
	if err := r.Register(f); err != nil {
		panic(err)
	}
}

// Plugin returns the factory and manifest registered under id.
func (r *Registry) Plugin(id string) (Factory, Manifest, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	reg, ok := r.plugins[id]
	return reg.factory, reg.manifest, ok
}

// Action returns the ID of the plugin providing action id, and its spec.
func (r *Registry) Action(id string) (pluginID string, spec ActionSpec, ok bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	pluginID, ok = r.actions[id]
	if ok {
		spec, _ = r.plugins[pluginID].manifest.Action(id)
	}
	return pluginID, spec, ok
}

// Manifests returns every registered manifest, sorted by plugin ID.
func (r *Registry) Manifests() []Manifest {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Manifest, 0, len(r.plugins))
	for _, id := range slices.Sorted(maps.Keys(r.plugins)) {
		out = append(out, r.plugins[id].manifest)
	}
	return out
}
