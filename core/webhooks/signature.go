package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// SecretPrefix starts every signing secret shown to a user.
const SecretPrefix = "whsec_"

// secretBytes is the size of a new secret's key (Standard Webhooks: 24 to 64).
const secretBytes = 32

// ErrEmptySecret is a secret with no key after its prefix.
var ErrEmptySecret = errors.New("webhooks: empty secret")

// NewSecret returns a new signing secret, whsec_ and the base64 of 32
// random bytes.
func NewSecret() (string, error) {
	key := make([]byte, secretBytes)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(key), nil
}

// secretKey is the HMAC key of a secret: the base64-decoded bytes after
// whsec_ (not the text itself), padded or not.
func secretKey(secret string) ([]byte, error) {
	s := strings.TrimPrefix(secret, SecretPrefix)
	if s == "" {
		return nil, ErrEmptySecret
	}
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	}
	if err != nil {
		return nil, errors.New("webhooks: the secret is not base64 after whsec_")
	}
	return key, nil
}

// Sign returns the webhook-signature entry of a message, "v1," and the
// base64 of HMAC-SHA256 over "{msgID}.{timestamp}.{body}" keyed with the
// secret's decoded bytes.
func Sign(secret, msgID string, timestamp int64, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID))
	mac.Write([]byte{'.'})
	mac.Write(strconv.AppendInt(nil, timestamp, 10))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// signatures is the webhook-signature header: one entry per secret,
// space-separated (during a rotation, the new secret's and the old's).
func signatures(secrets []string, msgID string, timestamp int64, body []byte) (string, error) {
	out := make([]string, 0, len(secrets))
	for _, s := range secrets {
		sig, err := Sign(s, msgID, timestamp, body)
		if err != nil {
			return "", err
		}
		out = append(out, sig)
	}
	return strings.Join(out, " "), nil
}
