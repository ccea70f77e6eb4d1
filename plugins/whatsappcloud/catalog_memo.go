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

// catalogRetry is how long after a failed fetch of a never-synced
// catalog the next template send tries again (the template management
// API is rate limited).
const catalogRetry = time.Minute

// catalogMemo keeps the decoded template catalog, so a template send does
// not read the whole catalog from the KV (a host call) and decode it each
// time: a campaign sends thousands a second. This instance's own writes
// forget it at once.
type catalogMemo struct {
	mu     sync.Mutex
	until  time.Time
	known  map[string]TemplateInfo // name + "\x00" + language → a template with its texts
	stored bool                    // the KV holds a catalog
	// nextFetch is when a template send may next fetch a catalog that was
	// never synced: one send fetches, the others meanwhile go unchecked.
	nextFetch time.Time
}

// template looks name and language up, reading the catalog when the memo
// is stale. A connection whose catalog was never synced has it fetched by
// its first template send, so sends are checked and their text known
// without anyone opening the template list first.
func (m *catalogMemo) template(ctx context.Context, p *Plugin, name, language string) (TemplateInfo, bool) {
	t, ok, fetch := m.lookup(ctx, p, name, language)
	if !fetch {
		return t, ok
	}
	if _, err := p.sync(ctx); err != nil {
		p.host.Log.Warn("fetching the template catalog for a send", "error", err)
		return TemplateInfo{}, false
	}
	t, ok, _ = m.lookup(ctx, p, name, language)
	return t, ok
}

// lookup is template on the memo alone; fetch says the catalog was never
// synced and this caller is to fetch it.
func (m *catalogMemo) lookup(ctx context.Context, p *Plugin, name, language string) (t TemplateInfo, ok, fetch bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := p.host.Clock.Now()
	if m.known == nil || !now.Before(m.until) {
		known, stored, err := readCatalog(ctx, p)
		if err != nil {
			return TemplateInfo{}, false, false // unreadable now (or the caller gave up): not remembered
		}
		m.known, m.stored, m.until = known, stored, now.Add(catalogFresh)
	}
	if !m.stored && !now.Before(m.nextFetch) {
		m.nextFetch = now.Add(catalogRetry)
		return TemplateInfo{}, false, true
	}
	t, ok = m.known[name+"\x00"+language]
	return t, ok, false
}

// forget drops the memo after the catalog was written.
func (m *catalogMemo) forget() {
	m.mu.Lock()
	m.known = nil
	m.mu.Unlock()
}

// readCatalog is the stored catalog's templates that have their texts;
// none, and stored false, when it was never synced; an error when the KV
// could not be read.
func readCatalog(ctx context.Context, p *Plugin) (known map[string]TemplateInfo, stored bool, err error) {
	known = map[string]TemplateInfo{}
	b, err := p.host.KV.Get(ctx, catalogKey)
	if errors.Is(err, sdk.ErrNotFound) {
		return known, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var cat templateCatalog
	if json.Unmarshal(b, &cat) != nil {
		return known, true, nil // a damaged catalog waits for a sync rather than one per send
	}
	for _, t := range cat.Templates {
		if t.Body != "" {
			known[t.Name+"\x00"+t.Language] = t
		}
	}
	return known, true, nil
}
