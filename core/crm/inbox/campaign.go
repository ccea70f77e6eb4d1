package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
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
}

// Posted records a batch of sent campaign messages, one transaction for
// the batch: each contact's conversation on the sending connection is
// found (or made, open), the messages are inserted (a provider message ID
// already stored is skipped), and the conversations' last message and
// preview move; unread and a resolved status do not (they are outbound).
func (c CampaignSends) Posted(ctx context.Context, sent []store.Send) error {
	type pending struct {
		conv store.Conversation
		msg  store.Message
	}
	byTenant := map[string][]*pending{}
	var tenants []string
	conns := map[string][]store.Connection{}
	skipped := 0
	for _, r := range sent {
		if r.ProviderMessageID == "" || r.ContactID == "" {
			continue
		}
		all, ok := conns[r.TenantID]
		if !ok {
			var err error
			if all, err = c.Inbox.Store.ListConnections(ctx, r.TenantID); err != nil {
				return err
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
		byTenant[r.TenantID] = append(byTenant[r.TenantID], &pending{
			conv: store.Conversation{ID: ids.New("cnv"), TenantID: r.TenantID, ContactID: r.ContactID, ConnectionID: conn.ID,
				Channel: r.Channel, Status: StatusOpen, Handler: HandlerBot, CreatedAt: at},
			msg: m,
		})
	}
	if len(byTenant) > 0 {
		err := c.Inbox.Store.Tx(ctx, func(q store.Queries) error {
			for _, tenantID := range tenants {
				ps := byTenant[tenantID]
				if len(ps) == 0 {
					continue
				}
				keys := make([]store.Conversation, len(ps))
				for i, p := range ps {
					keys[i] = p.conv
				}
				found, err := q.ConversationsOf(ctx, tenantID, keys)
				if err != nil {
					return err
				}
				made := map[[2]string]store.Conversation{}
				msgs := make([]store.Message, 0, len(ps))
				channels := map[string]string{} // conversation ID → channel
				for i, p := range ps {
					conv, key := found[i], [2]string{p.conv.ContactID, p.conv.ConnectionID}
					if conv.ID == "" {
						conv = made[key]
					}
					if conv.ID == "" {
						var created bool
						conv, created, err = q.ConversationFor(ctx, p.conv)
						if errors.Is(err, store.ErrNotFound) {
							continue // the contact was erased
						}
						if err != nil {
							return err
						}
						if created {
							if err := crm.Emit(ctx, q, tenantID, bus.EventConversationCreated, event(conv, "campaign")); err != nil {
								return err
							}
						}
						made[key] = conv
					}
					p.msg.ConversationID, channels[conv.ID] = conv.ID, conv.Channel
					msgs = append(msgs, p.msg)
				}
				inserted, err := q.InsertMessages(ctx, msgs)
				if err != nil {
					return err
				}
				fresh := msgs[:0]
				for i, m := range msgs {
					if inserted[i] {
						fresh = append(fresh, m)
					}
				}
				if len(fresh) == 0 {
					continue
				}
				if _, err := q.TouchConversations(ctx, fresh); err != nil {
					return err
				}
				events := make([]store.Event, len(fresh))
				for i, m := range fresh {
					body, err := json.Marshal(map[string]any{"message": m, "conversation_id": m.ConversationID,
						"contact_id": m.ContactID, "channel": channels[m.ConversationID]})
					if err != nil {
						return err
					}
					events[i] = store.Event{TenantID: tenantID, Type: bus.EventMessageSent, MsgID: ids.New("evt"), Payload: body}
				}
				if err := q.EmitAll(ctx, events); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if skipped > 0 {
		return fmt.Errorf("%d sent messages name no connection of their workspace", skipped)
	}
	return nil
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
		Text: campaignText(kind, in), ProviderMessageID: r.ProviderMessageID, Status: "sent", CreatedAt: at, StatusAt: at}
	if md, ok := in["media"].(map[string]any); ok {
		str := func(k string) string { v, _ := md[k].(string); return v }
		m.Media = &store.MediaLink{Type: str("type"), Link: str("link"), ID: str("id"), Filename: str("filename"),
			Caption: str("caption"), BlobID: str("blob_id")}
	}
	m.Extra, _ = json.Marshal(campaignExtra{CampaignID: r.CampaignID, SendID: r.ID, Step: r.Step})
	return m
}

// campaignText is what the thread shows for a campaign's message.
func campaignText(kind string, in map[string]any) string {
	t, ok := in["template"].(map[string]any)
	if !ok {
		return botText(kind, in)
	}
	name, _ := t["name"].(string)
	text := "[" + name + "]"
	vars, _ := t["variables"].(map[string]any)
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { // "2" before "10"
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
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
