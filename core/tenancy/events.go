package tenancy

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// emit writes an event to the outbox in the caller's transaction.
func emit(ctx context.Context, q store.Queries, tenantID, typ string, payload any) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return q.Emit(ctx, store.Event{TenantID: tenantID, Type: typ, MsgID: ids.New("evt"), Payload: body})
}
