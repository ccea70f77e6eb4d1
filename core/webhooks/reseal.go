package webhooks

import (
	"context"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
)

// ResealSecrets re-seals every endpoint's signing secrets under the
// keyring's active key (`masteria secrets rotate`), the previous one too
// while its rotation overlaps; one past its overlap signs nothing and is
// dropped, so no endpoint is left needing an old key. It says how many
// endpoints changed. Like the secrets' re-seal, it is meant to run while
// no server rotates an endpoint's secret.
func ResealSecrets(ctx context.Context, st store.Store, k *secrets.Keyring, now time.Time) (int, error) {
	eps, err := st.AllWebhookEndpoints(ctx)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, e := range eps {
		aad := secretAAD(e.TenantID, e.ID)
		cur, moved, err := k.Reseal(e.Secret, aad)
		if err != nil {
			return changed, fmt.Errorf("webhook endpoint %s: %w", e.ID, err)
		}
		prev, until, prevMoved := e.PreviousSecret, e.PreviousUntil, false
		if prev != "" && !now.Before(until) {
			prev, until, prevMoved = "", time.Time{}, true
		} else if prev != "" {
			if prev, prevMoved, err = k.Reseal(prev, aad); err != nil {
				return changed, fmt.Errorf("webhook endpoint %s, previous secret: %w", e.ID, err)
			}
		}
		if !moved && !prevMoved {
			continue
		}
		if err := st.SetWebhookSecrets(ctx, e.TenantID, e.ID, cur, prev, until, e.UpdatedAt); err != nil {
			return changed, fmt.Errorf("webhook endpoint %s: %w", e.ID, err)
		}
		changed++
	}
	return changed, nil
}
