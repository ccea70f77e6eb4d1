package secrets

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteKeyFileNoClobber(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	first, _ := NewKeyring(bytes.Repeat([]byte{1}, KeySize))
	second, _ := NewKeyring(bytes.Repeat([]byte{2}, KeySize))
	if err := writeKeyFile(path, first, false); err != nil {
		t.Fatalf("first write: %v", err)
	}
	if err := writeKeyFile(path, second, false); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second create-only write: err = %v, want ErrExist", err)
	}
	got, err := readKeyFile(path)
	if err != nil || got.ActiveID() != first.ActiveID() {
		t.Fatalf("file now holds %v, %v; want the first key %s", got, err, first.ActiveID())
	}
	if err := writeKeyFile(path, second, true); err != nil {
		t.Fatalf("replace: %v", err)
	}
	if got, _ := readKeyFile(path); got.ActiveID() != second.ActiveID() {
		t.Fatalf("replace did not take: %v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only the key file", len(entries))
	}
}

func TestAddActiveRejectsWrongLength(t *testing.T) {
	k, _ := NewKeyring(bytes.Repeat([]byte{1}, KeySize))
	for _, n := range []int{0, 16, 31, 33, 64} {
		if err := k.AddActive(make([]byte, n)); !errors.Is(err, ErrKeySize) {
			t.Errorf("AddActive(%d bytes): err = %v, want ErrKeySize", n, err)
		}
	}
	if len(k.IDs()) != 1 {
		t.Fatalf("rejected keys were added: %v", k.IDs())
	}
	if _, err := NewKeyring(make([]byte, 16)); !errors.Is(err, ErrKeySize) {
		t.Fatalf("NewKeyring(16 bytes): err = %v", err)
	}
}

func TestAddActiveCopiesKey(t *testing.T) {
	key := bytes.Repeat([]byte{1}, KeySize)
	k, _ := NewKeyring(key)
	tok, _ := k.Seal([]byte("x"), nil)
	key[0] = 9 // caller reuses its buffer
	if _, err := k.Open(tok, nil); err != nil {
		t.Fatalf("keyring shares the caller's buffer: %v", err)
	}
	out, _ := encodeKeyFile(k)
	if bytes.Contains(out, []byte("CQEB")) { // base64 of 09 01 01
		t.Fatalf("key file reflects the mutated buffer: %s", out)
	}
}
