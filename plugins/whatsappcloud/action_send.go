package whatsappcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/masteria/masteria/sdk"
)

// sendAction is whatsapp.send: the inputs mirror sdk.OutboundMessage, the
// output is {message_id, held} (held: Meta's template pacing holds the
// message, which goes out or fails later), and for a template the synced
// catalog knows, {text}: what the customer reads, its parameters filled in.
func (p *Plugin) sendAction(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	msg, err := OutboundFromInput(in.Params)
	if err != nil {
		return sdk.Output{}, sdk.Permanent(err, "")
	}
	msg.IdempotencyKey = in.IdempotencyKey
	res, text, err := p.send(ctx, msg)
	if err != nil {
		return sdk.Output{}, err
	}
	out := map[string]any{"message_id": res.MessageID, "held": res.Held}
	if text != "" {
		out["text"] = text
	}
	return sdk.Output{Values: out}, nil
}

// OutboundFromInput reads whatsapp.send's inputs as a normalized message.
// The nested inputs (template, media, interactive) are declared with the
// SDK message types' JSON names, so they decode straight into them.
func OutboundFromInput(params *sdk.ParsedConfig) (sdk.OutboundMessage, error) {
	msg := sdk.OutboundMessage{
		To: params.String("to"), Kind: sdk.MessageKind(params.String("kind")), Text: params.String("text"),
		Emoji: params.String("emoji"), ReplyTo: params.String("reply_to"),
	}
	for name, dst := range map[string]any{"template": &msg.Template, "media": &msg.Media, "interactive": &msg.Interactive} {
		if !params.Has(name) {
			continue
		}
		b, err := json.Marshal(plain(params.Value(name)))
		if err == nil {
			err = json.Unmarshal(b, dst)
		}
		if err != nil {
			return msg, fmt.Errorf("whatsapp-cloud: input %s: %w", name, err)
		}
	}
	if err := params.Err(); err != nil {
		return msg, err
	}
	return msg, msg.Validate()
}

// plain turns parsed values back into JSON-shaped ones: URL fields parse
// to *url.URL, which would otherwise marshal as an object.
func plain(v any) any {
	switch x := v.(type) {
	case *url.URL:
		return x.String()
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
