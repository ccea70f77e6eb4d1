package secrets_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/secrets"
)

// testKey returns a deterministic 32-byte key filled with b.
func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, secrets.KeySize) }

// kidOf computes the key ID independently of the package.
func kidOf(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

func newRing(t *testing.T, active []byte, previous ...[]byte) *secrets.Keyring {
	t.Helper()
	k, err := secrets.NewKeyring(active, previous...)
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	return k
}

func seal(t *testing.T, k *secrets.Keyring, plaintext, aad string) string {
	t.Helper()
	tok, err := k.Seal([]byte(plaintext), []byte(aad))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return tok
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := newRing(t, testKey(1))
	for _, plaintext := range []string{"", "x", "whatsapp-token-123", strings.Repeat("é", 5000)} {
		t.Run(fmt.Sprintf("len%d", len(plaintext)), func(t *testing.T) {
			tok := seal(t, k, plaintext, "tenant-1/secret-9")
			want := "mia1." + kidOf(testKey(1)) + "."
			if !strings.HasPrefix(tok, want) {
				t.Fatalf("token %q does not start with %q", tok, want)
			}
			got, err := k.Open(tok, []byte("tenant-1/secret-9"))
			if err != nil || string(got) != plaintext {
				t.Fatalf("Open = %q, %v; want %q", got, err, plaintext)
			}
		})
	}
}

func TestSealUsesFreshNonce(t *testing.T) {
	k := newRing(t, testKey(1))
	if a, b := seal(t, k, "same", ""), seal(t, k, "same", ""); a == b {
		t.Fatalf("two seals of the same plaintext gave the same token %q", a)
	}
}

func TestOpenWrongAAD(t *testing.T) {
	k := newRing(t, testKey(1))
	tok := seal(t, k, "secret", "tenant-1/secret-9")
	for _, aad := range []string{"tenant-2/secret-9", "tenant-1/secret-8", "", "tenant-1/secret-9 "} {
		t.Run(aad, func(t *testing.T) {
			if _, err := k.Open(tok, []byte(aad)); !errors.Is(err, secrets.ErrDecrypt) {
				t.Fatalf("Open with aad %q: err = %v, want ErrDecrypt", aad, err)
			}
		})
	}
}

func TestOpenTampered(t *testing.T) {
	k := newRing(t, testKey(1))
	tok := seal(t, k, "secret", "aad")
	i := strings.LastIndexByte(tok, '.')
	payload, err := base64.RawURLEncoding.DecodeString(tok[i+1:])
	if err != nil {
		t.Fatal(err)
	}
	for pos := range payload {
		t.Run(fmt.Sprintf("byte%d", pos), func(t *testing.T) {
			bad := bytes.Clone(payload)
			bad[pos] ^= 0x01
			forged := tok[:i+1] + base64.RawURLEncoding.EncodeToString(bad)
			if _, err := k.Open(forged, []byte("aad")); !errors.Is(err, secrets.ErrDecrypt) {
				t.Fatalf("err = %v, want ErrDecrypt", err)
			}
		})
	}
}

func TestOpenRelabelledKid(t *testing.T) {
	// A token relabelled to another held key must not open.
	k := newRing(t, testKey(1), testKey(2))
	tok := seal(t, k, "secret", "")
	forged := strings.Replace(tok, kidOf(testKey(1)), kidOf(testKey(2)), 1)
	if _, err := k.Open(forged, nil); !errors.Is(err, secrets.ErrDecrypt) {
		t.Fatalf("err = %v, want ErrDecrypt", err)
	}
}

func TestOpenUnknownKey(t *testing.T) {
	tok := seal(t, newRing(t, testKey(1)), "secret", "")
	_, err := newRing(t, testKey(2)).Open(tok, nil)
	if !errors.Is(err, secrets.ErrUnknownKey) {
		t.Fatalf("err = %v, want ErrUnknownKey", err)
	}
}

func TestOpenMalformed(t *testing.T) {
	k := newRing(t, testKey(1))
	kid := kidOf(testKey(1))
	good := seal(t, k, "secret", "")
	payload := good[strings.LastIndexByte(good, '.')+1:]
	tests := map[string]string{
		"empty":          "",
		"no dots":        "mia1",
		"one dot":        "mia1." + kid,
		"extra part":     good + ".x",
		"wrong version":  "mia2." + kid + "." + payload,
		"upper version":  "MIA1." + kid + "." + payload,
		"short kid":      "mia1." + kid[:15] + "." + payload,
		"long kid":       "mia1." + kid + "0." + payload,
		"upper kid":      "mia1." + strings.ToUpper(kid) + "." + payload,
		"non-hex kid":    "mia1.zzzzzzzzzzzzzzzz." + payload,
		"empty payload":  "mia1." + kid + ".",
		"padded payload": good + "=",
		"std alphabet":   "mia1." + kid + "." + strings.NewReplacer("-", "+", "_", "/").Replace(payload) + "+/",
		"newline":        "mia1." + kid + "." + payload[:10] + "\n" + payload[10:],
		"too short":      "mia1." + kid + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 27)),
		"space":          " " + good,
	}
	for name, tok := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := k.Open(tok, nil); !errors.Is(err, secrets.ErrMalformed) {
				t.Fatalf("Open(%q): err = %v, want ErrMalformed", tok, err)
			}
			if _, err := secrets.KeyID(tok); !errors.Is(err, secrets.ErrMalformed) {
				t.Fatalf("KeyID(%q): err = %v, want ErrMalformed", tok, err)
			}
		})
	}
}

