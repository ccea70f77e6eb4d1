package inbox

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// Forward writes an event as it is (the plugin host's default: the outbox).
type Forward func(ctx context.Context, c store.Connection, subject string, payload []byte, msgID string) error

// Sink is the plugin host's event sink (plugin.EventSink): what a channel
// connection emits as message.received goes through Receive, and
// message.status through ApplyStatus, which emit the inbox's own events
// with the contact and conversation; an opt-out or opt-in keyword
// (<channel>.opted_out, .opted_in) is recorded as the contact's consent,
// then forwarded. A status for a message the inbox did not send (a
// campaign's) and every other event go to forward as they are.
// channelOf names a plugin's channel ("whatsapp", "sms") from its manifest;
// nil guesses from the plugin ID.
func (s *Service) Sink(channelOf func(pluginID string) string, forward Forward) Forward {
	return func(ctx context.Context, c store.Connection, subject string, payload []byte, msgID string) error {
		switch subject {
		case bus.EventMessageReceived:
			return s.sinkReceived(ctx, c, channel(channelOf, c.PluginID), payload)
		case bus.EventMessageStatus:
			var u sdk.StatusUpdate
			if err := json.Unmarshal(payload, &u); err != nil {
				return apperr.New(apperr.Invalid, "message.status payload: %v", err)
			}
			_, _, err := s.ApplyStatus(ctx, c.TenantID, u)
			if !apperr.Is(err, apperr.NotFound) {
				return err
			}
		default:
			if err := s.sinkKeyword(ctx, c, channelOf, subject, payload, msgID); err != nil {
				return err
			}
		}
		return forward(ctx, c, subject, payload, msgID)
	}
}

// inboundPayload is an InboundMessage, with the WhatsApp user identifiers
// a channel may add for users who hide their number.
type inboundPayload struct {
	sdk.InboundMessage
	BSUID    string `json:"bsuid,omitempty"`
	Username string `json:"username,omitempty"`
}

func (s *Service) sinkReceived(ctx context.Context, c store.Connection, ch string, payload []byte) error {
	var in inboundPayload
	if err := json.Unmarshal(payload, &in); err != nil {
		return apperr.New(apperr.Invalid, "message.received payload: %v", err)
	}
	r, err := s.Receive(ctx, c.TenantID, Inbound{ConnectionID: c.ID, Channel: ch, Message: in.InboundMessage, BSUID: in.BSUID, Username: in.Username})
	if err == nil && r.Duplicate {
		s.dropCopy(ctx, c.TenantID, in.Media, r.Message.Media)
	}
	return err
}

// dropCopy deletes the file a channel stored for a redelivered message
// when the first delivery's message keeps another: at-least-once webhooks
// would otherwise leave one unreachable copy per redelivery.
func (s *Service) dropCopy(ctx context.Context, tenantID string, got *sdk.Media, kept *store.MediaLink) {
	if s.Files == nil || got == nil || got.BlobID == "" || kept != nil && kept.BlobID == got.BlobID {
		return
	}
	_ = s.Files.Delete(ctx, tenantID, got.BlobID) // at worst the copy stays
}

func channel(channelOf func(string) string, pluginID string) string {
	if channelOf != nil {
		if ch := channelOf(pluginID); ch != "" {
			return ch
		}
	}
	switch id := strings.ToLower(pluginID); {
	case strings.Contains(id, "whatsapp"):
		return "whatsapp"
	case strings.Contains(id, "sms"):
		return "sms"
	default:
		return id
	}
}
