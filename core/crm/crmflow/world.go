// Package crmflow is the CRM as the flow engine sees it (engine.World):
// the contact.tag, contact.untag, contact.update, kanban.move and handoff
// steps call the same domain code as the dashboard, as the tenant's
// system principal. Domain errors come back as permanent errors (retrying
// a bad stage name cannot help); store failures stay retryable.
package crmflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/crm/kanban"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// World implements engine.World over the CRM services.
type World struct {
	Store    store.Store
	Contacts *contacts.Service
	Inbox    *inbox.Service
	Now      func() time.Time
}

// New makes a World over st.
func New(st store.Store) *World {
	return &World{Store: st, Contacts: contacts.New(st), Inbox: inbox.New(st), Now: store.Now}
}

// TagContact adds or removes a tag (contact.tag, contact.untag).
func (w *World) TagContact(ctx context.Context, tenantID, contactID, tag string, add bool) error {
	var err error
	if add {
		_, err = w.Contacts.Tag(ctx, crm.System(tenantID), contactID, tag)
	} else {
		_, err = w.Contacts.Untag(ctx, crm.System(tenantID), contactID, tag)
	}
	return classify(err)
}

// UpdateContact applies contact.update's input: name, first_name, email,
// phone and fields (custom fields by key).
func (w *World) UpdateContact(ctx context.Context, tenantID, contactID string, input map[string]any) error {
	in, err := w.input(ctx, tenantID, contactID, input)
	if err != nil {
		return classify(err)
	}
	_, err = w.Contacts.Update(ctx, crm.System(tenantID), contactID, in)
	return classify(err)
}

func (w *World) input(ctx context.Context, tenantID, contactID string, input map[string]any) (contacts.Input, error) {
	var in contacts.Input
	for k, v := range input {
		if k == "fields" {
			fields, ok := v.(map[string]any)
			if !ok {
				return in, apperr.Fields("bad contact.update input", map[string]string{"fields": "must be an object"})
			}
			in.Fields = fields
			continue
		}
		s, ok := v.(string)
		dst := map[string]**string{"name": &in.Name, "email": &in.Email, "phone": &in.Phone}[k]
		switch {
		case k == "first_name" && ok:
			name, err := w.withFirstName(ctx, tenantID, contactID, s)
			if err != nil {
				return in, err
			}
			in.Name = &name
		case dst != nil && ok:
			*dst = &s
		default:
			return in, apperr.Fields("bad contact.update input", map[string]string{k: "is not a text field of a contact"})
		}
	}
	return in, nil
}

// withFirstName replaces the first word of the contact's name.
func (w *World) withFirstName(ctx context.Context, tenantID, contactID, first string) (string, error) {
	c, err := w.Contacts.Get(ctx, crm.System(tenantID), contactID)
	if err != nil {
		return "", err
	}
	_, rest, _ := strings.Cut(strings.TrimSpace(c.Name), " ")
	return strings.TrimSpace(strings.TrimSpace(first) + " " + rest), nil
}

// MoveCard is kanban.move: the contact's card on board goes to stage,
// created the first time.
func (w *World) MoveCard(ctx context.Context, tenantID, contactID, board, stage string) (map[string]any, error) {
	m, err := kanban.Move(ctx, w.Store, tenantID, kanban.MoveRequest{ContactID: contactID, Board: board, Stage: stage, Actor: tenancy.SystemActor}, store.AsStored(w.Now()))
	if err != nil {
		return nil, classify(err)
	}
	return map[string]any{"card_id": m.Card.ID, "board": m.BoardName, "stage": m.To.Name, "from_stage": m.From.Name, "created": m.Created}, nil
}

// Handoff gives the contact's latest conversation to a human: input agent
// (a user ID; default round robin among online agents) and note. (Teams
// are not modelled yet; team is accepted and ignored.)
func (w *World) Handoff(ctx context.Context, tenantID, contactID string, input map[string]any) error {
	convs, _, err := w.Store.ListConversations(ctx, tenantID, store.ConversationFilter{ContactID: contactID, Page: store.Page{Limit: 1}})
	if err != nil {
		return err
	}
	if len(convs) == 0 {
		return sdk.Permanent(fmt.Errorf("handoff: contact %s has no conversation", contactID), string(apperr.NotFound))
	}
	agent, _ := input["agent"].(string)
	note, _ := input["note"].(string)
	_, err = w.Inbox.Handoff(ctx, crm.System(tenantID), convs[0].ID, inbox.HandoffInput{AgentID: agent, Note: note})
	return classify(err)
}

// classify marks domain errors permanent; others stay retryable.
func classify(err error) error {
	if e, ok := apperr.As(err); ok && e.Code != apperr.Unavailable && e.Code != apperr.Internal {
		return sdk.Permanent(err, string(e.Code))
	}
	return err
}

var _ engine.World = (*World)(nil)
