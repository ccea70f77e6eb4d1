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

// SweepWithin is how far back an hourly sweep looks, after a first one
// over everything: every file meets at least two sweeps while it is
// between SweepAge and SweepWithin old.
const SweepWithin = 4 * time.Hour

// Sweep removes what a crash can leave behind (see RATIONALE.md): files
// in tmp older than age, and blob files older than age that have no row.
// within bounds the blob files it looks up to those younger than within
// (0: all): a crash leaves its orphan once, so after a first sweep of
// everything the hourly ones need only look at the files written since,
// not ask the store about every file again. Files whose names are not blob
// IDs are left alone. It reports how many files it removed.
func (s *Store) Sweep(ctx context.Context, age, within time.Duration) (int, error) {
	now := time.Now()
	cutoff := now.Add(-age)
	removed := 0
	old := func(e os.DirEntry) bool {
		info, err := e.Info()
		return err == nil && info.Mode().IsRegular() && info.ModTime().Before(cutoff)
	}
	recent := func(e os.DirEntry) bool {
		info, err := e.Info()
		return within <= 0 || err == nil && info.ModTime().After(now.Add(-within))
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
			if !validID.MatchString(f.Name()) || !old(f) || !recent(f) {
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
