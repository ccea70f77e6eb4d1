package whatsappcloud

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
)

// seenTTL is how long a handled message or status is remembered: Meta
// retries a webhook for up to 7 days.
const seenTTL = 7 * 24 * time.Hour

// knownStatus are the statuses reported; others ("played", "deleted")
// are not.
var knownStatus = map[string]bool{"sent": true, "delivered": true, "read": true, "failed": true}

// inboundEvent normalizes one message, opens the sender's window and
// downloads its media. A redelivered message with media (its wamid already
// recorded) gets the recorded event back, with the same ID, so the host
// drops it and the plugin repeats no download. Messages without media are
// not recorded: the host stores a provider message ID once, and two KV
// round trips per message were a third of an inbound webhook's cost.
func (p *Plugin) inboundEvent(ctx context.Context, v *messagesValue, m *message) (sdk.Event, bool, error) {
	if m.ID == "" || m.From == "" {
		p.host.Log.Warn("inbound message without id or from skipped", "type", m.Type)
		return sdk.Event{}, false, nil
	}
	in := normalize(v, m)
	if in.Type != sdk.InboundSystem {
		if err := p.openWindow(ctx, waID(in.From), p.sentAt(in.Timestamp), windowSpan(in)); err != nil {
			return sdk.Event{}, false, fmt.Errorf("whatsapp-cloud: opening the window of %s: %w", in.From, err)
		}
	}
	if in.Media == nil || in.Media.ID == "" || !p.cfg.downloadMedia {
		return sdk.MessageReceived(in), true, nil
	}
	key := "in:" + m.ID
	switch b, err := p.host.KV.Get(ctx, key); {
	case err == nil:
		var seen sdk.InboundMessage
		if json.Unmarshal(b, &seen) == nil {
			return sdk.MessageReceived(seen), true, nil
		}
	case !errors.Is(err, sdk.ErrNotFound):
		return sdk.Event{}, false, fmt.Errorf("whatsapp-cloud: reading %s: %w", key, err)
	}
	if err := p.fetchMedia(ctx, in.Media); err != nil {
		if p.redeliverForMedia(ctx, m.ID, err) {
			return sdk.Event{}, false, errMediaLater
		}
		// Kept without the file: the message says so, and drops Meta's URL,
		// which answers nobody without the token.
		in.Media.Link = ""
		in.Errors = append(in.Errors, sdk.ProviderError{Title: "Media not downloaded", Message: err.Error()})
	}
	b, err := json.Marshal(in)
	if err == nil {
		err = p.host.KV.Set(ctx, key, b, seenTTL)
	}
	if err != nil {
		return sdk.Event{}, false, fmt.Errorf("whatsapp-cloud: recording %s: %w", key, err)
	}
	return sdk.MessageReceived(in), true, nil
}

// mediaDeliveries is how many deliveries of a webhook may fail to download
// a message's media, for a passing reason, before the message is kept
// without it. Meta redelivers a webhook answered 5xx for days, with
// growing pauses; its media IDs last 30 days.
const mediaDeliveries = 5

// errMediaLater asks Meta to deliver the webhook again (503): a media
// download failed for a passing reason.
var errMediaLater = errors.New("whatsapp-cloud: media download failed for now; asking for redelivery")

// redeliverForMedia counts a delivery whose media download failed and
// reports whether to ask for another: only for a passing failure, and
// not past mediaDeliveries. A KV failure asks for one too (nothing was
// recorded, so the redelivery starts clean).
func (p *Plugin) redeliverForMedia(ctx context.Context, wamid string, cause error) bool {
	if !passing(cause) {
		return false
	}
	key := "media-try:" + wamid
	tries := 0
	switch b, err := p.host.KV.Get(ctx, key); {
	case err == nil:
		tries, _ = strconv.Atoi(string(b))
	case !errors.Is(err, sdk.ErrNotFound):
		return true
	}
	tries++
	if tries >= mediaDeliveries {
		p.host.Log.Warn("inbound media given up: the message is kept without it", "wamid", wamid, "deliveries", tries, "error", cause)
		return false
	}
	if err := p.host.KV.Set(ctx, key, []byte(strconv.Itoa(tries)), seenTTL); err != nil {
		p.host.Log.Warn("media retry count not recorded", "wamid", wamid, "error", err)
	}
	return true
}

// sentAt is when a message was sent, or now for a missing or future time.
func (p *Plugin) sentAt(t time.Time) time.Time {
	now := p.host.Clock.Now()
	if t.IsZero() || t.After(now) {
		return now
	}
	return t
}

// windowSpan is 72 h for a Click-to-WhatsApp ad (a free entry point), 24 h
// otherwise.
func windowSpan(in sdk.InboundMessage) time.Duration {
	if in.Referral != nil && in.Referral.SourceType == "ad" {
		return entryWindow
	}
	return window
}

// statusEvent normalizes one status. Order is the host's to keep: its
// store moves a message's status forward only and drops repeats, which
// get the same event ID here, so the plugin holds no state per message.
func (p *Plugin) statusEvent(ctx context.Context, st *status) (sdk.Event, bool, error) {
	if !knownStatus[st.Status] || st.ID == "" {
		p.host.Log.Debug("status not reported", "status", st.Status, "id", st.ID)
		return sdk.Event{}, false, nil
	}
	u := sdk.StatusUpdate{ProviderMessageID: st.ID, Recipient: st.RecipientID, Status: sdk.DeliveryStatus(st.Status),
		Timestamp: unixTime(st.Timestamp), Errors: providerErrors(st.Errors)}
	for _, e := range st.Errors {
		if e.Code == 131047 && st.RecipientID != "" {
			if err := p.closeWindow(ctx, waID(st.RecipientID), u.Timestamp); err != nil {
				return sdk.Event{}, false, err
			}
		}
	}
	return sdk.MessageStatus(u), true, nil
}

// errorEvents reports system-level errors (value.errors) and backs off
// when one is a rate limit. Their IDs hash the change, so a redelivery
// gets the same IDs.
func (p *Plugin) errorEvents(ctx context.Context, v *messagesValue, raw []byte) []sdk.Event {
	if len(v.Errors) == 0 {
		return nil
	}
	sum := sha256.Sum256(raw)
	base := "err:" + hex.EncodeToString(sum[:16])
	out := make([]sdk.Event, 0, len(v.Errors))
	for i, e := range v.Errors {
		if r := ClassifyCode(e.Code, 0); r.Class == sdk.ClassRateLimited && r.Scope == "number" {
			now := p.host.Clock.Now()
			p.shareHold(ctx, now.Add(p.pace.throttled(now, r.Scope, "", r.RetryAfter)))
		}
		out = append(out, sdk.Event{Subject: SubjectError, ID: base + ":" + strconv.Itoa(i), Payload: map[string]string{
			"phone_number_id": v.Metadata.PhoneNumberID, "code": strconv.Itoa(e.Code),
			"title": e.Title, "details": e.ErrorData.Details}})
	}
	return out
}
