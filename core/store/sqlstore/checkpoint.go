package sqlstore

import (
	"context"
	"sync"
	"time"
)

// SQLite copies its write-ahead log back into the database file in a
// checkpoint. By default the writer whose commit takes the log past 1,000
// pages runs it, fsyncs included, while every other write waits behind
// it. Here a goroutine runs PASSIVE checkpoints (they block neither
// writers nor readers) a few times a second after commits, so that work
// leaves the one writer's path; the writer's own threshold is raised to
// walBackstopPages, a backstop for when the goroutine falls behind.
const (
	checkpointEvery  = 250 * time.Millisecond
	walBackstopPages = "10000"
)

// checkpointer runs background checkpoints until stopped.
type checkpointer struct {
	stop chan struct{}
	done sync.WaitGroup
	once sync.Once
}

func (db *DB) startCheckpoints() {
	db.ckpt = &checkpointer{stop: make(chan struct{})}
	db.ckpt.done.Go(func() {
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		var seen uint64
		for {
			select {
			case <-db.ckpt.stop:
				return
			case <-t.C:
			}
			if n := db.commits.Load(); n != seen {
				seen = n
				_, _ = db.sqldb.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
			}
		}
	})
}

// stopCheckpoints ends the goroutine and waits for it.
func (db *DB) stopCheckpoints() {
	if db.ckpt == nil {
		return
	}
	db.ckpt.once.Do(func() { close(db.ckpt.stop) })
	db.ckpt.done.Wait()
}
