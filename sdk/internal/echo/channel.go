package echo

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/sdk"
)

// Send "delivers" the message: it numbers it and reports it sent on the bus.
func (p *Plugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	if err := msg.Validate(); err != nil {
		return sdk.SendResult{}, sdk.Permanent(err, "")
	}
	id := fmt.Sprintf("echo-%d", p.sent.Add(1))
	st := sdk.MessageStatus(sdk.StatusUpdate{
		ProviderMessageID: id, Recipient: msg.To, Status: sdk.StatusSent, Timestamp: p.host.Clock.Now(),
	})
	if err := p.host.Events.Emit(ctx, st.Subject, st.Payload, st.ID); err != nil {
		return sdk.SendResult{}, sdk.Retryable(fmt.Errorf("echo: report status: %w", err), 0)
	}
	return sdk.SendResult{MessageID: id, Status: sdk.StatusSent}, nil
}
