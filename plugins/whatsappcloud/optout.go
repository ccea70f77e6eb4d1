package whatsappcloud

import (
	"github.com/masteria/masteria/plugins/internal/optkeyword"
	"github.com/masteria/masteria/sdk"
)

// The keyword events: a contact wrote an opt-out or opt-in keyword. The
// platform records them as the contact's WhatsApp consent, which later
// campaign, flow and agent sends on WhatsApp honour.
const (
	SubjectOptedOut = "whatsapp.opted_out"
	SubjectOptedIn  = "whatsapp.opted_in"
)

// Keywords are read in a text message as twilio-sms reads them in an SMS
// (the keyword alone, once the whitespace, punctuation and emoji around
// it are removed, in any case and with or without accents): "PARAR",
// "Sair." and "stop 🙏" opt out, "não quero sair" does not. START and
// UNSTOP opt back in; YES, which does at Twilio, does not here: on
// WhatsApp "yes" answers an agent's or a bot's question far more often
// than it asks for marketing again.
var Keywords = optkeyword.Set{Out: optkeyword.OptOut, In: []string{"START", "UNSTOP"}}

// keywordEvent reports a text message that is an opt-out or opt-in
// keyword, with the ID keyed by its wamid, so a redelivery repeats it.
// Buttons, list picks and captions are not read: their words are the
// business's own ("Sair" of a menu), not the contact's.
func keywordEvent(m *message) (sdk.Event, bool) {
	if m.Type != "text" || m.Text == nil || m.ID == "" || m.From == "" {
		return sdk.Event{}, false
	}
	kind, word := Keywords.Match(m.Text.Body)
	payload := map[string]string{"phone": m.From, "keyword": word, "message_id": m.ID}
	switch kind {
	case optkeyword.Out:
		return sdk.Event{Subject: SubjectOptedOut, ID: "optout:" + m.ID, Payload: payload}, true
	case optkeyword.In:
		return sdk.Event{Subject: SubjectOptedIn, ID: "optin:" + m.ID, Payload: payload}, true
	}
	return sdk.Event{}, false
}
