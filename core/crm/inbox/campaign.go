package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// CampaignSends records the messages campaigns sent in the contacts'
// threads (direction out, no author, Extra naming the campaign), so a
// reply shows after what it answers and later delivery reports find the
// message. Its Posted is the campaigns Service's Posted.
type CampaignSends struct {
	Inbox *Service
	// PluginOf names the plugin serving a send action ("whatsapp.send"):
	// a send naming no connection went out on the tenant's first
	// connection of that plugin (as the plugin manager picks it). Nil:
	// the first connection of any plugin the channel's sends name.
	PluginOf func(actionID string) string
}

// campaignExtra marks a message a campaign sent.
type campaignExtra struct {
	CampaignID string `json:"campaign_id"`
	SendID     string `json:"campaign_send_id"`
	Step       string `json:"campaign_step,omitempty"`
	// Held: the provider holds the message (store.HeldMark).
	Held bool `json:"held_for_quality_assessment,omitempty"`
}

// Posted records a batch of sent campaign messages, one transaction for
// the batch: each contact's conversation on the sending connection is
// found (or made, resolved: a mass campaign does not fill the agents'
// queue; the contact's reply reopens it), the messages are inserted (a provider message ID
// already stored is skipped), and the conversations' last message and
// preview move; unread and a resolved status do not (they are outbound).
// A status the send took before its copy existed is applied to the copy
// (catchUp).
func (c CampaignSends) Posted(ctx context.Context, sent []store.Send) error {
	byTenant, tenants, skipped, err := c.pending(ctx, sent)
	if err != nil {
		return err
	}
	if len(tenants) > 0 {
		err = c.Inbox.Store.Tx(ctx, func(q store.Queries) error {
			for _, tenantID := range tenants {
				if err := postTenant(ctx, q, tenantID, byTenant[tenantID]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err == nil && skipped > 0 {
		err = fmt.Errorf("%d sent messages name no connection of their workspace", skipped)
	}
	return err
}

// posting is a sent campaign message on its way into a thread.
type posting struct {
	conv   store.Conversation // the key (contact, connection); the thread once found
	msg    store.Message
	sendID string
}

// pending turns the sent rows into postings by tenant, in order of first
// appearance; rows whose connection is not found are counted as skipped.
func (c CampaignSends) pending(ctx context.Context, sent []store.Send) (map[string][]*posting, []string, int, error) {
	byTenant := map[string][]*posting{}
	conns := map[string][]store.Connection{}
	var tenants []string
	skipped := 0
	for _, r := range sent {
		if r.ProviderMessageID == "" || r.ContactID == "" {
			continue
		}
		all, ok := conns[r.TenantID]
		if !ok {
			var err error
			if all, err = c.Inbox.Store.ListConnections(ctx, r.TenantID); err != nil {
				return nil, nil, 0, err
			}
			conns[r.TenantID] = all
			tenants = append(tenants, r.TenantID)
		}
		conn, ok := c.connection(all, r.Channel, r.Sender)
		if !ok {
			skipped++
			continue
		}
		at := c.Inbox.Clock.Now()
		if r.SentAt != nil {
			at = *r.SentAt
		}
		m := campaignMessage(r, at)
		m.ID = ids.New("msg")
		byTenant[r.TenantID] = append(byTenant[r.TenantID], &posting{msg: m, sendID: r.ID,
			conv: store.Conversation{ID: ids.New("cnv"), TenantID: r.TenantID, ContactID: r.ContactID, ConnectionID: conn.ID,
				Channel: r.Channel, Status: StatusResolved, Handler: HandlerBot, CreatedAt: at}})
	}
	slices.Sort(tenants) // sends locked tenant by tenant, in the order the ledger locks them
	return byTenant, tenants, skipped, nil
}

// postTenant records one tenant's postings: threads, messages, touches
// and message.sent events, a statement per step.
func postTenant(ctx context.Context, q store.Queries, tenantID string, ps []*posting) error {
	ps, err := threads(ctx, q, tenantID, ps)
	if err != nil || len(ps) == 0 {
		return err
	}
	msgs := make([]store.Message, len(ps))
	for i, p := range ps {
		p.msg.ConversationID = p.conv.ID
		msgs[i] = p.msg
	}
	inserted, err := q.InsertMessages(ctx, msgs)
	if err != nil {
		return err
	}
	var fresh []store.Message
	var events []store.Event
	var sendIDs []string
	for i, m := range msgs {
		if !inserted[i] {
			continue
		}
		sendIDs = append(sendIDs, ps[i].sendID)
		body, err := json.Marshal(map[string]any{"message": m, "conversation_id": m.ConversationID,
			"contact_id": m.ContactID, "channel": ps[i].conv.Channel})
		if err != nil {
			return err
		}
		fresh = append(fresh, m)
		events = append(events, store.Event{TenantID: tenantID, Type: bus.EventMessageSent, MsgID: ids.New("evt"), Payload: body})
	}
	if len(fresh) == 0 {
		return nil
	}
	if _, err := q.TouchConversations(ctx, fresh); err != nil {
		return err
	}
	if err := q.EmitAll(ctx, events); err != nil {
		return err
	}
	return catchUp(ctx, q, tenantID, sendIDs)
}

// threads finds each posting's conversation, making the missing ones in
// one statement (with conversation.created), and returns the postings
// that have one (a contact erased meanwhile has none).
func threads(ctx context.Context, q store.Queries, tenantID string, ps []*posting) ([]*posting, error) {
	keys := make([]store.Conversation, len(ps))
	for i, p := range ps {
		keys[i] = p.conv
	}
	found, err := q.ConversationsOf(ctx, tenantID, keys)
	if err != nil {
		return nil, err
	}
	var missing []store.Conversation
	for i := range ps {
		if found[i].ID == "" {
			missing = append(missing, keys[i])
		}
	}
	if len(missing) > 0 {
		if found, err = madeThreads(ctx, q, tenantID, keys, missing); err != nil {
			return nil, err
		}
	}
	kept := ps[:0]
	for i, p := range ps {
		if found[i].ID != "" {
			p.conv = found[i]
			kept = append(kept, p)
		}
	}
	return kept, nil
}

// madeThreads creates the missing conversations, announces the ones it
// made, and reads every key's conversation again.
func madeThreads(ctx context.Context, q store.Queries, tenantID string, keys, missing []store.Conversation) ([]store.Conversation, error) {
	made, err := q.CreateConversations(ctx, missing)
	if err != nil {
		return nil, err
	}
	found, err := q.ConversationsOf(ctx, tenantID, keys)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]store.Conversation, len(found))
	for _, f := range found {
		byID[f.ID] = f
	}
	var events []store.Event
	for i, c := range missing {
		f, ok := byID[c.ID]
		if !made[i] || !ok {
			continue
		}
		body, err := json.Marshal(event(f, tenancy.SystemActor))
		if err != nil {
			return nil, err
		}
		events = append(events, store.Event{TenantID: tenantID, Type: bus.EventConversationCreated, MsgID: ids.New("evt"), Payload: body})
	}
	return found, q.EmitAll(ctx, events)
}

// connection is the connection a send went out on: the one it names, or
// the tenant's first (by name, as listed) of the channel's send plugin.
func (c CampaignSends) connection(all []store.Connection, channel, name string) (store.Connection, bool) {
	plugin := ""
	if c.PluginOf != nil {
		plugin = c.PluginOf(sendActionOf[channel])
	}
	for _, conn := range all {
		if plugin != "" && conn.PluginID != plugin {
			continue
		}
		if name == "" || strings.EqualFold(conn.Name, name) {
			return conn, true
		}
	}
	return store.Connection{}, false
}

// campaignMessage is a sent campaign row as a thread message: its text
// is the rendered text, a template's name and variables, or a media
// caption.
func campaignMessage(r store.Send, at time.Time) store.Message {
	var in map[string]any
	_ = json.Unmarshal(r.Payload, &in)
	kind, _ := in["kind"].(string)
	if kind == "" {
		kind = "text"
	}
	m := store.Message{TenantID: r.TenantID, ContactID: r.ContactID, Direction: "out", Type: kind,
		Text: campaignText(kind, in, r.Text), ProviderMessageID: r.ProviderMessageID, Status: "sent", CreatedAt: at, StatusAt: at}
	if md, ok := in["media"].(map[string]any); ok {
		str := func(k string) string { v, _ := md[k].(string); return v }
		m.Media = &store.MediaLink{Type: str("type"), Link: str("link"), ID: str("id"), Filename: str("filename"),
			Caption: str("caption"), BlobID: str("blob_id")}
	}
	m.Extra, _ = json.Marshal(campaignExtra{CampaignID: r.CampaignID, SendID: r.ID, Step: r.Step, Held: r.Held})
	m.Held = m.HeldNow()
	return m
}

// campaignText is what the thread shows for a campaign's message: the
// text the channel rendered for a template when it said, else the
// template's name and values.
func campaignText(kind string, in map[string]any, rendered string) string {
	t, ok := in["template"].(map[string]any)
	if !ok {
		return botText(kind, in)
	}
	if rendered != "" {
		return rendered
	}
	name, _ := t["name"].(string)
	text := "[" + name + "]"
	vars, _ := t["variables"].(map[string]any)
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { // positional by number ("2" before "10"), named by name
		a, errA := strconv.Atoi(keys[i])
		b, errB := strconv.Atoi(keys[j])
		if errA == nil && errB == nil {
			return a < b
		}
		if (errA == nil) != (errB == nil) {
			return errA == nil
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprint(vars[k]))
	}
	if len(parts) > 0 {
		text += " " + strings.Join(parts, " · ")
	}
	return text
}
