// Package consent tells which consent a channel send needs. A WhatsApp
// template whose category is MARKETING needs the contact's consent to the
// channel's marketing messages (store.ConsentScope(channel,
// store.ConsentMarketing)) on top of the channel's: Meta refuses it with
// 131050 to someone who stopped marketing messages, while their utility
// and authentication templates and the replies in their 24-hour window
// still go. Anything else needs the channel's consent. The category comes
// from the sending connection's template catalog, which its channel
// plugin keeps; the campaigns and the flows' sends both ask here.
package consent

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/masteria/masteria/core/store"
)

// CategoryMarketing is Meta's category of marketing templates.
const CategoryMarketing = "MARKETING"

// Categories tells a template's category (MARKETING, UTILITY,
// AUTHENTICATION) from the catalog of the connection it is sent on
// (connection: its name, or "" for the tenant's first of the channel);
// "" when the catalog does not know it.
type Categories interface {
	TemplateCategory(ctx context.Context, tenantID, connection, name, language string) (string, error)
}

// Template is the template a send names and the connection it goes on.
type Template struct {
	Connection, Name, Language string
}

// TemplateOf reads the template of a channel send action's input
// (whatsapp.send: kind "template", template {name, language},
// connection); false for any other message.
func TemplateOf(input map[string]any) (Template, bool) {
	tpl, _ := input["template"].(map[string]any)
	kind, _ := input["kind"].(string)
	if tpl == nil || kind != "" && kind != "template" {
		return Template{}, false
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	t := Template{Connection: str(input, "connection"), Name: str(tpl, "name"), Language: str(tpl, "language")}
	return t, t.Name != ""
}

// Marketing tells whether t is a marketing template; false when the
// category cannot be told (no catalog, a template it lacks): Meta then
// judges the send, and its 131050 is recorded as the opt-out it is.
func Marketing(ctx context.Context, cats Categories, tenantID string, t Template) (bool, error) {
	if cats == nil {
		return false, nil
	}
	c, err := cats.TemplateCategory(ctx, tenantID, t.Connection, t.Name, t.Language)
	return strings.EqualFold(c, CategoryMarketing), err
}

// Scope is the consent scope a send of input on channel needs: the
// channel's marketing part for a marketing template, else the channel.
// On an error the scope is the channel's, with the error to log.
func Scope(ctx context.Context, cats Categories, tenantID, channel string, input map[string]any) (string, error) {
	t, ok := TemplateOf(input)
	if !ok {
		return channel, nil
	}
	m, err := Marketing(ctx, cats, tenantID, t)
	if !m {
		return channel, err
	}
	return store.ConsentScope(channel, store.ConsentMarketing), nil
}

// Memo remembers the categories Next told for TTL, so a campaign's
// batches do not each ask the channel plugin. Errors are not remembered.
type Memo struct {
	Next Categories
	TTL  time.Duration
	Now  func() time.Time // default time.Now

	m sync.Map // key → memoEntry
}

type memoEntry struct {
	category string
	until    time.Time
}

// TemplateCategory asks Next, or answers what it told within TTL.
func (m *Memo) TemplateCategory(ctx context.Context, tenantID, connection, name, language string) (string, error) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	key := tenantID + "\x00" + connection + "\x00" + name + "\x00" + language
	if v, ok := m.m.Load(key); ok && now().Before(v.(memoEntry).until) {
		return v.(memoEntry).category, nil
	}
	c, err := m.Next.TemplateCategory(ctx, tenantID, connection, name, language)
	if err != nil {
		return "", err
	}
	m.m.Store(key, memoEntry{category: c, until: now().Add(m.TTL)})
	return c, nil
}
