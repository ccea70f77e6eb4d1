package twiliosms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// seenTTL is how long a handled inbound message is remembered.
const seenTTL = 7 * 24 * time.Hour

// statusOf maps Twilio's message statuses to the SDK's. Statuses before
// "sent" (queued, accepted, sending, scheduled) are not reported.
var statusOf = map[string]sdk.DeliveryStatus{
	"sent": sdk.StatusSent, "delivered": sdk.StatusDelivered, "read": sdk.StatusRead,
	"undelivered": sdk.StatusFailed, "failed": sdk.StatusFailed, "canceled": sdk.StatusFailed,
}

// maxMediaItems is how many media one message carries at most (Twilio's
// limit of 10); a NumMedia beyond it is not believed.
const maxMediaItems = 10

// normalizeInbound turns an incoming-message webhook into the SDK's model,
// which holds one media item per message: an MMS with N media becomes N
// messages. The first keeps the MessageSid and carries the body (as text
// and caption); the one from MediaUrl{i} is MessageSid/i, with no text, an
// ID a redelivery rebuilds alike. A message without media is one text.
// Twilio sends no timestamp, so received is used for all.
func normalizeInbound(params url.Values, received time.Time) []sdk.InboundMessage {
	sid := params.Get("MessageSid")
	in := sdk.InboundMessage{ProviderMessageID: sid, From: params.Get("From"),
		To: params.Get("To"), ContactName: params.Get("ProfileName"), Timestamp: received.UTC(),
		Type: sdk.InboundText, Text: params.Get("Body")}
	n, _ := strconv.Atoi(params.Get("NumMedia"))
	var out []sdk.InboundMessage
	for i := range min(n, maxMediaItems) {
		link := params.Get("MediaUrl" + strconv.Itoa(i))
		if link == "" {
			continue
		}
		m := in
		if len(out) > 0 {
			m.ProviderMessageID, m.Text = sid+"/"+strconv.Itoa(i), ""
		}
		ct := params.Get("MediaContentType" + strconv.Itoa(i))
		m.Type = sdk.InboundMedia
		m.Media = &sdk.Media{Type: mediaType(ct), Link: link, MIMEType: ct, Caption: m.Text}
		out = append(out, m)
	}
	if len(out) == 0 {
		return []sdk.InboundMessage{in}
	}
	return out
}

func mediaType(contentType string) sdk.MediaType {
	for _, t := range []sdk.MediaType{sdk.MediaImage, sdk.MediaAudio, sdk.MediaVideo} {
		if strings.HasPrefix(contentType, string(t)+"/") {
			return t
		}
	}
	return sdk.MediaDocument
}

// inboundEvents reports an inbound message (one event per media item of
// an MMS) and, for an opt-out or opt-in keyword, records it and reports it
// too. A redelivered message gets its recorded events back, with the same
// IDs and timestamps.
func (p *Plugin) inboundEvents(ctx context.Context, params url.Values) ([]sdk.Event, error) {
	msgs, err := p.inbound(ctx, params)
	if err != nil {
		return nil, err
	}
	events := make([]sdk.Event, 0, len(msgs)+1)
	for _, in := range msgs {
		events = append(events, sdk.MessageReceived(in))
	}
	in := msgs[0] // the one with the body and the MessageSid
	kind, word := keyword(in.Text, params.Get("OptOutType"))
	payload := map[string]string{"phone": in.From, "keyword": word, "message_id": in.ProviderMessageID}
	switch kind {
	case "out":
		err = p.recordOptOut(ctx, in.From, word)
		events = append(events, sdk.Event{Subject: SubjectOptedOut, ID: "optout:" + in.ProviderMessageID, Payload: payload})
	case "in":
		err = p.recordOptIn(ctx, in.From)
		events = append(events, sdk.Event{Subject: SubjectOptedIn, ID: "optin:" + in.ProviderMessageID, Payload: payload})
	}
	return events, err
}

// inbound normalizes a message and stores its media, once: the result is
// recorded under its MessageSid, so a redelivery neither downloads again
// nor changes an ID, a blob or a timestamp.
func (p *Plugin) inbound(ctx context.Context, params url.Values) ([]sdk.InboundMessage, error) {
	key := "in:" + params.Get("MessageSid")
	switch b, err := p.host.KV.Get(ctx, key); {
	case err == nil:
		if msgs, ok := decodeSeen(b); ok {
			return msgs, nil
		}
	case !errors.Is(err, sdk.ErrNotFound):
		return nil, fmt.Errorf("twilio-sms: reading %s: %w", key, err)
	}
	msgs := normalizeInbound(params, p.host.Clock.Now())
	p.storeMedia(ctx, msgs)
	b, _ := json.Marshal(msgs)
	if err := p.host.KV.Set(ctx, key, b, seenTTL); err != nil {
		p.dropMedia(ctx, msgs) // the webhook fails: Twilio's retry stores them again
		return nil, fmt.Errorf("twilio-sms: recording %s: %w", key, err)
	}
	return msgs, nil
}

// decodeSeen reads a recorded message list, or the single message that
// versions before MMS were split recorded.
func decodeSeen(b []byte) ([]sdk.InboundMessage, bool) {
	var msgs []sdk.InboundMessage
	if json.Unmarshal(b, &msgs) == nil && len(msgs) > 0 {
		return msgs, true
	}
	var in sdk.InboundMessage
	if json.Unmarshal(b, &in) == nil {
		return []sdk.InboundMessage{in}, true
	}
	return nil, false
}

// statusEvents reports a status callback as it comes (callbacks arrive
// unordered): the host's store moves a message's status forward only and
// drops repeats, which get the same event ID here. 21610 in a callback
// records the opt-out and reports it (sms.opted_out).
func (p *Plugin) statusEvents(ctx context.Context, params url.Values) ([]sdk.Event, error) {
	sid, st := params.Get("MessageSid"), statusOf[params.Get("MessageStatus")]
	if sid == "" || st == "" {
		return nil, nil
	}
	u := sdk.StatusUpdate{ProviderMessageID: sid, Recipient: params.Get("To"), Status: st,
		Timestamp: doneAt(params.Get("RawDlrDoneDate"), p.host.Clock.Now())}
	code := params.Get("ErrorCode")
	if code != "" && code != "0" {
		u.Errors = []sdk.ProviderError{asyncError(code)}
	}
	events := []sdk.Event{sdk.MessageStatus(u)}
	if code == "21610" && u.Recipient != "" {
		if err := p.recordOptOut(ctx, u.Recipient, optOut21610); err != nil {
			return nil, err
		}
		events = append(events, sdk.Event{Subject: SubjectOptedOut, ID: "optout:" + sid,
			Payload: map[string]string{"phone": u.Recipient, "keyword": optOut21610, "message_id": sid}})
	}
	return events, nil
}

// doneAt reads a carrier's RawDlrDoneDate (YYMMDDhhmm, UTC), or returns
// now. The date names a minute, so a report that arrives within that
// minute takes now: truncated, it would come before the send it reports on
// (sent is stamped to the second), and a message would seem delivered
// before it went; a date ahead of now takes now too.
func doneAt(raw string, now time.Time) time.Time {
	t, err := time.Parse("0601021504", raw)
	if err != nil || now.Sub(t) < time.Minute { // this minute, or a carrier clock ahead of ours
		return now.UTC()
	}
	return t.UTC()
}
