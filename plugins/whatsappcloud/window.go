package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// The customer-service window: a user's message opens (or refreshes) 24 h
// in which any message may be sent; a Click-to-WhatsApp ad opens 72 h.
const (
	window      = 24 * time.Hour
	entryWindow = 72 * time.Hour
)

// ErrOutsideWindow is wrapped by the permanent error a free-form send gets
// when the recipient's customer-service window is closed: only approved
// templates may be sent (Meta's 131047).
var ErrOutsideWindow = errors.New("outside the 24-hour customer-service window")

func windowKey(waID string) string { return "win:" + waID }

// openWindow records that user wrote at sent, keeping a later end already
// recorded (an ad's 72 h window is not shortened by a plain message).
func (p *Plugin) openWindow(ctx context.Context, user string, sent time.Time, span time.Duration) error {
	until := sent.Add(span)
	if old, ok, err := p.windowEnd(ctx, user); err != nil {
		return err
	} else if ok && old.After(until) {
		return nil
	}
	ttl := until.Sub(p.host.Clock.Now())
	if ttl <= 0 {
		return nil // a redelivery of a message older than its window
	}
	return p.host.KV.Set(ctx, windowKey(user), []byte(strconv.FormatInt(until.Unix(), 10)), ttl)
}

// windowEnd returns when user's window closes, if one was recorded.
func (p *Plugin) windowEnd(ctx context.Context, user string) (time.Time, bool, error) {
	b, err := p.host.KV.Get(ctx, windowKey(user))
	switch {
	case errors.Is(err, sdk.ErrNotFound):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, fmt.Errorf("whatsapp-cloud: reading the window of %s: %w", user, err)
	}
	sec, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return time.Time{}, false, nil // unreadable: treat as closed
	}
	return time.Unix(sec, 0), true, nil
}

// checkWindow fails with a permanent error, before any API call, when a
// free-form message would go outside the recipient's window. Templates and
// read receipts are always allowed.
func (p *Plugin) checkWindow(ctx context.Context, msg sdk.OutboundMessage) error {
	if msg.Kind == sdk.KindTemplate || msg.Kind == sdk.KindRead {
		return nil
	}
	user := waID(msg.To)
	until, ok, err := p.windowEnd(ctx, user)
	if err != nil {
		return err
	}
	now := p.host.Clock.Now()
	if ok && now.Before(until) {
		return nil
	}
	last := "the contact has not written"
	if ok {
		last = "the window closed at " + until.UTC().Format(time.RFC3339)
	}
	err = fmt.Errorf("whatsapp-cloud: %s message to %s refused: %w (%s); only approved templates may be sent until the contact writes again",
		msg.Kind, msg.To, ErrOutsideWindow, last)
	return sdk.Permanent(err, "131047")
}

// closeWindow forgets user's window after Meta reported 131047, so the
// next free-form send fails here instead of at Meta.
func (p *Plugin) closeWindow(ctx context.Context, user string) error {
	return p.host.KV.Delete(ctx, windowKey(user))
}

// waID normalizes a phone number the way Meta derives wa_id: digits only.
func waID(number string) string {
	b := make([]byte, 0, len(number))
	for i := 0; i < len(number); i++ {
		if c := number[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b)
}
