package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// ConnectionInput creates or changes a connection. Secret fields in
// Config are sealed at rest and never returned; on update an absent field
// keeps its stored value.
type ConnectionInput struct {
	PluginID string         `json:"plugin_id,omitempty"`
	Name     string         `json:"name"`
	Config   map[string]any `json:"config"`
}

// ConnectionView is a connection as the API shows it: config without
// secrets, and which secrets are set.
type ConnectionView struct {
	store.Connection
	Config     map[string]any `json:"config"`
	SecretsSet []string       `json:"secrets_set"`
	WebhookURL string         `json:"webhook_path"`
	// DetailReasons key detail, problem by problem, when every one is a
	// known text of a first-party plugin's check (CheckReasons).
	DetailReasons []CheckProblem `json:"detail_reasons,omitempty"`
}

// CreateConnection validates config against the plugin's declared fields
// and the plugin's own rules (its Provision and Validate, not Start), seals
// the secret ones and stores the connection.
func (m *Manager) CreateConnection(ctx context.Context, p tenancy.Principal, in ConnectionInput) (ConnectionView, error) {
	if !p.Can(auth.RoleAdmin) {
		return ConnectionView{}, apperr.NeedRole(auth.RoleAdmin)
	}
	man, ok := m.Manifest(in.PluginID)
	if !ok {
		return ConnectionView{}, apperr.Fields("unknown plugin", map[string]string{"plugin_id": "no plugin with this ID is installed"})
	}
	now := store.Now()
	c := store.Connection{ID: ids.New("con"), TenantID: p.TenantID, PluginID: in.PluginID, Name: strings.TrimSpace(in.Name),
		Status: statusNew, CreatedAt: now, UpdatedAt: now}
	if err := m.fill(&c, man, in.Config, nil); err != nil {
		return ConnectionView{}, err
	}
	if err := m.validate(ctx, c); err != nil {
		return ConnectionView{}, err
	}
	m.closeLive(c.ID) // drops cached routes: a new default connection may apply
	if err := m.Store.CreateConnection(ctx, c); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return ConnectionView{}, apperr.New(apperr.Conflict, "a connection named %q exists", c.Name).
				Because(apperr.NameTaken, apperr.P{"name": c.Name})
		}
		return ConnectionView{}, err
	}
	return m.view(c)
}

// UpdateConnection replaces name and config; the open plugin is closed so
// the next use opens it with the new config.
func (m *Manager) UpdateConnection(ctx context.Context, p tenancy.Principal, id string, in ConnectionInput) (ConnectionView, error) {
	if !p.Can(auth.RoleAdmin) {
		return ConnectionView{}, apperr.NeedRole(auth.RoleAdmin)
	}
	c, err := m.Store.GetConnection(ctx, p.TenantID, id)
	if err != nil {
		return ConnectionView{}, notFound(err)
	}
	man, _ := m.Manifest(c.PluginID)
	old, err := m.openSecrets(c) // absent fields keep their stored values
	if err != nil {
		return ConnectionView{}, err
	}
	if err := jsonInto(c.Config, &old); err != nil {
		return ConnectionView{}, err
	}
	if in.Name != "" {
		c.Name = strings.TrimSpace(in.Name)
	}
	if err := m.fill(&c, man, in.Config, old); err != nil {
		return ConnectionView{}, err
	}
	if err := m.validate(ctx, c); err != nil {
		return ConnectionView{}, err
	}
	c.UpdatedAt = store.Now()
	if err := m.Store.UpdateConnection(ctx, c); err != nil {
		return ConnectionView{}, notFound(err)
	}
	m.closeLive(c.ID)
	return m.view(c)
}

// fill validates config (secrets merged from old when absent), then splits
// it into the plain JSON and the sealed secrets of c.
func (m *Manager) fill(c *store.Connection, man sdk.Manifest, config, old map[string]any) error {
	fields := map[string]apperr.Field{}
	if c.Name == "" || len(c.Name) > 80 {
		fields["name"] = apperr.RequiredMax(80)
	}
	merged := map[string]any{}
	for k, v := range old {
		merged[k] = v
	}
	for k, v := range config {
		merged[k] = v
	}
	for _, fe := range man.Config.Validate(merged) {
		fields["config."+fe.Path] = configProblem(fe)
	}
	if len(fields) > 0 {
		return configInvalid(fields)
	}
	plain, secret := split(man, merged)
	raw, _ := json.Marshal(plain)
	c.Config = string(raw)
	sealed, err := json.Marshal(secret)
	if err != nil {
		return err
	}
	c.Secrets, err = m.Keyring.Seal(sealed, aad(c))
	return err
}

// split separates the secret fields from the rest.
func split(man sdk.Manifest, config map[string]any) (plain, secret map[string]any) {
	plain, secret = map[string]any{}, map[string]any{}
	for _, f := range man.Config {
		if v, ok := config[f.Name()]; ok {
			if f.Spec().Secret {
				secret[f.Name()] = v
			} else {
				plain[f.Name()] = v
			}
		}
	}
	return plain, secret
}

// aad binds a connection's sealed secrets to its tenant and ID.
func aad(c *store.Connection) []byte { return []byte("connection\x00" + c.TenantID + "\x00" + c.ID) }

func (m *Manager) openSecrets(c store.Connection) (map[string]any, error) {
	out := map[string]any{}
	if c.Secrets == "" {
		return out, nil
	}
	raw, err := m.Keyring.Open(c.Secrets, aad(&c))
	if err != nil {
		return nil, err
	}
	return out, json.Unmarshal(raw, &out)
}

func (m *Manager) view(c store.Connection) (ConnectionView, error) {
	v := ConnectionView{Connection: c, Config: map[string]any{}, SecretsSet: []string{}, WebhookURL: "/hooks/" + c.ID,
		DetailReasons: CheckProblems(c.Detail)}
	_ = json.Unmarshal([]byte(c.Config), &v.Config)
	sec, err := m.openSecrets(c)
	if err != nil {
		return v, err
	}
	for k := range sec {
		v.SecretsSet = append(v.SecretsSet, k)
	}
	return v, nil
}

// GetConnection shows one connection of the caller's tenant.
func (m *Manager) GetConnection(ctx context.Context, p tenancy.Principal, id string) (ConnectionView, error) {
	c, err := m.Store.GetConnection(ctx, p.TenantID, id)
	if err != nil {
		return ConnectionView{}, notFound(err)
	}
	return m.view(c)
}

// ListConnections lists the tenant's connections.
func (m *Manager) ListConnections(ctx context.Context, p tenancy.Principal) ([]ConnectionView, error) {
	cs, err := m.Store.ListConnections(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	out := make([]ConnectionView, 0, len(cs))
	for _, c := range cs {
		v, err := m.view(c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// DeleteConnection closes and removes a connection.
func (m *Manager) DeleteConnection(ctx context.Context, p tenancy.Principal, id string) error {
	if !p.Can(auth.RoleAdmin) {
		return apperr.NeedRole(auth.RoleAdmin)
	}
	if err := m.Store.DeleteConnection(ctx, p.TenantID, id); err != nil {
		return notFound(err)
	}
	m.closeLive(id)
	return nil
}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("connection not found")
	}
	return err
}
