package secrets

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// LoadOptions says where LoadKeyring finds the master keys.
type LoadOptions struct {
	// EnvKey is the value of MASTERIA_MASTER_KEY: 32 bytes as base64
	// (standard or URL alphabet, padded or not) or as 64 hex characters.
	// When set it is the active key and KeyFile is not touched.
	EnvKey string
	// PreviousEnvKeys are the values of MASTERIA_PREVIOUS_MASTER_KEYS, split
	// on commas by the caller; same forms as EnvKey, used for Open only.
	// Blank entries are ignored.
	PreviousEnvKeys []string
	// KeyFile is the key file used when EnvKey is empty, e.g. data/master.key.
	// It is created with a fresh key (mode 0600) if missing.
	KeyFile string
}

// LoadKeyring builds the keyring from the environment values in opts or,
// when EnvKey is empty, from the key file, creating it on first start.
func LoadKeyring(opts LoadOptions) (*Keyring, error) {
	previous := nonBlank(opts.PreviousEnvKeys)
	if strings.TrimSpace(opts.EnvKey) != "" {
		return keyringFromEnv(opts.EnvKey, previous)
	}
	if len(previous) > 0 {
		return nil, errors.New("secrets: MASTERIA_PREVIOUS_MASTER_KEYS is set but MASTERIA_MASTER_KEY is not; " +
			"previous keys only make sense next to the active env key")
	}
	if opts.KeyFile == "" {
		return nil, errors.New("secrets: no master key: set MASTERIA_MASTER_KEY or give a key file path")
	}
	return loadOrCreateKeyFile(opts.KeyFile)
}

func keyringFromEnv(envKey string, previous []string) (*Keyring, error) {
	active, err := ParseKey(envKey)
	if err != nil {
		return nil, fmt.Errorf("MASTERIA_MASTER_KEY: %w", err)
	}
	old := make([][]byte, 0, len(previous))
	for i, s := range previous {
		key, err := ParseKey(s)
		if err != nil {
			return nil, fmt.Errorf("MASTERIA_PREVIOUS_MASTER_KEYS entry %d: %w", i+1, err)
		}
		old = append(old, key)
	}
	return NewKeyring(active, old...)
}

// ParseKey decodes a master key given as 64 hex characters or as base64
// (standard or URL alphabet, with or without padding). Surrounding spaces are
// ignored. Errors describe the expected form and never echo the value.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		if key, err := enc.Strict().DecodeString(s); err == nil && len(key) == KeySize {
			return key, nil
		}
	}
	return nil, fmt.Errorf("%w: want 32 random bytes as base64 (44 characters, e.g. `openssl rand -base64 32`) "+
		"or 64 hex characters (`openssl rand -hex 32`); got %d characters that are neither", ErrKeySize, len(s))
}

func nonBlank(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
