// Package auth holds the credential primitives: argon2id password hashes,
// API keys and session tokens stored as SHA-256 digests, a failed-attempt
// limiter and tenant roles. It has no storage or HTTP of its own.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes: the OWASP Password Storage Cheat Sheet
// minimum (19 MiB, 2 passes, 1 lane), 16-byte salt, 32-byte key.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	saltLen      = 16
	keyLen       = 32
)

// Password policy bounds.
const (
	MinPasswordChars = 8
	MaxPasswordBytes = 256
)

// Password errors. ErrMalformedHash means a stored encoding is corrupt; the
// others are policy failures to show the user.
var (
	ErrMalformedHash    = errors.New("auth: malformed password hash")
	ErrPasswordTooShort = fmt.Errorf("auth: password must be at least %d characters", MinPasswordChars)
	ErrPasswordTooLong  = fmt.Errorf("auth: password must be at most %d bytes", MaxPasswordBytes)
	ErrPasswordEncoding = errors.New("auth: password must be valid UTF-8")
)

var b64 = base64.RawStdEncoding.Strict()

// ValidatePassword applies the password policy: valid UTF-8, at least
// MinPasswordChars characters and at most MaxPasswordBytes bytes.
func ValidatePassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return ErrPasswordEncoding
	case utf8.RuneCountInString(pw) < MinPasswordChars:
		return ErrPasswordTooShort
	case len(pw) > MaxPasswordBytes:
		return ErrPasswordTooLong
	}
	return nil
}

// HashPassword hashes pw with argon2id and a random salt, returning the PHC
// string $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard
// base64). It does not apply the policy; call ValidatePassword first.
func HashPassword(pw string) (string, error) {
	p := phcHash{memory: argonMemory, time: argonTime, threads: argonThreads}
	p.salt = make([]byte, saltLen)
	if _, err := rand.Read(p.salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	p.key = argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, keyLen)
	return p.String(), nil
}

// VerifyPassword reports whether pw matches an encoding made by HashPassword,
// using the parameters stored in it. A wrong password is (false, nil); a
// corrupt encoding is (false, error wrapping ErrMalformedHash).
func VerifyPassword(encoded, pw string) (bool, error) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than
// HashPassword uses now (or is unreadable), so the caller should store a fresh
// hash after the next successful login.
func NeedsRehash(encoded string) bool {
	p, err := parsePHC(encoded)
	return err != nil || p.memory != argonMemory || p.time != argonTime ||
		p.threads != argonThreads || len(p.salt) != saltLen || len(p.key) != keyLen
}
