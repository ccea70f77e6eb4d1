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
		return store.Message{}, apperr.NotFoundf("message not found").Because(apperr.MessageNotFound, nil)
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
		return "", unsendable("reply_to", apperr.Keyed(channelName(c.Channel)+" cannot quote a message: send the reply without reply_to",
			apperr.FieldQuoteChannel, apperr.P{"channel": c.Channel}))
	}
	return providerID(m, "reply_to", actionQuote)
}

// What a message is targeted for: quoted by a reply, or reacted to.
const (
	actionQuote = "quote"
	actionReact = "react"
)

// verbs are the actions as the English texts say them.
var verbs = map[string]string{actionQuote: "quoted", actionReact: "reacted to"}

// unsendable is a reply or reaction refused for one field's problem.
func unsendable(field string, f apperr.Field) error {
	return apperr.Fields("the message cannot be sent", map[string]apperr.Field{field: f}).Because(apperr.MessageInvalid, nil)
}

// providerID is the provider's ID of m, which a reply quotes or a
// reaction targets (the request's field): the customer never saw a note,
// a reaction is not itself quoted or reacted to, and a message the
// provider has not accepted has no ID yet.
func providerID(m store.Message, field, action string) (string, error) {
	verb, p := verbs[action], apperr.P{"action": action}
	switch {
	case m.Direction == "note":
		return "", unsendable(field, apperr.Keyed("an internal note never reached the customer: it cannot be "+verb, apperr.FieldQuoteNote, p))
	case m.Direction == DirectionSystem:
		return "", unsendable(field, apperr.Keyed("an activity line of the thread cannot be "+verb, apperr.FieldQuoteActivity, p))
	case m.Type == string(sdk.KindReaction):
		return "", unsendable(field, apperr.Keyed("a reaction cannot be "+verb, apperr.FieldQuoteReaction, p))
	case m.ProviderMessageID == "":
		e := apperr.New(apperr.Conflict, "the message has not reached WhatsApp (yet): it cannot be %s", verb).Because(apperr.MessageNotSentYet, p)
		return "", e.With(field, apperr.Keyed("not sent (yet)", apperr.FieldNotSentYet, p))
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
