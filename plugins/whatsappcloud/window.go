package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
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
// recorded (an ad's 72 h window is not shortened by a plain message). A
// chatty contact's every message would cost a KV read and write; the
// connection remembers the ends it knows (windowMemo) and rewrites the
// stored end only when it moves by windowSlack or more.
func (p *Plugin) openWindow(ctx context.Context, user string, sent time.Time, span time.Duration) error {
	until := sent.Add(span)
	if m, ok := p.windows.get(user); ok {
		switch {
		case !until.After(m.until):
			return nil
		case until.Sub(m.stored) < windowSlack:
			p.windows.put(user, windowEnds{until: until, stored: m.stored})
			return nil
		}
	}
	if old, ok, err := p.storedWindowEnd(ctx, user); err != nil {
		return err
	} else if ok && !old.Before(until) {
		p.windows.put(user, windowEnds{until: old, stored: old})
		return nil
	}
	ttl := until.Sub(p.host.Clock.Now())
	if ttl <= 0 {
		return nil // a redelivery of a message older than its window
	}
	if err := p.host.KV.Set(ctx, windowKey(user), []byte(strconv.FormatInt(until.Unix(), 10)), ttl); err != nil {
		return err
	}
	p.windows.put(user, windowEnds{until: until, stored: until})
	return nil
}

// windowEnd returns when user's window closes, if one is known. A window
// this connection knows to be open is taken as it is; otherwise the later
// of the stored end and the remembered one, and the stored end is
// remembered. Another process of the same connection closing the window
// (a 131047 it was told of) goes unseen here until this process's own
// send is refused with 131047 and closes it too: one refused send, where
// a KV round trip on every send would cost a fifth of the plugin's CPU.
func (p *Plugin) windowEnd(ctx context.Context, user string) (time.Time, bool, error) {
	m, known := p.windows.get(user)
	if known && p.host.Clock.Now().Before(m.until) {
		return m.until, true, nil
	}
	until, ok, err := p.storedWindowEnd(ctx, user)
	if err != nil {
		return time.Time{}, false, err
	}
	if known && (!ok || m.until.After(until)) {
		return m.until, true, nil
	}
	if ok {
		p.windows.put(user, windowEnds{until: until, stored: until})
	}
	return until, ok, nil
}

// storedWindowEnd reads the window end recorded in KV: under user's key,
// or, for a Brazilian mobile, under the eight-digit key windows were kept
// by before waID restored the 9 (such an entry lasts 72 h at most).
func (p *Plugin) storedWindowEnd(ctx context.Context, user string) (time.Time, bool, error) {
	b, err := p.host.KV.Get(ctx, windowKey(user))
	if legacy, ok := eightDigitForm(user); ok && errors.Is(err, sdk.ErrNotFound) {
		b, err = p.host.KV.Get(ctx, windowKey(legacy))
	}
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
// next free-form send fails here instead of at Meta. failedAt is when the
// refused send failed (a status's timestamp; zero for a refusal answered
// now): status webhooks come unordered and are redelivered for days, so a
// 131047 can arrive after the contact wrote again, and a window opened by
// a message after failedAt is kept. Its opening is read as its end less
// 24 h; a 72 h Click-to-WhatsApp window opened before failedAt may thus
// be kept too, and Meta's next refusal (answered now) closes it.
func (p *Plugin) closeWindow(ctx context.Context, user string, failedAt time.Time) error {
	if !failedAt.IsZero() {
		until, ok, err := p.windowEnd(ctx, user)
		if err != nil {
			return err
		}
		if ok && until.Add(-window).After(failedAt) {
			return nil
		}
	}
	p.windows.forget(user)
	return p.host.KV.Delete(ctx, windowKey(user))
}

// windowSlack is how far behind the exact end the stored one may stay. The
// connection sends by its exact end; another process reading KV may see a
// window up to this much shorter, which only makes it refuse a free-form
// send a little early.
const windowSlack = time.Minute

// maxRememberedWindows bounds windowMemo; when full it starts over.
const maxRememberedWindows = 100_000

// windowMemo remembers, per contact, the window end this connection knows
// and the end it last stored.
type windowMemo struct {
	mu   sync.Mutex
	ends map[string]windowEnds
}

type windowEnds struct{ until, stored time.Time }

func (w *windowMemo) get(user string) (windowEnds, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.ends[user]
	return e, ok
}

func (w *windowMemo) put(user string, e windowEnds) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ends == nil || len(w.ends) >= maxRememberedWindows {
		w.ends = map[string]windowEnds{}
	}
	w.ends[user] = e
}

func (w *windowMemo) forget(user string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.ends, user)
}

// eightDigitForm is a Brazilian mobile's waID without its 9th digit.
func eightDigitForm(id string) (string, bool) {
	if len(id) != 13 || id[:2] != "55" || id[4] != '9' || id[5] < '6' || id[5] > '9' {
		return "", false
	}
	return id[:4] + id[5:], true
}

// waID is the key a customer's window and pair rate are kept under: the
// number's digits, as Meta derives wa_id, with a Brazilian mobile's 9th
// digit restored. An older account's WhatsApp ID carries the eight-digit
// form (551187654321) while its contact is stored, and flows send, to
// the nine-digit number (+5511987654321): one customer, one key.
func waID(number string) string {
	b := make([]byte, 0, len(number)+1)
	for i := 0; i < len(number); i++ {
		if c := number[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	// 55, a two-digit area code, eight digits from 6 to 9 first: a mobile
	// (landlines start 2 to 5 and keep eight digits).
	if len(b) == 12 && b[0] == '5' && b[1] == '5' && b[4] >= '6' && b[4] <= '9' {
		b = append(b[:4], append([]byte{'9'}, b[4:]...)...)
	}
	return string(b)
}
