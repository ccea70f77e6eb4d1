package secrets_test

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/secrets"
)

func TestLoadKeyringEnvKeyForms(t *testing.T) {
	key := testKey(0xfb) // 0xfb... makes std and URL base64 differ
	tests := map[string]string{
		"hex lower":     hex.EncodeToString(key),
		"hex upper":     strings.ToUpper(hex.EncodeToString(key)),
		"base64 std":    base64.StdEncoding.EncodeToString(key),
		"base64 raw":    base64.RawStdEncoding.EncodeToString(key),
		"base64 url":    base64.URLEncoding.EncodeToString(key),
		"base64 rawurl": base64.RawURLEncoding.EncodeToString(key),
		"spaces":        "  " + base64.StdEncoding.EncodeToString(key) + "\n",
	}
	for name, env := range tests {
		t.Run(name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "master.key")
			k, err := secrets.LoadKeyring(secrets.LoadOptions{EnvKey: env, KeyFile: keyFile})
			if err != nil {
				t.Fatalf("LoadKeyring: %v", err)
			}
			if k.ActiveID() != kidOf(key) {
				t.Fatalf("ActiveID = %s, want %s", k.ActiveID(), kidOf(key))
			}
			if _, err := os.Stat(keyFile); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("key file touched although EnvKey is set: %v", err)
			}
		})
	}
}

func TestLoadKeyringEnvKeyWrongLength(t *testing.T) {
	tests := map[string]string{
		"16 bytes base64": base64.StdEncoding.EncodeToString(testKey(3)[:16]),
		"33 bytes base64": base64.StdEncoding.EncodeToString(append(testKey(3), 3)),
		"62 hex chars":    hex.EncodeToString(testKey(3))[:62],
		"64 non-hex":      strings.Repeat("z", 64),
		"passphrase":      "correct horse battery staple",
	}
	for name, env := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := secrets.LoadKeyring(secrets.LoadOptions{EnvKey: env})
			if !errors.Is(err, secrets.ErrKeySize) {
				t.Fatalf("err = %v, want ErrKeySize", err)
			}
			msg := err.Error()
			if strings.Contains(msg, env) {
				t.Fatalf("error echoes the key: %q", msg)
			}
			for _, hint := range []string{"MASTERIA_MASTER_KEY", "base64", "64 hex"} {
				if !strings.Contains(msg, hint) {
					t.Errorf("error %q does not mention %q", msg, hint)
				}
			}
		})
	}
}

func TestLoadKeyringPreviousEnvKeys(t *testing.T) {
	oldKey, newKey := testKey(1), testKey(2)
	tok := seal(t, newRing(t, oldKey), "secret", "aad")
	k, err := secrets.LoadKeyring(secrets.LoadOptions{
		EnvKey:          hex.EncodeToString(newKey),
		PreviousEnvKeys: []string{" ", base64.StdEncoding.EncodeToString(oldKey), ""},
	})
	if err != nil {
		t.Fatalf("LoadKeyring: %v", err)
	}
	if k.ActiveID() != kidOf(newKey) {
		t.Fatalf("ActiveID = %s, want the env key %s", k.ActiveID(), kidOf(newKey))
	}
	if got, err := k.Open(tok, []byte("aad")); err != nil || string(got) != "secret" {
		t.Fatalf("Open old token = %q, %v", got, err)
	}
}

func TestLoadKeyringOptionErrors(t *testing.T) {
	tests := map[string]struct {
		opts secrets.LoadOptions
		want string
	}{
		"nothing":          {secrets.LoadOptions{}, "no master key"},
		"previous alone":   {secrets.LoadOptions{PreviousEnvKeys: []string{hex.EncodeToString(testKey(1))}, KeyFile: "x"}, "MASTERIA_MASTER_KEY is not"},
		"bad previous key": {secrets.LoadOptions{EnvKey: hex.EncodeToString(testKey(1)), PreviousEnvKeys: []string{"abc"}}, "entry 1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := secrets.LoadKeyring(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
