package app

import (
	"context"

	"github.com/masteria/masteria/core/config"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/core/webhooks"
)

// Rotation is the result of `masteria secrets rotate`.
type Rotation struct {
	ActiveKey string `json:"active_key"`
	Resealed  int    `json:"resealed"`
	// WebhookEndpoints is how many webhook endpoints' signing secrets
	// were re-sealed.
	WebhookEndpoints int `json:"webhook_endpoints"`
	// Connections is how many connections' secrets (access tokens, app
	// secrets) were re-sealed.
	Connections int `json:"connections"`
}

// RotateSecrets re-seals every secret, every connection's secrets and
// every webhook endpoint's signing secrets, under a new master key. With a key
// file, a new key is generated and made active (old keys stay, so nothing
// becomes unreadable); with MASTERIA_MASTER_KEY the operator has already set
// the new key there and the old one in MASTERIA_PREVIOUS_MASTER_KEYS.
func RotateSecrets(ctx context.Context, cfg config.Config) (Rotation, error) {
	k, err := OpenKeyring(cfg) // validates; creates the key file on first use
	if err != nil {
		return Rotation{}, err
	}
	if cfg.MasterKey == "" {
		if k, err = secrets.RotateKeyFile(KeyFile(cfg)); err != nil {
			return Rotation{}, err
		}
	}
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return Rotation{}, err
	}
	defer st.Close()
	r := Rotation{ActiveKey: k.ActiveID()}
	if r.Resealed, err = tenancy.RotateSecrets(ctx, st, k); err != nil {
		return r, err
	}
	if r.Connections, err = plugin.ResealSecrets(ctx, st, k); err != nil {
		return r, err
	}
	r.WebhookEndpoints, err = webhooks.ResealSecrets(ctx, st, k, store.Now())
	return r, err
}
