package whatsappcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// templateUpdate is the value of a message_template_status_update or
// message_template_quality_update webhook change.
type templateUpdate struct {
	Event      string          `json:"event"` // APPROVED, REJECTED, PAUSED, DISABLED, …
	ID         json.RawMessage `json:"message_template_id"`
	Name       string          `json:"message_template_name"`
	Language   string          `json:"message_template_language"`
	NewQuality string          `json:"new_quality_score"`
}

// applyTemplateUpdate keeps the synced catalog current between syncs: a
// status or quality webhook updates the matching template. Without a
// synced catalog there is nothing to update; the next sync fetches all.
func (p *Plugin) applyTemplateUpdate(ctx context.Context, field string, raw json.RawMessage) error {
	var u templateUpdate
	if err := json.Unmarshal(raw, &u); err != nil {
		p.host.Log.Warn("unreadable template update skipped", "field", field, "error", err)
		return nil
	}
	p.catalogMu.Lock()
	defer p.catalogMu.Unlock()
	b, err := p.host.KV.Get(ctx, catalogKey)
	if err != nil {
		return nil // never synced (or unreadable): the next sync is complete anyway
	}
	var cat templateCatalog
	if json.Unmarshal(b, &cat) != nil {
		return nil
	}
	id := strings.Trim(string(u.ID), `"`)
	changed := false
	for i := range cat.Templates {
		t := &cat.Templates[i]
		if t.ID != id && (t.Name != u.Name || t.Language != u.Language) {
			continue
		}
		switch {
		case field == "message_template_quality_update" && u.NewQuality != "":
			t.Quality, changed = u.NewQuality, true
		case field == "message_template_status_update" && u.Event != "":
			t.Status, changed = u.Event, true
		}
	}
	if !changed {
		return nil
	}
	if b, err = json.Marshal(cat); err == nil {
		err = p.host.KV.Set(ctx, catalogKey, b, 0)
	}
	if err != nil {
		return fmt.Errorf("whatsapp-cloud: updating the templates: %w", err)
	}
	return nil
}
