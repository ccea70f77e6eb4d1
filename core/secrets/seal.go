package secrets

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
)

const (
	tokenVersion = "mia1"
	kidLen       = 16 // hex characters
	nonceSize    = 12
	tagSize      = 16
)

var payloadEncoding = base64.RawURLEncoding.Strict()

// Seal encrypts plaintext under the active key and returns a token
// mia1.<kid>.<payload>. aad is authenticated but not stored: Open must be
// given the same aad (e.g. tenant ID and secret ID) or it fails.
func (k *Keyring) Seal(plaintext, aad []byte) (string, error) {
	kid, mk, ok := k.lookup("")
	if !ok {
		return "", ErrNoActiveKey
	}
	buf := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("secrets: nonce: %w", err)
	}
	header := tokenVersion + "." + kid + "."
	buf = mk.aead.Seal(buf, buf[:nonceSize], plaintext, additionalData(header, aad))
	return header + payloadEncoding.EncodeToString(buf), nil
}

// Open decrypts a token made by Seal with the key its kid names. It returns
// ErrMalformed, ErrUnknownKey or ErrDecrypt (possibly wrapped) on failure.
func (k *Keyring) Open(token string, aad []byte) ([]byte, error) {
	kid, payload, err := parseToken(token)
	if err != nil {
		return nil, err
	}
	_, mk, ok := k.lookup(kid)
	if !ok {
		return nil, fmt.Errorf("%w %s", ErrUnknownKey, kid)
	}
	header := token[:len(tokenVersion)+1+kidLen+1]
	nonce, sealed := payload[:nonceSize], payload[nonceSize:]
	plaintext, err := mk.aead.Open(nil, nonce, sealed, additionalData(header, aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plaintext, nil
}

// Reseal re-encrypts token under the active key if another key sealed it.
// When the token already uses the active key it is returned unchanged with
// changed == false.
func (k *Keyring) Reseal(token string, aad []byte) (resealed string, changed bool, err error) {
	kid, err := KeyID(token)
	if err != nil {
		return "", false, err
	}
	plaintext, err := k.Open(token, aad)
	if err != nil {
		return "", false, err
	}
	defer clear(plaintext)
	if kid == k.ActiveID() {
		return token, false, nil
	}
	resealed, err = k.Seal(plaintext, aad)
	if err != nil {
		return "", false, err
	}
	return resealed, true, nil
}

// KeyID returns the key ID named by a token, after checking the token's shape.
// It does not decrypt anything.
func KeyID(token string) (string, error) {
	kid, _, err := parseToken(token)
	return kid, err
}

// parseToken splits mia1.<kid>.<payload> and decodes the payload strictly.
func parseToken(token string) (kid string, payload []byte, err error) {
	version, rest, ok1 := strings.Cut(token, ".")
	kid, encoded, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || version != tokenVersion {
		return "", nil, fmt.Errorf("%w: want %s.<kid>.<payload>", ErrMalformed, tokenVersion)
	}
	if !validKeyID(kid) {
		return "", nil, fmt.Errorf("%w: key id must be %d lowercase hex characters", ErrMalformed, kidLen)
	}
	payload, err = payloadEncoding.DecodeString(encoded)
	if err != nil || strings.ContainsAny(encoded, "\r\n") { // the decoder skips CR/LF

		return "", nil, fmt.Errorf("%w: payload is not unpadded base64url", ErrMalformed)
	}
	if len(payload) < nonceSize+tagSize {
		return "", nil, fmt.Errorf("%w: payload too short", ErrMalformed)
	}
	return kid, payload, nil
}

func validKeyID(kid string) bool {
	if len(kid) != kidLen {
		return false
	}
	for _, c := range []byte(kid) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// additionalData binds the fixed-length header to the caller's AAD.
func additionalData(header string, aad []byte) []byte {
	return append([]byte(header), aad...)
}
