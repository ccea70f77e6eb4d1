package secrets_test

import (
	"errors"
	"testing"

	"github.com/masteria/masteria/core/secrets"
)

// FuzzOpen checks that Open never panics and fails only with the documented
// errors, whatever the token and AAD.
func FuzzOpen(f *testing.F) {
	k, err := secrets.NewKeyring(testKey(1), testKey(2))
	if err != nil {
		f.Fatal(err)
	}
	// Built with a fixed nonce so every fuzz worker process agrees on it.
	valid := specToken(testKey(1), make([]byte, 12), "secret", "aad")
	for _, seed := range []string{valid, "", "mia1..", "mia1." + kidOf(testKey(2)) + ".AAAA", valid + "=", "mia1.0123456789abcdef." + valid[22:]} {
		f.Add(seed, []byte("aad"))
	}
	f.Fuzz(func(t *testing.T, token string, aad []byte) {
		plaintext, err := k.Open(token, aad)
		switch {
		case err == nil && (token != valid || string(aad) != "aad" || string(plaintext) != "secret"):
			t.Fatalf("Open(%q, %q) succeeded with %q", token, aad, plaintext)
		case err != nil && !errors.Is(err, secrets.ErrMalformed) &&
			!errors.Is(err, secrets.ErrUnknownKey) && !errors.Is(err, secrets.ErrDecrypt):
			t.Fatalf("Open(%q): undocumented error %v", token, err)
		}
		if _, err := secrets.KeyID(token); err != nil && !errors.Is(err, secrets.ErrMalformed) {
			t.Fatalf("KeyID(%q): undocumented error %v", token, err)
		}
	})
}
