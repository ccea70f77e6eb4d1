package twiliosms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/plugins/internal/optkeyword"
	"github.com/masteria/masteria/sdk"
)

// Keywords are the opt-out and opt-in keywords read in an inbound body:
// Twilio's standard English ones (YES among the opt-ins, as at Twilio,
// which unblocks a number on it) and the Portuguese ones Brazilian
// contacts use. A body is one when it is the keyword alone, once the
// whitespace, punctuation and emoji around it are removed, in any case
// and with or without accents ([optkeyword]): "Sair." and " parar 🙏" opt
// out, "não quero sair" does not.
var Keywords = optkeyword.Default

// ErrOptedOut is wrapped by the permanent error (Twilio's 21610) of a send
// to a contact who opted out; no API call is made.
var ErrOptedOut = errors.New("the recipient opted out")

// optOut is the record kept per contact in the connection's KV.
type optOut struct {
	Keyword string    `json:"keyword"`
	At      time.Time `json:"at"`
}

// optOutKey keys a number by its digits: Twilio's From is E.164, while a
// flow may send to "5511987654321" or "+55 11 98765-4321".
func optOutKey(phone string) string {
	b := []byte("optout:+")
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
}

// keyword classifies an inbound body, or Twilio's OptOutType when Advanced
// Opt-Out matched a custom keyword: "out", "in" or "".
func keyword(body, optOutType string) (kind, word string) {
	switch strings.ToUpper(optOutType) {
	case "STOP":
		return "out", strings.TrimSpace(body)
	case "START":
		return "in", strings.TrimSpace(body)
	}
	k, word := Keywords.Match(body)
	return string(k), word
}

// recordOptOut remembers that phone opted out with word.
func (p *Plugin) recordOptOut(ctx context.Context, phone, word string) error {
	b, _ := json.Marshal(optOut{Keyword: word, At: p.host.Clock.Now().UTC()})
	if err := p.host.KV.Set(ctx, optOutKey(phone), b, 0); err != nil {
		return fmt.Errorf("twilio-sms: recording the opt-out of %s: %w", phone, err)
	}
	return nil
}

// optOut21610 is the keyword an opt-out Twilio reported (error 21610)
// carries: the contact opted out with Twilio, not in a message to us.
const optOut21610 = "twilio-21610"

// reportOptOut tells the platform that Twilio refused a send to phone with
// 21610, so the contact's consent records it as a texted STOP does: the
// plugin learns it only now when the opt-out reached Twilio first (a
// STOP to another of the account's numbers, an opt-out before this
// connection existed). The KV record above stops later sends here; the
// consent stops them everywhere. Hosts without the events service are
// told nothing.
func (p *Plugin) reportOptOut(ctx context.Context, phone string) {
	if p.host.Events == nil {
		return
	}
	payload := map[string]string{"phone": phone, "keyword": optOut21610}
	id := "optout:21610:" + phone + ":" + strconv.FormatInt(p.host.Clock.Now().UnixMilli(), 10)
	if err := p.host.Events.Emit(ctx, SubjectOptedOut, payload, id); err != nil {
		p.host.Log.Warn("reporting a 21610 opt-out", "error", err)
	}
}

// recordOptIn forgets phone's opt-out.
func (p *Plugin) recordOptIn(ctx context.Context, phone string) error {
	if err := p.host.KV.Delete(ctx, optOutKey(phone)); err != nil {
		return fmt.Errorf("twilio-sms: recording the opt-in of %s: %w", phone, err)
	}
	return nil
}

// checkOptOut fails with a permanent 21610 error when phone opted out.
func (p *Plugin) checkOptOut(ctx context.Context, phone string) error {
	b, err := p.host.KV.Get(ctx, optOutKey(phone))
	switch {
	case errors.Is(err, sdk.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("twilio-sms: reading the opt-out of %s: %w", phone, err)
	}
	var o optOut
	_ = json.Unmarshal(b, &o)
	err = fmt.Errorf("twilio-sms: not sending to %s: %w (texted %q at %s); they must text START to receive messages again",
		phone, ErrOptedOut, o.Keyword, o.At.Format(time.RFC3339))
	return sdk.Permanent(err, "21610")
}
