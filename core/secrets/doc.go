// Package secrets seals small secrets (provider tokens, webhook signing keys,
// OAuth refresh tokens) with AES-256-GCM under a Keyring of master keys.
//
// A sealed secret is a text token:
//
//	mia1.<kid>.<base64url-no-pad(nonce || ciphertext || tag)>
//
// where kid is the key ID of the master key that sealed it: the first 8 bytes
// of SHA-256(key), hex-encoded (16 characters). The nonce is 12 random bytes.
// The GCM additional data is the token header "mia1.<kid>." followed by the
// caller's AAD, so a token cannot be relabelled to another version or key,
// and a caller binding a token to (tenant ID, secret ID) makes a token copied
// to another row fail to open.
//
// The master key comes from MASTERIA_MASTER_KEY or, when that is unset, from
// a key file (data/master.key) created on first start. Rotation adds a new
// active key and keeps the old ones so existing tokens still open; Reseal
// moves a token to the active key.
package secrets

import "errors"

// KeySize is the length in bytes of a master key (AES-256).
const KeySize = 32

// Errors returned by Open, KeyID and Reseal. They never carry plaintext or
// key material; wrapped errors may name a key ID, which is not secret.
var (
	// ErrMalformed means the token is not of the form mia1.<kid>.<payload>.
	ErrMalformed = errors.New("secrets: malformed token")
	// ErrUnknownKey means the token names a key ID the keyring does not hold.
	ErrUnknownKey = errors.New("secrets: unknown key id")
	// ErrDecrypt means authentication failed: wrong key, wrong AAD or a
	// tampered token.
	ErrDecrypt = errors.New("secrets: cannot decrypt token")
	// ErrNoActiveKey means the keyring holds no key to seal with.
	ErrNoActiveKey = errors.New("secrets: keyring has no active key")
	// ErrKeySize means a master key is not KeySize bytes long.
	ErrKeySize = errors.New("secrets: master key must be 32 bytes")
)
