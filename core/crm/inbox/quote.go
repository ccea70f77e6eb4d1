package inbox

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// threadMessage is the message with the ID in conversation c: a message
// of another conversation, or another tenant's, is not found.
func threadMessage(ctx context.Context, q store.Queries, c store.Conversation, id string) (store.Message, error) {
	m, err := q.GetMessage(ctx, c.TenantID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.ConversationID != c.ID) {
		return store.Message{}, apperr.NotFoundf("message not found")
	}
	return m, err
}

// quotedID is the provider's ID of the message id that a reply in c
// quotes. SMS has no quotes: a reply that names one is refused rather
// than sent without it, which would show the agent a quote the customer
// never saw (see core/crm/RATIONALE.md).
func quotedID(ctx context.Context, q store.Queries, c store.Conversation, id string) (string, error) {
	m, err := threadMessage(ctx, q, c, id)
	if err != nil {
		return "", err
	}
	if c.Channel != "whatsapp" {
		return "", apperr.Fields("the message cannot be sent", map[string]string{
			"reply_to": channelName(c.Channel) + " cannot quote a message: send the reply without reply_to"})
	}
	return providerID(m, "reply_to", "quoted")
}

// providerID is the provider's ID of m, which a reply quotes or a
// reaction targets (the request's field): the customer never saw a note,
// a reaction is not itself quoted or reacted to, and a message the
// provider has not accepted has no ID yet.
func providerID(m store.Message, field, verb string) (string, error) {
	switch {
	case m.Direction == "note":
		return "", apperr.Fields("the message cannot be sent", map[string]string{field: "an internal note never reached the customer: it cannot be " + verb})
	case m.Direction == DirectionSystem:
		return "", apperr.Fields("the message cannot be sent", map[string]string{field: "an activity line of the thread cannot be " + verb})
	case m.Type == string(sdk.KindReaction):
		return "", apperr.Fields("the message cannot be sent", map[string]string{field: "a reaction cannot be " + verb})
	case m.ProviderMessageID == "":
		return "", &apperr.Error{Code: apperr.Conflict, Message: "the message has not reached WhatsApp (yet): it cannot be " + verb,
			Fields: map[string]string{field: "not sent (yet)"}}
	}
	return m.ProviderMessageID, nil
}

// channelName is how people call a channel.
func channelName(channel string) string {
	switch channel {
	case "sms":
		return "SMS"
	case "whatsapp":
		return "WhatsApp"
	}
	return channel
}
