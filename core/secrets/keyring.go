package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
)

// Keyring holds master keys by key ID, one of them active. Seal uses the
// active key; Open uses whichever key the token names. A Keyring is safe for
// concurrent use, and its String, GoString and LogValue show key IDs only.
// The zero value is an empty keyring that cannot seal.
type Keyring struct {
	mu     sync.RWMutex
	active string
	keys   map[string]*masterKey
}

// masterKey is one key and its ready-to-use AEAD.
type masterKey struct {
	raw  redacted
	aead cipher.AEAD
}

// redacted is key material that refuses to be formatted, as a second line of
// defence should a masterKey ever reach a %v verb.
type redacted []byte

// Format prints a placeholder instead of the bytes, whatever the verb.
func (redacted) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("[redacted]")) }

// NewKeyring returns a keyring whose active key is active; previous keys are
// kept for Open and Reseal only. Every key must be KeySize bytes.
func NewKeyring(active []byte, previous ...[]byte) (*Keyring, error) {
	k := &Keyring{}
	for i, key := range previous {
		if _, err := k.add(key); err != nil {
			return nil, fmt.Errorf("previous key %d: %w", i+1, err)
		}
	}
	if err := k.AddActive(active); err != nil {
		return nil, err
	}
	return k, nil
}

// AddActive adds newKey to the keyring and makes it the active key. Keys
// already present stay available to Open. Adding a key that is already held
// just makes it active again.
func (k *Keyring) AddActive(newKey []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	kid, err := k.addLocked(newKey)
	if err != nil {
		return err
	}
	k.active = kid
	return nil
}

// ActiveID returns the key ID that Seal uses, or "" for an empty keyring.
func (k *Keyring) ActiveID() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.active
}

// IDs returns the key IDs held, sorted.
func (k *Keyring) IDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	ids := make([]string, 0, len(k.keys))
	for kid := range k.keys {
		ids = append(ids, kid)
	}
	slices.Sort(ids)
	return ids
}

// String describes the keyring by key IDs only.
func (k *Keyring) String() string {
	return fmt.Sprintf("secrets.Keyring{active: %s, keys: [%s]}",
		k.ActiveID(), strings.Join(k.IDs(), " "))
}

// GoString is String, so %#v never dumps key bytes.
func (k *Keyring) GoString() string { return k.String() }

// LogValue logs the active key ID and the held key IDs, never key material.
func (k *Keyring) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("active", k.ActiveID()),
		slog.Any("keys", k.IDs()),
	)
}

func (k *Keyring) add(key []byte) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.addLocked(key)
}

func (k *Keyring) addLocked(key []byte) (string, error) {
	if len(key) != KeySize {
		return "", fmt.Errorf("%w (got %d bytes)", ErrKeySize, len(key))
	}
	kid := keyID(key)
	if _, ok := k.keys[kid]; ok {
		return kid, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if k.keys == nil {
		k.keys = make(map[string]*masterKey)
	}
	k.keys[kid] = &masterKey{raw: redacted(slices.Clone(key)), aead: aead}
	return kid, nil
}

// lookup returns the key for kid, or the active key when kid is "".
func (k *Keyring) lookup(kid string) (string, *masterKey, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if kid == "" {
		kid = k.active
	}
	mk, ok := k.keys[kid]
	return kid, mk, ok
}

// keyID is the first 8 bytes of SHA-256(key), hex-encoded.
func keyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}
