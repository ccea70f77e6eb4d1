package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// API keys look like mia_<prefix>_<secret>: an 8-character lowercase base32
// prefix (40 random bits, stored in clear to find the row) and a secret of
// 32 random bytes in unpadded base64url (43 characters). The secret may itself
// contain '_' and '-', so keys are parsed by position, not split on '_'.
const (
	apiKeyScheme    = "mia_"
	APIKeyPrefixLen = 8
	secretBytes     = 32
	secretLen       = 43 // base64url characters for 32 bytes
	apiKeyLen       = len(apiKeyScheme) + APIKeyPrefixLen + 1 + secretLen
)

// ErrMalformedAPIKey means a presented key does not have the API key shape.
var ErrMalformedAPIKey = errors.New("auth: malformed API key")

var (
	prefixEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
	tokenEncoding  = base64.RawURLEncoding.Strict()
)

// NewAPIKey makes a key to show the user once. Store prefix (to look the key
// up) and hash; never store plain.
//
// The hash is a plain SHA-256 of the key, not argon2id: a password needs a
// slow hash because people pick guessable ones, but the secret here is 256
// random bits, so no amount of hashing speed makes guessing it feasible, and
// a slow hash would cost tens of milliseconds and 19 MiB on every API request.
func NewAPIKey() (plain, prefix string, hash []byte, err error) {
	raw := make([]byte, 5+secretBytes) // 5 bytes = 8 base32 characters
	if _, err := rand.Read(raw); err != nil {
		return "", "", nil, fmt.Errorf("auth: api key: %w", err)
	}
	prefix = prefixEncoding.EncodeToString(raw[:5])
	plain = apiKeyScheme + prefix + "_" + tokenEncoding.EncodeToString(raw[5:])
	return plain, prefix, HashToken(plain), nil
}

// ParseAPIKey checks the exact shape of a presented key and returns its
// prefix. It says nothing about whether the key is valid; compare the stored
// hash with APIKeyMatches.
func ParseAPIKey(plain string) (prefix string, err error) {
	if len(plain) != apiKeyLen || !strings.HasPrefix(plain, apiKeyScheme) {
		return "", ErrMalformedAPIKey
	}
	prefix = plain[len(apiKeyScheme) : len(apiKeyScheme)+APIKeyPrefixLen]
	rest := plain[len(apiKeyScheme)+APIKeyPrefixLen:]
	if rest[0] != '_' || !isLowerBase32(prefix) {
		return "", ErrMalformedAPIKey
	}
	if b, err := tokenEncoding.DecodeString(rest[1:]); err != nil || len(b) != secretBytes {
		return "", ErrMalformedAPIKey
	}
	return prefix, nil
}

// APIKeyMatches reports, in constant time, whether plain hashes to hash.
// It works for session tokens too.
func APIKeyMatches(plain string, hash []byte) bool {
	return len(hash) == sha256.Size && subtle.ConstantTimeCompare(HashToken(plain), hash) == 1
}

// NewSessionToken makes a session token (32 random bytes, unpadded base64url)
// for the cookie, and the hash to store. Like API keys, it is high-entropy,
// so SHA-256 suffices.
func NewSessionToken() (plain string, hash []byte, err error) {
	raw := make([]byte, secretBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("auth: session token: %w", err)
	}
	plain = tokenEncoding.EncodeToString(raw)
	return plain, HashToken(plain), nil
}

// HashToken is the stored form of an API key or session token: SHA-256 of
// the plain text.
func HashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

func isLowerBase32(s string) bool {
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}
