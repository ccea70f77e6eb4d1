package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/migrations"
)

// Migrate applies, in name order, every embedded migration of the dialect
// not yet recorded in schema_migrations, each in its own transaction.
// A recorded migration whose file changed since is an error: released
// migrations are never edited. On Postgres an advisory lock keeps two
// starting instances from migrating at once.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.c.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	files, err := fs.Glob(migrations.FS, db.dialect+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := db.applyMigration(ctx, f); err != nil {
			return fmt.Errorf("migrate %s: %w", f, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, file string) error {
	body, err := fs.ReadFile(migrations.FS, file)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	checksum := hex.EncodeToString(sum[:])
	version := strings.TrimPrefix(file, db.dialect+"/")
	return db.rawTx(ctx, func(c conn) error {
		if db.dialect == Postgres {
			if _, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(7157311)`); err != nil {
				return err
			}
		}
		var recorded string
		err := c.queryRow(ctx, `SELECT checksum FROM schema_migrations WHERE version = $1`, version).Scan(&recorded)
		switch {
		case err == nil && recorded != checksum:
			return fmt.Errorf("released migration was edited (checksum %.12s, recorded %.12s): add a new migration instead", checksum, recorded)
		case err == nil:
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		if _, err := c.exec(ctx, string(body)); err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ($1, $2, $3)`,
			version, checksum, time.Now().UnixMilli())
		return err
	})
}

// AppliedMigrations lists the recorded migration versions in order.
func (db *DB) AppliedMigrations(ctx context.Context) ([]string, error) {
	r, err := db.c.query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for r.Next() {
		var v string
		if err := r.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, r.Err()
}
