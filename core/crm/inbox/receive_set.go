package inbox

import (
	"context"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// receiveSet stores a batch of inbound messages in one transaction, each
// step for the whole batch at once: find the senders, find their
// conversations, insert the messages, touch the conversations, emit the
// events. A statement per step instead of one per message per step is what
// lets one SQLite writer keep up with a burst. What the set statements
// cannot settle goes one message at a time, in arrival order, so later
// messages see what earlier ones made: a sender who is new or shows an
// address their contact lacks (contacts.Resolve), a contact's first
// conversation on the connection (ConversationFor), a redelivery (the
// insert skips it and the stored message answers).
//
// Each message's events follow the contact.created and
// conversation.created they need; every message.received of the batch
// comes last, with the conversation as the whole batch left it.
func (s *Service) receiveSet(ctx context.Context, q store.Queries, batch []*pendingReceive) error {
	for _, ps := range byTenant(batch) {
		if err := s.receiveTenant(ctx, q, ps[0].tenantID, ps); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) receiveTenant(ctx context.Context, q store.Queries, tenantID string, ps []*pendingReceive) error {
	for _, p := range ps {
		p.out = Received{}
	}
	if err := senders(ctx, q, tenantID, ps); err != nil {
		return err
	}
	if err := conversationsOf(ctx, q, tenantID, ps); err != nil {
		return err
	}
	fresh, err := insertMessages(ctx, q, tenantID, ps)
	if err != nil || len(fresh) == 0 {
		return err
	}
	if err := s.markReplies(ctx, q, tenantID, fresh); err != nil {
		return err
	}
	msgs := make([]store.Message, len(fresh))
	for i, p := range fresh {
		msgs[i] = p.out.Message
	}
	touched, err := q.TouchConversations(ctx, msgs)
	if err != nil {
		return err
	}
	if err := s.reopened(ctx, q, fresh, touched); err != nil {
		return err
	}
	events := make([]store.Event, len(fresh))
	for i, p := range fresh {
		conv := touched[p.out.Message.ConversationID]
		conv.Labels = p.out.Conversation.Labels
		p.out.Conversation = s.withWindow(conv)
		if events[i], err = receivedEvent(tenantID, p); err != nil {
			return err
		}
	}
	return q.EmitAll(ctx, events)
}

// reopened records, in the thread of each conversation the customer's
// message reopened (it was resolved or pending, as conversationsOf read
// it, and the touch left it open), that the contact reopened it. Only a
// reopening costs a statement. A conversation the customer never wrote in
// (a campaign's, which starts resolved) is not reopened by their first
// message: it begins there.
func (s *Service) reopened(ctx context.Context, q store.Queries, fresh []*pendingReceive, touched map[string]store.Conversation) error {
	done := map[string]bool{}
	for _, p := range fresh {
		was, now := p.out.Conversation, touched[p.out.Message.ConversationID]
		if was.Status == StatusOpen || was.LastInboundAt == nil || now.Status != StatusOpen || done[now.ID] {
			continue
		}
		done[now.ID] = true
		if err := s.record(ctx, q, now, Activity{Kind: ActivityReopened, Actor: now.ContactID}); err != nil {
			return err
		}
	}
	return nil
}

// ReplyHorizon is how long after a campaign's send a contact's message
// counts as its reply.
const ReplyHorizon = 7 * 24 * time.Hour

// markReplies credits the new messages as replies to the campaign sends
// their contacts had in the last ReplyHorizon (campaign_sends.replied_at),
// in the transaction that stores them: one query for the batch finds the
// few contacts a campaign wrote to.
func (s *Service) markReplies(ctx context.Context, q store.Queries, tenantID string, fresh []*pendingReceive) error {
	var from []string
	seen := map[string]bool{}
	for _, p := range fresh {
		if id := p.out.Contact.ID; id != "" && !seen[id] {
			seen[id] = true
			from = append(from, id)
		}
	}
	now := s.Clock.Now()
	since := now.Add(-ReplyHorizon)
	toMark, err := q.ContactsToMark(ctx, tenantID, "replied_at", since, from)
	if err != nil {
		return err
	}
	for _, id := range from {
		if toMark[id] {
			if _, err := q.MarkContactSends(ctx, tenantID, id, "replied_at", since, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// senders finds every sender's contact in one query per address kind;
// contacts.Resolve handles those it cannot settle.
func senders(ctx context.Context, q store.Queries, tenantID string, ps []*pendingReceive) error {
	idents := make([]store.Identity, len(ps))
	for i, p := range ps {
		idents[i] = p.in.sender.Identity()
	}
	found, err := q.FindContacts(ctx, tenantID, idents)
	if err != nil {
		return err
	}
	resolved := map[string]store.Contact{} // by ID: as an earlier message left it
	for i, p := range ps {
		c := found[i]
		if later, ok := resolved[c.ID]; ok {
			c = later
		}
		if c.ID == "" || !contacts.Covers(c, p.in.sender) {
			if c, _, err = contacts.Resolve(ctx, q, tenantID, p.in.sender); err != nil {
				return err
			}
			resolved[c.ID] = c
		}
		p.out.Contact = c
	}
	return nil
}

// conversationsOf finds each message's conversation in one query and
// creates the missing ones.
func conversationsOf(ctx context.Context, q store.Queries, tenantID string, ps []*pendingReceive) error {
	keys := make([]store.Conversation, len(ps))
	for i, p := range ps {
		keys[i] = store.Conversation{ID: ids.New("cnv"), TenantID: tenantID, ContactID: p.out.Contact.ID,
			ConnectionID: p.in.ConnectionID, Channel: p.in.Channel, Status: StatusOpen, Handler: HandlerBot, CreatedAt: p.in.at}
	}
	found, err := q.ConversationsOf(ctx, tenantID, keys)
	if err != nil {
		return err
	}
	made := map[[2]string]store.Conversation{}
	for i, p := range ps {
		conv, key := found[i], [2]string{keys[i].ContactID, keys[i].ConnectionID}
		if conv.ID == "" {
			conv = made[key]
		}
		if conv.ID == "" {
			var created bool
			if conv, created, err = q.ConversationFor(ctx, keys[i]); err != nil {
				return err
			}
			if created {
				if err := crm.Emit(ctx, q, tenantID, bus.EventConversationCreated, event(conv, conv.ContactID)); err != nil {
					return err
				}
			}
			made[key] = conv
		}
		p.out.Conversation = conv
	}
	return nil
}

// insertMessages stores the messages and returns the pending receives
// whose message went in; a redelivery is answered with the stored one.
// (Its sender and conversation already existed, so nothing changed; only
// a redelivery through a second connection of the same number would leave
// that connection an empty conversation.)
func insertMessages(ctx context.Context, q store.Queries, tenantID string, ps []*pendingReceive) ([]*pendingReceive, error) {
	msgs := make([]store.Message, len(ps))
	for i, p := range ps {
		msgs[i] = inboundMessage(tenantID, p.out.Conversation, p.in.Inbound, p.in.at)
	}
	inserted, err := q.InsertMessages(ctx, msgs)
	if err != nil {
		return nil, err
	}
	fresh := make([]*pendingReceive, 0, len(ps))
	for i, p := range ps {
		if !inserted[i] {
			if err := duplicate(ctx, q, tenantID, p.in.Message.ProviderMessageID, &p.out); err != nil {
				return nil, err
			}
			continue
		}
		p.out.Message = msgs[i]
		fresh = append(fresh, p)
	}
	return fresh, nil
}

// receivedEvent is the message.received event of a stored message.
func receivedEvent(tenantID string, p *pendingReceive) (store.Event, error) {
	r, in := p.out, p.in
	// go-json: encoding/json took ~10 µs here, inside the one writer's
	// transaction (RATIONALE.md, "JSON on the inbound path").
	body, err := gojson.Marshal(receivedPayload{
		Channel: in.Channel, ConnectionID: in.ConnectionID, Contact: r.Contact, ContactID: r.Contact.ID,
		Conversation: r.Conversation, ConversationID: r.Conversation.ID,
		Message: flowMessage{Message: r.Message, Channel: in.Channel, From: in.Message.From, MediaURL: mediaURL(r.Message), ConnectionID: in.ConnectionID}})
	return store.Event{TenantID: tenantID, Type: bus.EventMessageReceived, MsgID: ids.New("evt"), Payload: body}, err
}

// receivedPayload is message.received's body (a struct, not a map: it is
// encoded inside the one writer's transaction, and a map's keys are sorted
// on every encoding).
type receivedPayload struct {
	Channel        string             `json:"channel"`
	ConnectionID   string             `json:"connection_id"`
	Contact        store.Contact      `json:"contact"`
	ContactID      string             `json:"contact_id"`
	Conversation   store.Conversation `json:"conversation"`
	ConversationID string             `json:"conversation_id"`
	Message        flowMessage        `json:"message"`
}

// byTenant splits a batch by tenant, in order of first arrival.
func byTenant(batch []*pendingReceive) [][]*pendingReceive {
	at := map[string]int{}
	var out [][]*pendingReceive
	for _, p := range batch {
		i, ok := at[p.tenantID]
		if !ok {
			i = len(out)
			at[p.tenantID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], p)
	}
	return out
}
