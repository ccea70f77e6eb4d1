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

// normalizeInbound turns an incoming-message webhook into the SDK's model.
// Twilio sends no timestamp, so received is used. Only the first of
// several media fits the model; the others are dropped.
func normalizeInbound(params url.Values, received time.Time) sdk.InboundMessage {
	in := sdk.InboundMessage{ProviderMessageID: params.Get("MessageSid"), From: params.Get("From"),
		To: params.Get("To"), ContactName: params.Get("ProfileName"), Timestamp: received.UTC(),
		Type: sdk.InboundText, Text: params.Get("Body")}
	if n, _ := strconv.Atoi(params.Get("NumMedia")); n > 0 && params.Get("MediaUrl0") != "" {
		ct := params.Get("MediaContentType0")
		in.Type = sdk.InboundMedia
		in.Media = &sdk.Media{Type: mediaType(ct), Link: params.Get("MediaUrl0"), MIMEType: ct, Caption: in.Text}
	}
	return in
}

func mediaType(contentType string) sdk.MediaType {
	for _, t := range []sdk.MediaType{sdk.MediaImage, sdk.MediaAudio, sdk.MediaVideo} {
		if strings.HasPrefix(contentType, string(t)+"/") {
			return t
		}
	}
	return sdk.MediaDocument
}

// inboundEvents reports an inbound message and, for an opt-out or opt-in
// keyword, records it and reports it too. A redelivered message gets its
// recorded event back, with the same ID and timestamp.
func (p *Plugin) inboundEvents(ctx context.Context, params url.Values) ([]sdk.Event, error) {
	in, err := p.inbound(ctx, params)
	if err != nil {
		return nil, err
	}
	events := []sdk.Event{sdk.MessageReceived(in)}
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

func (p *Plugin) inbound(ctx context.Context, params url.Values) (sdk.InboundMessage, error) {
	key := "in:" + params.Get("MessageSid")
	switch b, err := p.host.KV.Get(ctx, key); {
	case err == nil:
		var in sdk.InboundMessage
		if json.Unmarshal(b, &in) == nil {
			return in, nil
		}
	case !errors.Is(err, sdk.ErrNotFound):
		return sdk.InboundMessage{}, fmt.Errorf("twilio-sms: reading %s: %w", key, err)
	}
	in := normalizeInbound(params, p.host.Clock.Now())
	b, _ := json.Marshal(in)
	if err := p.host.KV.Set(ctx, key, b, seenTTL); err != nil {
		return sdk.InboundMessage{}, fmt.Errorf("twilio-sms: recording %s: %w", key, err)
	}
	return in, nil
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
