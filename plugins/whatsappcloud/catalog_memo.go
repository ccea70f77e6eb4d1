package whatsappcloud

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/masteria/masteria/sdk"
)

// catalogFresh is how long a decoded template catalog is used before the
// KV is read again: another instance's sync shows within it.
const catalogFresh = 5 * time.Second

// catalogMemo keeps the decoded template catalog, so a template send does
// not read the whole catalog from the KV (a host call) and decode it each
// time: a campaign sends thousands a second. This instance's own writes
// forget it at once.
type catalogMemo struct {
	mu    sync.Mutex
	until time.Time
	known map[string]TemplateInfo // name + "\x00" + language → a template with its texts
}

// template looks name and language up, reading the catalog when the memo
// is stale.
func (m *catalogMemo) template(ctx context.Context, p *Plugin, name, language string) (TemplateInfo, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if now := p.host.Clock.Now(); m.known == nil || !now.Before(m.until) {
		known, err := readCatalog(ctx, p)
		if err != nil {
			return TemplateInfo{}, false // unreadable now (or the caller gave up): not remembered
		}
		m.known, m.until = known, now.Add(catalogFresh)
	}
	t, ok := m.known[name+"\x00"+language]
	return t, ok
}

// forget drops the memo after the catalog was written.
func (m *catalogMemo) forget() {
	m.mu.Lock()
	m.known = nil
	m.mu.Unlock()
}

// readCatalog is the stored catalog's templates that have their texts;
// none when it was never synced (or holds no catalog); an error when the
// KV could not be read.
func readCatalog(ctx context.Context, p *Plugin) (map[string]TemplateInfo, error) {
	known := map[string]TemplateInfo{}
	b, err := p.host.KV.Get(ctx, catalogKey)
	if errors.Is(err, sdk.ErrNotFound) {
		return known, nil
	}
	if err != nil {
		return nil, err
	}
	var cat templateCatalog
	if json.Unmarshal(b, &cat) != nil {
		return known, nil
	}
	for _, t := range cat.Templates {
		if t.Body != "" {
			known[t.Name+"\x00"+t.Language] = t
		}
	}
	return known, nil
}
