package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeKeyFile writes k to path atomically with mode 0600, creating the
// parent directory with mode 0700. With replace false it fails with an error
// matching fs.ErrExist if path already exists, so two processes starting at
// once cannot overwrite each other's fresh key.
func writeKeyFile(path string, k *Keyring, replace bool) error {
	data, err := encodeKeyFile(k)
	if err != nil {
		return fmt.Errorf("secrets: encode key file: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secrets: key file directory: %w", err)
	}
	tmp, err := writeTemp(dir, filepath.Base(path), data)
	if err != nil {
		return fmt.Errorf("secrets: write key file: %w", err)
	}
	defer os.Remove(tmp) // gone after a rename; drops the extra name after a link
	if replace {
		err = os.Rename(tmp, path)
	} else {
		err = linkNoClobber(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("secrets: install key file: %w", err)
	}
	syncDir(dir)
	return nil
}

// writeTemp writes data to a new 0600 file in dir, synced to disk, and
// returns its name.
func writeTemp(dir, base string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// linkNoClobber gives tmp the name path unless path exists. A hard link is
// atomic and never replaces; on file systems without hard links it falls back
// to a rename guarded by an existence check.
func linkNoClobber(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, path)
}

// syncDir makes a rename durable; best effort (not supported everywhere).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
