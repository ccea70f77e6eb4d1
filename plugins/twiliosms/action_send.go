package twiliosms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/masteria/masteria/sdk"
)

// sendAction is sms.send: {to, text, media_urls, media_blobs} →
// {message_id, status, segments}. Stored files go by links of their own
// (mediaLinks), after the public URLs.
func (p *Plugin) sendAction(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	to, text, media := in.Params.String("to"), in.Params.String("text"), urls(in.Params.Value("media_urls"))
	blobs := strs(in.Params.Value("media_blobs"))
	if err := in.Params.Err(); err != nil {
		return sdk.Output{}, sdk.Permanent(err, "")
	}
	if text == "" && len(media) == 0 && len(blobs) == 0 {
		return sdk.Output{}, sdk.Permanent(errors.New("twilio-sms: sms.send needs text, media_urls or media_blobs"), "")
	}
	if len(media)+len(blobs) > maxMediaItems {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("twilio-sms: an MMS carries at most %d media items", maxMediaItems), "")
	}
	links, err := p.mediaLinks(ctx, blobs)
	if err != nil {
		return sdk.Output{}, err
	}
	s, err := p.SendSMS(ctx, to, text, append(media, links...), in.IdempotencyKey)
	if err != nil {
		return sdk.Output{}, err
	}
	return sdk.Output{Values: map[string]any{"message_id": s.SID, "status": s.Status, "segments": s.Segments}}, nil
}

// urls reads a list-of-URLs input, which parses to []any of *url.URL.
func urls(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if u, ok := e.(*url.URL); ok {
			out = append(out, u.String())
		}
	}
	return out
}

// strs reads a list-of-strings input.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

func idempotencyKey(key string) string { return "idem:" + key }

// recalled returns the send already made under this idempotency key.
func (p *Plugin) recalled(ctx context.Context, key string) (Sent, bool) {
	if key == "" {
		return Sent{}, false
	}
	b, err := p.host.KV.Get(ctx, idempotencyKey(key))
	var s Sent
	return s, err == nil && json.Unmarshal(b, &s) == nil && s.SID != ""
}

// remember records a send under its idempotency key, so a retried step
// does not send twice.
func (p *Plugin) remember(ctx context.Context, key string, s Sent) {
	if key == "" {
		return
	}
	b, _ := json.Marshal(s)
	if err := p.host.KV.Set(ctx, idempotencyKey(key), b, idempotencyTTL); err != nil {
		p.host.Log.Warn("recording the idempotency key", "error", err)
	}
}
