package blobs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store/storetest"
)

// TestSweepRemovesOnlyOrphans: an old file without a row (a crash between
// writing and recording) and an old temporary file go; a recorded blob, a
// young orphan (a Put still in progress) and a file that is not a blob's
// stay; an orphan older than SweepWithin waits for a full sweep.
func TestSweepRemovesOnlyOrphans(t *testing.T) {
	bs, st, dir := openStore(t)
	ctx := context.Background()
	ten, _ := storetest.Seed(t, st, "a")
	kept, err := bs.Put(ctx, ten.ID, "", "image/png", strings.NewReader("kept"))
	if err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-2 * SweepAge)
	write := func(rel string, at time.Time) string {
		p := filepath.Join(dir, rel)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_ = os.Chtimes(filepath.Join(dir, ten.ID, kept.ID), long, long)
	orphan := write(filepath.Join(ten.ID, "blb_01m8orphan0000000000000000"), long)
	young := write(filepath.Join(ten.ID, "blb_01m8young00000000000000000"), time.Now())
	foreign := write(filepath.Join(ten.ID, "notes.txt"), long)
	oldTmp := write(filepath.Join("tmp", "put-123"), long)
	newTmp := write(filepath.Join("tmp", "put-456"), time.Now())

	ancient := write(filepath.Join(ten.ID, "blb_01m8ancient00000000000000"), time.Now().Add(-2*SweepWithin))
	n, err := bs.Sweep(ctx, SweepAge, SweepWithin) // an hourly sweep: not the ancient orphan
	if err != nil || n != 2 {
		t.Fatalf("Sweep = %d, %v; want 2 files removed", n, err)
	}
	if _, err := os.Stat(ancient); err != nil {
		t.Fatalf("an hourly sweep looked at a file older than SweepWithin: %v", err)
	}
	if n, err := bs.Sweep(ctx, SweepAge, 0); err != nil || n != 1 { // the first sweep: everything
		t.Fatalf("full Sweep = %d, %v; want the ancient orphan removed", n, err)
	}
	for p, want := range map[string]bool{orphan: false, oldTmp: false, ancient: false, young: true, foreign: true, newTmp: true,
		filepath.Join(dir, ten.ID, kept.ID): true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
	if rc, _, err := bs.Open(ctx, ten.ID, kept.ID); err != nil {
		t.Errorf("the recorded blob: %v", err)
	} else {
		rc.Close()
	}
}
