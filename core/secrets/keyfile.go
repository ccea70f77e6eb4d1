package secrets

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
)

// maxKeyFileSize bounds what readKeyFile will load; a real file is < 1 KiB
// per key.
const maxKeyFileSize = 1 << 20

// keyFile is the JSON shape of data/master.key.
type keyFile struct {
	Active string            `json:"active"`
	Keys   map[string]string `json:"keys"` // kid -> standard base64 key
}

// NewKey returns KeySize fresh random bytes for use as a master key.
func NewKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("secrets: generate key: %w", err)
	}
	return key, nil
}

// RotateKeyFile adds a freshly generated key to the key file at path and
// makes it active, keeping the old keys so existing tokens still open. The
// file is replaced atomically. Run it from one process at a time (it is an
// operator command); servers pick up the new key on restart.
func RotateKeyFile(path string) (*Keyring, error) {
	k, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	key, err := NewKey()
	if err != nil {
		return nil, err
	}
	if err := k.AddActive(key); err != nil {
		return nil, err
	}
	if err := writeKeyFile(path, k, true); err != nil {
		return nil, err
	}
	return k, nil
}

// loadOrCreateKeyFile reads the key file, creating it with a new key if it
// does not exist. If another process creates it first, that file wins.
func loadOrCreateKeyFile(path string) (*Keyring, error) {
	k, err := readKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	key, err := NewKey()
	if err != nil {
		return nil, err
	}
	k, err = NewKeyring(key)
	if err != nil {
		return nil, err
	}
	err = writeKeyFile(path, k, false)
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		return nil, err
	}
	return k, nil
}

// readKeyFile loads and validates a key file, refusing loose permissions.
func readKeyFile(path string) (*Keyring, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: key file: %w", err)
	}
	if err := checkKeyFileInfo(path, info); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: key file: %w", err)
	}
	k, err := decodeKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("secrets: key file %s: %w", path, err)
	}
	return k, nil
}

func checkKeyFileInfo(path string, info fs.FileInfo) error {
	switch {
	case !info.Mode().IsRegular():
		return fmt.Errorf("secrets: key file %s is not a regular file", path)
	case info.Size() > maxKeyFileSize:
		return fmt.Errorf("secrets: key file %s is larger than %d bytes", path, maxKeyFileSize)
	case runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("secrets: key file %s has mode %04o; it must not be accessible to group or others "+
			"(run: chmod 600 %s)", path, info.Mode().Perm(), path)
	}
	return nil
}

// decodeKeyFile parses and validates the JSON, checking each key's length
// and that it matches its key ID.
func decodeKeyFile(data []byte) (*Keyring, error) {
	var kf keyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("malformed JSON: data after the object")
	}
	if _, ok := kf.Keys[kf.Active]; !ok || kf.Active == "" {
		return nil, fmt.Errorf("active key id %q is not in keys", kf.Active)
	}
	k := &Keyring{}
	for kid, encoded := range kf.Keys {
		key, err := base64.StdEncoding.Strict().DecodeString(encoded)
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("key %q: %w as standard base64", kid, ErrKeySize)
		}
		if keyID(key) != kid {
			return nil, fmt.Errorf("key %q: does not match its key id (SHA-256 prefix)", kid)
		}
		if _, err := k.add(key); err != nil {
			return nil, err
		}
	}
	k.active = kf.Active
	return k, nil
}

// encodeKeyFile renders the keyring in key-file form.
func encodeKeyFile(k *Keyring) ([]byte, error) {
	k.mu.RLock()
	kf := keyFile{Active: k.active, Keys: make(map[string]string, len(k.keys))}
	for kid, mk := range k.keys {
		kf.Keys[kid] = base64.StdEncoding.EncodeToString(mk.raw)
	}
	k.mu.RUnlock()
	data, err := json.MarshalIndent(kf, "", "  ")
	return append(data, '\n'), err
}
