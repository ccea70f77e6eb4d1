package inbox

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// withoutActivity drops a thread's activity lines.
func withoutActivity(ms []store.Message) []store.Message {
	return slices.DeleteFunc(slices.Clone(ms), func(m store.Message) bool { return m.Direction == DirectionSystem })
}

// activities are a thread's activity lines, in the thread's order.
func activities(t *testing.T, ms []store.Message) []Activity {
	t.Helper()
	var out []Activity
	for _, m := range ms {
		if m.Direction != DirectionSystem {
			continue
		}
		var a Activity
		if m.Type != TypeActivity || json.Unmarshal(m.Extra, &a) != nil || m.Text != "" || m.AuthorID != a.Actor {
			t.Fatalf("activity message %+v", m)
		}
		out = append(out, a)
	}
	return out
}

func activityKinds(t *testing.T, ms []store.Message) []string {
	var kinds []string
	for _, a := range activities(t, ms) {
		kinds = append(kinds, a.Kind)
	}
	return kinds
}

// TestTheThreadTellsWhoHadTheConversation: handing over, assigning,
// transferring, resolving (back to the bot, unassigned) and the
// customer's reopening each leave a line in the thread, with who did it
// and to whom; the lines are not sent, not unread, not the preview.
func TestTheThreadTellsWhoHadTheConversation(t *testing.T) {
	s, owner := newService(t)
	ctx := context.Background()
	tick := time.Now().Add(-time.Hour)
	s.Clock = func() time.Time { tick = tick.Add(time.Millisecond); return tick }
	maria, joao := addAgent(t, s, owner, "maria"), addAgent(t, s, owner, "joao")
	asMaria := tenancy.Principal{TenantID: owner.TenantID, UserID: maria, Role: auth.RoleAgent}
	r, err := s.Receive(ctx, owner.TenantID, whatsapp("5511987654321", "wamid.1", "quero falar com alguém", s.Clock.Now()))
	must(t, err)
	id := r.Conversation.ID
	events(t, s.Store)

	_, err = s.Handoff(ctx, System(owner.TenantID), id, HandoffInput{}) // the bot hands over; nobody is online
	must(t, err)
	_, err = s.Assign(ctx, asMaria, id, maria)
	must(t, err)
	_, err = s.Assign(ctx, asMaria, id, joao) // Maria transfers to João
	must(t, err)
	_, err = s.SetStatus(ctx, asMaria, id, StatusPending)
	must(t, err)
	_, err = s.Label(ctx, asMaria, id, "vip", true) // no line
	must(t, err)
	c, err := s.SetStatus(ctx, asMaria, id, StatusResolved)
	must(t, err)
	if c.Handler != HandlerBot || c.AssigneeID != "" {
		t.Fatalf("resolved: handler %s, assignee %q; want the bot's, unassigned", c.Handler, c.AssigneeID)
	}
	if ev := events(t, s.Store); !slices.Contains(ev, "conversation.released") || !slices.Contains(ev, "message.activity") || slices.Contains(ev, "message.received") {
		t.Fatalf("events: %v", ev)
	}
	_, err = s.Receive(ctx, owner.TenantID, whatsapp("5511987654321", "wamid.2", "voltei", s.Clock.Now()))
	must(t, err)

	msgs, _, err := s.Messages(ctx, owner, id, store.Page{})
	must(t, err)
	slices.Reverse(msgs)
	want := []Activity{
		{Kind: ActivityHandoff, Actor: "system"},
		{Kind: ActivityAssigned, Actor: maria, Params: map[string]string{"to": maria}},
		{Kind: ActivityAssigned, Actor: maria, Params: map[string]string{"from": maria, "to": joao}},
		{Kind: ActivityPending, Actor: maria},
		{Kind: ActivityResolved, Actor: maria, Params: map[string]string{"assignee": joao}},
		{Kind: ActivityReopened, Actor: r.Contact.ID},
	}
	got := activities(t, msgs)
	if len(got) != len(want) {
		t.Fatalf("activities %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].Actor != want[i].Actor || !mapsEqual(got[i].Params, want[i].Params) {
			t.Fatalf("activity %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if last := msgs[len(msgs)-1]; last.Direction != DirectionSystem || msgs[len(msgs)-2].Text != "voltei" {
		t.Fatalf("the reopening follows the customer's message: %+v", msgs[len(msgs)-2:])
	}
	conv, err := s.Get(ctx, owner, id)
	must(t, err)
	if conv.Preview != "voltei" || conv.Unread != 2 || conv.Status != StatusOpen {
		t.Fatalf("lines counted as messages: preview %q, unread %d, status %s", conv.Preview, conv.Unread, conv.Status)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestAnAgentsReplyTakesTheConversationFromTheBot: replying where the bot
// has the conversation hands it to the agent (assigned, a line, the
// handoff event), so the flows stop answering beside them; a second reply
// changes nothing, and an integration's reply (an API key) leaves the bot
// in charge.
func TestAnAgentsReplyTakesTheConversationFromTheBot(t *testing.T) {
	s, owner := newService(t)
	ctx := context.Background()
	maria := addAgent(t, s, owner, "maria")
	asMaria := tenancy.Principal{TenantID: owner.TenantID, UserID: maria, Role: auth.RoleAgent}
	r, err := s.Receive(ctx, owner.TenantID, whatsapp("5511987654321", "wamid.1", "vocês entregam em BH?", time.Now()))
	must(t, err)
	id := r.Conversation.ID
	events(t, s.Store)

	asKey := tenancy.Principal{TenantID: owner.TenantID, APIKeyID: "key_1", Role: auth.RoleAgent}
	_, err = s.Reply(ctx, asKey, id, ReplyInput{Text: "resposta automática"})
	must(t, err)
	c, err := s.Get(ctx, owner, id)
	must(t, err)
	if c.Handler != HandlerBot || c.AssigneeID != "" {
		t.Fatalf("after an API key's reply: handler %s, assignee %q", c.Handler, c.AssigneeID)
	}
	events(t, s.Store)

	_, err = s.Reply(ctx, asMaria, id, ReplyInput{Text: "Entregamos sim!"})
	must(t, err)
	_, err = s.Reply(ctx, asMaria, id, ReplyInput{Text: "Em até 3 dias úteis."})
	must(t, err)
	c, err = s.Get(ctx, owner, id)
	must(t, err)
	if c.Handler != HandlerHuman || c.AssigneeID != maria {
		t.Fatalf("after Maria's reply: handler %s, assignee %q; want human, Maria", c.Handler, c.AssigneeID)
	}
	handoffs := 0
	ev := events(t, s.Store)
	for _, e := range ev {
		if e == "conversation.handoff" {
			handoffs++
		}
	}
	if handoffs != 1 {
		t.Fatalf("events %v: want one conversation.handoff", ev)
	}
	msgs, _, err := s.Messages(ctx, owner, id, store.Page{})
	must(t, err)
	got := activities(t, msgs)
	if len(got) != 1 || got[0].Kind != ActivityHandoff || got[0].Actor != maria || got[0].Params["to"] != maria {
		t.Fatalf("activities %+v, want Maria's one handoff to herself", got)
	}

	// Resolved, it is the bot's again; Maria's next reply opens it as hers.
	_, err = s.SetStatus(ctx, asMaria, id, StatusResolved)
	must(t, err)
	_, err = s.Reply(ctx, asMaria, id, ReplyInput{Text: "Seu pedido chegou?"})
	must(t, err)
	c, err = s.Get(ctx, owner, id)
	must(t, err)
	if c.Status != StatusOpen || c.Handler != HandlerHuman || c.AssigneeID != maria {
		t.Fatalf("a reply to a resolved conversation: %s, %s, %q; want open, human, Maria", c.Status, c.Handler, c.AssigneeID)
	}
}

// TestAHandoffOfAResolvedConversationIsOneLine: handing over a resolved
// conversation reopens it, and its thread says so in one line, the
// handoff's (an agent's taking over, or the bot's), not a "reopened" line
// beside it.
func TestAHandoffOfAResolvedConversationIsOneLine(t *testing.T) {
	s, owner := newService(t)
	ctx := context.Background()
	tick := time.Now().Add(-time.Hour) // lines in one millisecond would order by their IDs' random bits
	s.Clock = func() time.Time { tick = tick.Add(time.Millisecond); return tick }
	maria := addAgent(t, s, owner, "maria")
	asMaria := tenancy.Principal{TenantID: owner.TenantID, UserID: maria, Role: auth.RoleAgent}
	for _, c := range []struct {
		from string
		by   tenancy.Principal
		want Activity
	}{
		{"5511987654401", asMaria, Activity{Kind: ActivityHandoff, Actor: maria, Params: map[string]string{"to": maria}}},
		{"5511987654402", System(owner.TenantID), Activity{Kind: ActivityHandoff, Actor: "system"}},
	} {
		r, err := s.Receive(ctx, owner.TenantID, whatsapp(c.from, "wamid."+c.from, "oi", s.Clock.Now()))
		must(t, err)
		_, err = s.SetStatus(ctx, asMaria, r.Conversation.ID, StatusResolved)
		must(t, err)
		conv, err := s.Handoff(ctx, c.by, r.Conversation.ID, HandoffInput{})
		must(t, err)
		if conv.Status != StatusOpen || conv.Handler != HandlerHuman {
			t.Fatalf("handed over: %s, %s", conv.Status, conv.Handler)
		}
		msgs, _, err := s.Messages(ctx, owner, r.Conversation.ID, store.Page{})
		must(t, err)
		slices.Reverse(msgs)
		got := activities(t, msgs)
		if len(got) != 2 || got[0].Kind != ActivityResolved || got[1].Kind != c.want.Kind || got[1].Actor != c.want.Actor ||
			!mapsEqual(got[1].Params, c.want.Params) {
			t.Fatalf("the thread's lines: %+v, want resolved then %+v", got, c.want)
		}
	}
}
