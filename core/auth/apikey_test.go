package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/auth"
)

var apiKeyPattern = regexp.MustCompile(`^mia_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$`)

func TestNewAPIKey(t *testing.T) {
	plain, prefix, hash, err := auth.NewAPIKey()
	if err != nil {
		t.Fatal(err)
	}
	if !apiKeyPattern.MatchString(plain) || plain[4:12] != prefix {
		t.Fatalf("key %q (prefix %q) has the wrong shape", plain, prefix)
	}
	if want := sha256.Sum256([]byte(plain)); string(hash) != string(want[:]) {
		t.Fatal("stored hash is not SHA-256 of the key")
	}
	got, err := auth.ParseAPIKey(plain)
	if err != nil || got != prefix {
		t.Fatalf("ParseAPIKey = %q, %v; want %q", got, err, prefix)
	}
	if !auth.APIKeyMatches(plain, hash) {
		t.Fatal("key does not match its own hash")
	}
	other, otherPrefix, _, _ := auth.NewAPIKey()
	if other == plain || otherPrefix == prefix {
		t.Fatal("two keys share a prefix or value: not random")
	}
	if auth.APIKeyMatches(other, hash) {
		t.Fatal("another key matches this hash")
	}
}

func TestAPIKeyMatchesRejectsBadHashes(t *testing.T) {
	plain, _, hash, _ := auth.NewAPIKey()
	tests := map[string][]byte{"nil": nil, "empty": {}, "truncated": hash[:31], "extended": append(hash[:32:32], 0)}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			if auth.APIKeyMatches(plain, h) {
				t.Fatal("matched a malformed hash")
			}
		})
	}
}

func TestParseAPIKeyMalformed(t *testing.T) {
	plain, _, _, _ := auth.NewAPIKey()
	secret := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	tests := map[string]string{
		"empty":          "",
		"scheme only":    "mia_",
		"wrong scheme":   "MIA_" + plain[4:],
		"other scheme":   "sk_" + plain[3:],
		"upper prefix":   "mia_ABCDEFGH_" + secret,
		"prefix digit 1": "mia_abcdefg1_" + secret,
		"short prefix":   "mia_abcdefg_" + secret + "A",
		"no separator":   "mia_abcdefgh-" + secret,
		"short secret":   plain[:len(plain)-1],
		"long secret":    plain + "A",
		"padded secret":  "mia_abcdefgh_" + secret[:42] + "=",
		"std alphabet":   "mia_abcdefgh_" + strings.Repeat("+", 43),
		"noncanonical":   "mia_abcdefgh_" + secret[:42] + "B", // nonzero trailing bits
		"whitespace":     " " + plain[1:],
		"newline":        "mia_abcdefgh_" + secret[:20] + "\n" + secret[21:],
	}
	for name, key := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := auth.ParseAPIKey(key); !errors.Is(err, auth.ErrMalformedAPIKey) {
				t.Fatalf("ParseAPIKey(%q): err = %v, want ErrMalformedAPIKey", key, err)
			}
		})
	}
	if _, err := auth.ParseAPIKey("mia_abcdefgh_" + secret); err != nil {
		t.Fatalf("well-formed key rejected: %v", err)
	}
}

func TestSessionToken(t *testing.T) {
	plain, hash, err := auth.NewSessionToken()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(plain)
	if err != nil || len(raw) != 32 {
		t.Fatalf("token %q is not 32 bytes of base64url: %v", plain, err)
	}
	if want := sha256.Sum256([]byte(plain)); string(hash) != string(want[:]) || string(auth.HashToken(plain)) != string(hash) {
		t.Fatal("hash is not SHA-256 of the token")
	}
	if again, _, _ := auth.NewSessionToken(); again == plain {
		t.Fatal("two session tokens are equal")
	}
	if !auth.APIKeyMatches(plain, hash) || auth.APIKeyMatches(plain+"x", hash) {
		t.Fatal("token hash comparison is wrong")
	}
}
