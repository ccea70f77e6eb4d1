package blobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/masteria/masteria/core/store"
)

// SweepAge is how old a file must be before Sweep may remove it: far
// longer than a Put takes between writing its file and recording its row.
const SweepAge = time.Hour

// Sweep removes what a crash can leave behind (see RATIONALE.md): files
// in tmp older than age, and blob files older than age that have no row.
// Files whose names are not blob IDs are left alone. It reports how many
// files it removed.
func (s *Store) Sweep(ctx context.Context, age time.Duration) (int, error) {
	cutoff := time.Now().Add(-age)
	removed := 0
	old := func(e os.DirEntry) bool {
		info, err := e.Info()
		return err == nil && info.Mode().IsRegular() && info.ModTime().Before(cutoff)
	}
	tmp, err := os.ReadDir(filepath.Join(s.dir, "tmp"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("blobs: sweep: %w", err)
	}
	for _, e := range tmp {
		if old(e) && os.Remove(filepath.Join(s.dir, "tmp", e.Name())) == nil {
			removed++
		}
	}
	tenants, err := os.ReadDir(s.dir)
	if err != nil {
		return removed, fmt.Errorf("blobs: sweep: %w", err)
	}
	for _, t := range tenants {
		if !t.IsDir() || t.Name() == "tmp" {
			continue
		}
		files, err := os.ReadDir(filepath.Join(s.dir, t.Name()))
		if err != nil {
			return removed, fmt.Errorf("blobs: sweep: %w", err)
		}
		for _, f := range files {
			if ctx.Err() != nil {
				return removed, ctx.Err()
			}
			if !validID.MatchString(f.Name()) || !old(f) {
				continue
			}
			_, err := s.meta.GetBlob(ctx, t.Name(), f.Name())
			if !errors.Is(err, store.ErrNotFound) {
				continue // recorded, or the store could not say: keep it
			}
			if os.Remove(filepath.Join(s.dir, t.Name(), f.Name())) == nil {
				removed++
			}
		}
	}
	return removed, nil
}
