package plugin

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
)

// ResealSecrets re-seals every connection's secrets not under k's active
// key (`masteria secrets rotate`) and reports how many changed. The
// connections' versions stay: instances holding one open keep using the
// same plain secrets.
func ResealSecrets(ctx context.Context, st store.Store, k *secrets.Keyring) (int, error) {
	all, err := st.AllConnections(ctx)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, c := range all {
		if c.Secrets == "" {
			continue
		}
		sealed, moved, err := k.Reseal(c.Secrets, aad(&c))
		if err != nil {
			return changed, fmt.Errorf("connection %s: %w", c.ID, err)
		}
		if !moved {
			continue
		}
		if err := st.SetConnectionSecrets(ctx, c.TenantID, c.ID, sealed); err != nil {
			return changed, fmt.Errorf("connection %s: %w", c.ID, err)
		}
		changed++
	}
	return changed, nil
}
