package inbox

import (
	"context"
	"encoding/json"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Activity kinds: what happened to a conversation, as its thread shows it.
const (
	ActivityAssigned   = "assigned"   // params: to; from when it was someone else's (a transfer)
	ActivityUnassigned = "unassigned" // params: from
	ActivityHandoff    = "handoff"    // the bot (or an agent) gave it to people; params: to when assigned (reopening it when resolved)
	ActivityReleased   = "released"   // handed back to the bot
	ActivityResolved   = "resolved"
	ActivityPending    = "pending"
	ActivityReopened   = "reopened" // by an agent, or by the contact's message (actor: the contact's ID)
)

// Activity is the payload of an activity message (direction "system",
// type "activity", in Extra): a kind, who did it (a user ID, an API key
// ID, "system" for the bot and flows, or the contact's ID) and the values
// the dashboard words it with (user IDs). No text: the dashboard words it
// in the reader's language.
type Activity struct {
	Kind   string            `json:"kind"`
	Actor  string            `json:"actor"`
	Params map[string]string `json:"params,omitempty"`
}

// Activity messages: stored in the thread, never sent, never unread,
// never the preview, never a flow's trigger (no message.received).
const (
	DirectionSystem = "system"
	TypeActivity    = "activity"
)

// activityMessage is a as a message of c at at.
func activityMessage(c store.Conversation, a Activity, at time.Time) store.Message {
	extra, _ := json.Marshal(a)
	return store.Message{ID: ids.New("msg"), TenantID: c.TenantID, ConversationID: c.ID, ContactID: c.ContactID,
		Direction: DirectionSystem, Type: TypeActivity, Extra: extra, AuthorID: a.Actor, CreatedAt: at, StatusAt: at}
}

// record stores the activities in c's thread and emits message.activity
// for each (the dashboard's open thread shows them at once).
func (s *Service) record(ctx context.Context, q store.Queries, c store.Conversation, as ...Activity) error {
	now := s.Clock.Now()
	for _, a := range as {
		m := activityMessage(c, a, now)
		if _, err := q.InsertMessage(ctx, m); err != nil {
			return err
		}
		if err := crm.Emit(ctx, q, c.TenantID, bus.EventMessageActivity, map[string]any{"message": m}); err != nil {
			return err
		}
	}
	return nil
}

// changes are the activities between a conversation before (was) and
// after (now) an agent's or a flow's change by actor.
func changes(was, now store.Conversation, actor string) []Activity {
	var out []Activity
	add := func(kind string, params map[string]string) {
		out = append(out, Activity{Kind: kind, Actor: actor, Params: params})
	}
	if now.Status == StatusResolved && was.Status != StatusResolved {
		// One line: resolving also hands it back to the bot (SetStatus);
		// who had it stays in the line.
		if was.AssigneeID != "" {
			add(ActivityResolved, map[string]string{"assignee": was.AssigneeID})
		} else {
			add(ActivityResolved, nil)
		}
		return out
	}
	handedOff := was.Handler != HandlerHuman && now.Handler == HandlerHuman
	switch {
	case handedOff && now.AssigneeID != "":
		add(ActivityHandoff, map[string]string{"to": now.AssigneeID})
	case handedOff:
		add(ActivityHandoff, nil)
	case was.Handler == HandlerHuman && now.Handler == HandlerBot:
		add(ActivityReleased, nil)
	}
	switch {
	case handedOff || was.AssigneeID == now.AssigneeID:
	case now.AssigneeID == "":
		add(ActivityUnassigned, map[string]string{"from": was.AssigneeID})
	case was.AssigneeID == "":
		add(ActivityAssigned, map[string]string{"to": now.AssigneeID})
	default:
		add(ActivityAssigned, map[string]string{"from": was.AssigneeID, "to": now.AssigneeID})
	}
	// A handoff of a resolved conversation reopens it too: its one line
	// says so (a handoff always leaves it open, under the line that said it
	// was resolved), not a "reopened" line beside it.
	if was.Status != now.Status && !handedOff {
		switch now.Status {
		case StatusPending:
			add(ActivityPending, nil)
		default:
			add(ActivityReopened, nil)
		}
	}
	return out
}