func TestKeyID(t *testing.T) {
	k := newRing(t, testKey(7))
	got, err := secrets.KeyID(seal(t, k, "x", ""))
	if err != nil || got != kidOf(testKey(7)) || got != k.ActiveID() {
		t.Fatalf("KeyID = %q, %v; want %q", got, err, kidOf(testKey(7)))
	}
}

func TestEmptyKeyringCannotSeal(t *testing.T) {
	var k secrets.Keyring
	if _, err := k.Seal([]byte("x"), nil); !errors.Is(err, secrets.ErrNoActiveKey) {
		t.Fatalf("err = %v, want ErrNoActiveKey", err)
	}
}

func TestErrorsDoNotLeak(t *testing.T) {
	k := newRing(t, testKey(1))
	tok := seal(t, k, "PLAINTEXT-MARKER", "aad")
	_, err := k.Open(tok, []byte("other"))
	if err == nil || strings.Contains(err.Error(), "PLAINTEXT-MARKER") {
		t.Fatalf("err = %v", err)
	}
}

func TestKeyringNeverPrintsKeys(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef") // printable, so a leak is visible
	k := newRing(t, key, testKey(2))
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("ring", "keyring", k)
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", k), "%+v": fmt.Sprintf("%+v", k), "%#v": fmt.Sprintf("%#v", k),
		"%s": fmt.Sprintf("%s", k), "slog": logged.String(),
	}
	b64 := base64.StdEncoding.EncodeToString(key)
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(out, kidOf(key)) {
				t.Errorf("output %q lacks the key id", out)
			}
			if strings.Contains(out, "0123456789abcdef") || strings.Contains(out, b64) ||
				strings.Contains(out, hex.EncodeToString(key)) {
				t.Errorf("output leaks key material: %q", out)
			}
		})
	}
}

// specToken builds a token from the documented format with crypto/aes
// directly, independent of the package's Seal.
func specToken(key, nonce []byte, plaintext, aad string) string {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	header := "mia1." + kidOf(key) + "."
	sealed := gcm.Seal(bytes.Clone(nonce), nonce, []byte(plaintext), []byte(header+aad))
	return header + base64.RawURLEncoding.EncodeToString(sealed)
}

func TestOpenSpecToken(t *testing.T) {
	nonce := []byte("fixed-nonce!")
	tok := specToken(testKey(1), nonce, "hello", "tenant-1/secret-9")
	got, err := newRing(t, testKey(1)).Open(tok, []byte("tenant-1/secret-9"))
	if err != nil || string(got) != "hello" {
		t.Fatalf("Open(spec token) = %q, %v", got, err)
	}
}

func TestKeyringConcurrentUse(t *testing.T) {
	k := newRing(t, testKey(1))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			if err := k.AddActive(testKey(byte(10 + i))); err != nil {
				t.Error(err)
			}
		}
	}()
	for range 200 {
		tok := seal(t, k, "x", "aad")
		if got, err := k.Open(tok, []byte("aad")); err != nil || string(got) != "x" {
			t.Fatalf("Open during rotation = %q, %v", got, err)
		}
	}
	<-done
	if len(k.IDs()) != 21 || k.ActiveID() != kidOf(testKey(29)) {
		t.Fatalf("after rotation: active %s, %d keys", k.ActiveID(), len(k.IDs()))
	}
}
