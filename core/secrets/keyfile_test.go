package secrets_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/secrets"
)

func loadFile(t *testing.T, path string) *secrets.Keyring {
	t.Helper()
	k, err := secrets.LoadKeyring(secrets.LoadOptions{KeyFile: path})
	if err != nil {
		t.Fatalf("LoadKeyring(%s): %v", path, err)
	}
	return k
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestKeyFileCreatedThenReused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "master.key")
	first := loadFile(t, path)
	if m := mode(t, path); m != 0o600 {
		t.Fatalf("key file mode = %04o, want 0600", m)
	}
	if m := mode(t, dir); m != 0o700 {
		t.Fatalf("data dir mode = %04o, want 0700", m)
	}
	tok := seal(t, first, "secret", "aad")
	second := loadFile(t, path)
	if second.ActiveID() != first.ActiveID() {
		t.Fatalf("second load made a new key: %s != %s", second.ActiveID(), first.ActiveID())
	}
	if got, err := second.Open(tok, []byte("aad")); err != nil || string(got) != "secret" {
		t.Fatalf("Open after reload = %q, %v", got, err)
	}
	assertNoTempFiles(t, dir)
}

func TestKeyFileInsecurePermissionsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	for _, m := range []fs.FileMode{0o644, 0o640, 0o604, 0o620, 0o660} {
		t.Run(m.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "master.key")
			loadFile(t, path)
			if err := os.Chmod(path, m); err != nil {
				t.Fatal(err)
			}
			_, err := secrets.LoadKeyring(secrets.LoadOptions{KeyFile: path})
			if err == nil || !strings.Contains(err.Error(), "chmod 600") {
				t.Fatalf("err = %v, want a refusal naming chmod 600", err)
			}
			if _, err := secrets.RotateKeyFile(path); err == nil {
				t.Fatal("RotateKeyFile accepted an insecure key file")
			}
		})
	}
}

func TestKeyFileInvalidContent(t *testing.T) {
	key := testKey(5)
	kid, b64 := kidOf(key), base64.StdEncoding.EncodeToString(key)
	short := base64.StdEncoding.EncodeToString(key[:31])
	tests := map[string]struct{ content, want string }{
		"not json":       {"hello", "malformed JSON"},
		"truncated":      {`{"active":"` + kid + `","keys":{`, "malformed JSON"},
		"trailing data":  {`{"active":"` + kid + `","keys":{"` + kid + `":"` + b64 + `"}} {}`, "data after"},
		"unknown field":  {`{"active":"` + kid + `","keys":{"` + kid + `":"` + b64 + `"},"x":1}`, "malformed JSON"},
		"no keys":        {`{"active":"` + kid + `","keys":{}}`, "not in keys"},
		"active missing": {`{"keys":{"` + kid + `":"` + b64 + `"}}`, "not in keys"},
		"active unknown": {`{"active":"0000000000000000","keys":{"` + kid + `":"` + b64 + `"}}`, "not in keys"},
		"short key":      {`{"active":"` + kid + `","keys":{"` + kid + `":"` + short + `"}}`, "32 bytes"},
		"not base64":     {`{"active":"` + kid + `","keys":{"` + kid + `":"!!!"}}`, "32 bytes"},
		"kid mismatch":   {`{"active":"` + kidOf(testKey(6)) + `","keys":{"` + kidOf(testKey(6)) + `":"` + b64 + `"}}`, "does not match"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := secrets.LoadKeyring(secrets.LoadOptions{KeyFile: path})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), b64) {
				t.Fatalf("error leaks key material: %v", err)
			}
		})
	}
}

func TestRotateKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "master.key")
	before := loadFile(t, path)
	oldTok := seal(t, before, "secret", "tenant-1/s-1")

	rotated, err := secrets.RotateKeyFile(path)
	if err != nil {
		t.Fatalf("RotateKeyFile: %v", err)
	}
	if rotated.ActiveID() == before.ActiveID() {
		t.Fatal("rotation kept the old active key")
	}
	reloaded := loadFile(t, path)
	if reloaded.ActiveID() != rotated.ActiveID() || len(reloaded.IDs()) != 2 {
		t.Fatalf("reloaded file: active %s keys %v; want active %s and 2 keys",
			reloaded.ActiveID(), reloaded.IDs(), rotated.ActiveID())
	}
	if runtime.GOOS != "windows" && mode(t, path) != 0o600 {
		t.Fatalf("rotated file mode = %04o", mode(t, path))
	}
	assertNoTempFiles(t, dir)
	assertResealMoves(t, reloaded, oldTok, before.ActiveID())
}

func assertResealMoves(t *testing.T, k *secrets.Keyring, oldTok, oldKid string) {
	t.Helper()
	if got, err := k.Open(oldTok, []byte("tenant-1/s-1")); err != nil || string(got) != "secret" {
		t.Fatalf("old token after rotation = %q, %v", got, err)
	}
	newTok, changed, err := k.Reseal(oldTok, []byte("tenant-1/s-1"))
	if err != nil || !changed {
		t.Fatalf("Reseal = changed %v, %v; want changed", changed, err)
	}
	if kid, _ := secrets.KeyID(newTok); kid != k.ActiveID() || kid == oldKid {
		t.Fatalf("resealed kid = %s, want active %s", kid, k.ActiveID())
	}
	if got, err := k.Open(newTok, []byte("tenant-1/s-1")); err != nil || string(got) != "secret" {
		t.Fatalf("resealed token = %q, %v", got, err)
	}
	again, changed, err := k.Reseal(newTok, []byte("tenant-1/s-1"))
	if err != nil || changed || again != newTok {
		t.Fatalf("second Reseal = %q changed %v, %v; want unchanged", again, changed, err)
	}
	if _, _, err := k.Reseal(oldTok, []byte("tenant-2/s-1")); !errors.Is(err, secrets.ErrDecrypt) {
		t.Fatalf("Reseal with wrong AAD: err = %v, want ErrDecrypt", err)
	}
}

func TestRotateKeyFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	if _, err := secrets.RotateKeyFile(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("RotateKeyFile created a missing key file")
	}
}

func TestKeyFileFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	k := loadFile(t, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kf struct {
		Active string            `json:"active"`
		Keys   map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(data, &kf); err != nil {
		t.Fatal(err)
	}
	key, err := base64.StdEncoding.DecodeString(kf.Keys[kf.Active])
	if err != nil || kf.Active != k.ActiveID() || kidOf(key) != kf.Active {
		t.Fatalf("file %s does not hold the active key under its id", data)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}
