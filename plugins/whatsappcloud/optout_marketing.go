package whatsappcloud

import (
	"context"
	"strconv"
	"strings"

	"github.com/masteria/masteria/plugins/internal/optkeyword"
	"github.com/masteria/masteria/sdk"
)

// ScopeMarketing is the part of WhatsApp a marketing opt-out is about: a
// whatsapp.opted_out whose payload carries it ("scope": "marketing") is
// recorded as the contact's whatsapp:marketing opt-out, which stops
// marketing templates only. Utility and authentication templates and
// replies in the 24-hour window still reach the contact, as at Meta.
const ScopeMarketing = "marketing"

// StopPromotions are the texts of a marketing template's opt-out
// quick-reply button, compared as keywords are (optkeyword: case, accents
// and the punctuation around them aside, runs of spaces as one): Meta's
// own "Stop promotions" (pt-BR "Parar promoções"), and the texts
// businesses give the opt-out button of their marketing templates
// ("Unsubscribe", "Cancelar inscrição", "Descadastrar", "Sair da lista",
// "Não quero receber"). A tap on one is a marketing opt-out. They are
// phrases no menu uses for anything else, unlike a lone "Sair".
var StopPromotions = optkeyword.Set{Out: []string{"STOP PROMOTIONS", "PARAR PROMOCOES", "UNSUBSCRIBE",
	"CANCELAR INSCRICAO", "DESCADASTRAR", "SAIR DA LISTA", "NAO QUERO RECEBER"}}

// keyword131050 is the keyword of a marketing opt-out Meta reported
// (error 131050): the contact stopped marketing messages in WhatsApp
// itself, where the plugin could not see it.
const keyword131050 = "whatsapp-131050"

// code131050 is Graph's "this recipient has chosen to stop receiving
// marketing messages on WhatsApp from your business".
const code131050 = 131050

// stopPromotionsEvent reports a tap on a marketing opt-out button as a
// marketing opt-out, keyed by its wamid so a redelivery repeats it: a
// template's quick reply (a "button" message) whose text or payload is
// one of StopPromotions, or a reply button (an "interactive"
// button_reply) whose title or ID is. Other buttons are the business's
// own words, and typed text is read as keywords are (keywordEvent).
func stopPromotionsEvent(m *message) (sdk.Event, bool) {
	if m.ID == "" || m.From == "" {
		return sdk.Event{}, false
	}
	for _, text := range buttonTexts(m) {
		if kind, word := StopPromotions.Match(strings.Join(strings.Fields(text), " ")); kind == optkeyword.Out {
			return marketingOptOut("optout:"+m.ID, m.From, word, m.ID), true
		}
	}
	return sdk.Event{}, false
}

// buttonTexts are the words of a tapped button: a quick reply's text and
// payload, a reply button's title and ID; none for other messages.
func buttonTexts(m *message) []string {
	switch {
	case m.Type == "button" && m.Button != nil:
		return []string{m.Button.Text, m.Button.Payload}
	case m.Type == "interactive" && m.Interactive != nil && m.Interactive.Type == "button_reply" && m.Interactive.ButtonReply != nil:
		return []string{m.Interactive.ButtonReply.Title, m.Interactive.ButtonReply.ID}
	}
	return nil
}

// failedMarketingEvent reports a message that failed in a status webhook
// with 131050 as the recipient's marketing opt-out, keyed by its wamid.
func failedMarketingEvent(st *status) (sdk.Event, bool) {
	for _, e := range st.Errors {
		if e.Code == code131050 && st.RecipientID != "" && st.ID != "" {
			return marketingOptOut("optout:131050:"+st.ID, st.RecipientID, keyword131050, st.ID), true
		}
	}
	return sdk.Event{}, false
}

// reportMarketingOptOut tells the platform, through the host's events
// service, that Graph refused a send to msg.To with 131050, so the
// contact's consent records it and later marketing templates are refused
// before Graph. The event is keyed by the send's idempotency key (a
// retried send reports once), else by the time. Hosts without the events
// service are told nothing.
func (p *Plugin) reportMarketingOptOut(ctx context.Context, msg sdk.OutboundMessage) {
	if p.host.Events == nil {
		return
	}
	to := waID(msg.To)
	key := msg.IdempotencyKey
	if key == "" {
		key = strconv.FormatInt(p.host.Clock.Now().UnixMilli(), 10)
	}
	ev := marketingOptOut("optout:131050:"+to+":"+key, to, keyword131050, "")
	if err := p.host.Events.Emit(ctx, ev.Subject, ev.Payload, ev.ID); err != nil {
		p.host.Log.Warn("reporting a 131050 marketing opt-out", "error", err)
	}
}

// marketingOptOut is the whatsapp.opted_out event of a marketing opt-out.
func marketingOptOut(id, phone, keyword, messageID string) sdk.Event {
	payload := map[string]string{"phone": strings.TrimPrefix(phone, "+"), "keyword": keyword, "scope": ScopeMarketing}
	if messageID != "" {
		payload["message_id"] = messageID
	}
	return sdk.Event{Subject: SubjectOptedOut, ID: id, Payload: payload}
}
