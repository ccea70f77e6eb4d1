package webhooks

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/secrets"
)

// TestResealedSecretsNeedOnlyTheNewKey: after `masteria secrets rotate`
// re-seals the endpoints (enabled or not), a server holding only the new
// master key still signs each delivery with the right secrets, the
// previous one of a rotation still overlapping included; a previous
// secret past its overlap is dropped; no token names the old key.
func TestResealedSecretsNeedOnlyTheNewKey(t *testing.T) {
	r := newReceiver(t)
	k := newKit(t, r.host())
	ctx := context.Background()
	old := k.keys.ActiveID()

	expired := k.endpoint(r.URL + "/expired")
	expiredNow, err := k.svc.RotateSecret(ctx, k.owner, expired.ID)
	if err != nil {
		t.Fatal(err)
	}
	k.clock.Advance(RotationOverlap + time.Hour)
	overlapping := k.endpoint(r.URL + "/overlapping")
	overlappingNow, err := k.svc.RotateSecret(ctx, k.owner, overlapping.ID)
	if err != nil {
		t.Fatal(err)
	}
	off := k.endpoint(r.URL + "/off")
	no := false
	if _, err := k.svc.Update(ctx, k.owner, off.ID, EndpointPatch{Enabled: &no}); err != nil {
		t.Fatal(err)
	}

	newKey, _ := secrets.NewKey()
	if err := k.keys.AddActive(newKey); err != nil { // the key file's rotation: the old key stays for now
		t.Fatal(err)
	}
	if n, err := ResealSecrets(ctx, k.st, k.keys, k.clock.Now()); err != nil || n != 3 {
		t.Fatalf("resealed %d: %v", n, err)
	}
	if n, err := ResealSecrets(ctx, k.st, k.keys, k.clock.Now()); err != nil || n != 0 {
		t.Fatalf("a second re-seal changed %d: %v", n, err)
	}
	eps, _ := k.st.AllWebhookEndpoints(ctx)
	for _, e := range eps {
		for _, tok := range []string{e.Secret, e.PreviousSecret} {
			if kid, _ := secrets.KeyID(tok); tok != "" && kid != k.keys.ActiveID() {
				t.Fatalf("endpoint %s still needs key %s (old %s)", e.URL, kid, old)
			}
		}
		if e.ID == expired.ID && (e.PreviousSecret != "" || !e.PreviousUntil.IsZero()) {
			t.Fatalf("a previous secret past its overlap was kept: %+v", e.PreviousUntil)
		}
	}

	onlyNew, err := secrets.NewKeyring(newKey)
	if err != nil {
		t.Fatal(err)
	}
	k.sender.Keyring = onlyNew
	for _, id := range []string{expired.ID, overlapping.ID} {
		k.enqueue(id, "contact.created", `{}`)
	}
	k.sendDue()
	byPath := map[string]received{}
	for _, got := range r.requests() {
		byPath[got.Path] = got
	}
	verify(t, expiredNow.Secret, byPath["/expired"], k.clock.Now())
	verify(t, overlappingNow.Secret, byPath["/overlapping"], k.clock.Now())
	verify(t, overlapping.Secret, byPath["/overlapping"], k.clock.Now()) // the one rotated out, still overlapping
	if len(byPath) != 2 {
		t.Fatalf("requests: %v", byPath)
	}
}
