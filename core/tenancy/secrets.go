package tenancy

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
)

// aad binds a ciphertext to its tenant and name: a token copied to another
// row fails to open.
func aad(tenantID, name string) []byte { return []byte(tenantID + "\x00" + name) }

// PutSecret seals value under the active key and stores it by name.
func (s *Service) PutSecret(ctx context.Context, p Principal, name, value string) (store.Secret, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Secret{}, err
	}
	name = strings.TrimSpace(name)
	fields := map[string]apperr.Field{}
	if name == "" || len(name) > 120 {
		fields["name"] = apperr.RequiredMax(120)
	}
	if value == "" || len(value) > 64<<10 {
		fields["value"] = apperr.Text("required, at most 64 KiB")
	}
	if len(fields) > 0 {
		return store.Secret{}, apperr.Fields("the secret cannot be stored", fields).Because(apperr.SecretInvalid, nil)
	}
	token, err := s.Keyring.Seal([]byte(value), aad(p.TenantID, name))
	if err != nil {
		return store.Secret{}, err
	}
	var out store.Secret
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		sec := store.Secret{ID: ids.New("sec"), TenantID: p.TenantID, Name: name, Ciphertext: token, KeyID: s.Keyring.ActiveID(), UpdatedAt: s.now()}
		if err := q.PutSecret(ctx, sec); err != nil {
			return err
		}
		if out, err = q.SecretByName(ctx, p.TenantID, name); err != nil {
			return err
		}
		return emit(ctx, q, p.TenantID, bus.EventSecretChanged, map[string]any{"id": out.ID, "name": name})
	})
	return out, err
}

// ListSecrets lists names and metadata, never values.
func (s *Service) ListSecrets(ctx context.Context, p Principal) ([]store.Secret, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return nil, err
	}
	return s.Store.ListSecrets(ctx, p.TenantID)
}

// DeleteSecret removes a secret of the caller's tenant.
func (s *Service) DeleteSecret(ctx context.Context, p Principal, id string) error {
	if err := require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.DeleteSecret(ctx, p.TenantID, id); err != nil {
			return notFound(err, "secret")
		}
		return emit(ctx, q, p.TenantID, bus.EventSecretDeleted, map[string]any{"id": id})
	})
}

// RevealSecret opens a secret for in-process use (a plugin's connection).
// No API route calls it.
func (s *Service) RevealSecret(ctx context.Context, tenantID, name string) (string, error) {
	sec, err := s.Store.SecretByName(ctx, tenantID, name)
	if err != nil {
		return "", notFound(err, "secret")
	}
	plain, err := s.Keyring.Open(sec.Ciphertext, aad(tenantID, sec.Name))
	return string(plain), err
}

// RotateSecrets re-seals every secret not under the active key and reports
// how many changed.
func RotateSecrets(ctx context.Context, st store.Store, k *secrets.Keyring) (int, error) {
	changed := 0
	err := st.AllSecrets(ctx, func(sec store.Secret) error {
		token, moved, err := k.Reseal(sec.Ciphertext, aad(sec.TenantID, sec.Name))
		if err != nil || !moved {
			return err
		}
		changed++
		return st.UpdateSecretCiphertext(ctx, sec.TenantID, sec.ID, token, k.ActiveID())
	})
	return changed, err
}
