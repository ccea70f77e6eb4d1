package campaigns

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// emit writes a campaign event to the outbox in q's transaction.
func emit(ctx context.Context, q store.Queries, c store.Campaign, typ string, extra map[string]any) error {
	payload := map[string]any{"campaign_id": c.ID, "name": c.Name, "status": c.Status, "round": c.Round}
	if c.Reason != "" {
		payload["reason"] = c.Reason
	}
	if c.ReasonCode != "" {
		payload["reason_code"], payload["reason_params"] = c.ReasonCode, c.ReasonParams
	}
	for k, v := range extra {
		payload[k] = v
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return q.Emit(ctx, store.Event{TenantID: c.TenantID, Type: typ, MsgID: ids.New("evt"), Payload: body})
}
