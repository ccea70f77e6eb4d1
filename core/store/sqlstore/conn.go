// Package sqlstore implements store.Store once, in SQL both SQLite and
// Postgres accept ($n placeholders, RETURNING, ON CONFLICT), over a small
// connection adapter per driver. Where the dialects differ (locking,
// full-text search) a dialect flag picks the statement.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/masteria/masteria/core/store"
)

// conn is what queries need from a pool or a transaction of either driver.
type conn interface {
	exec(ctx context.Context, q string, args ...any) (int64, error)
	query(ctx context.Context, q string, args ...any) (rows, error)
	queryRow(ctx context.Context, q string, args ...any) row
}

type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

type row interface{ Scan(dest ...any) error }

// --- database/sql (SQLite) ---

type sqlQuerier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// sqlConn runs on a database/sql pool or transaction. On the pool, writeMu
// (when set) serializes writes in this process: SQLite has one writer, and
// waiting on a Go mutex is fair and immediate where SQLite's busy handler
// sleeps in growing steps.
type sqlConn struct {
	q       sqlQuerier
	writeMu *sync.Mutex
}

func (c sqlConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	if c.writeMu != nil {
		c.writeMu.Lock()
		defer c.writeMu.Unlock()
	}
	res, err := c.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.RowsAffected()
}

func (c sqlConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return sqlRows{r}, nil
}

func (c sqlConn) queryRow(ctx context.Context, q string, args ...any) row {
	return mappedRow{c.q.QueryRowContext(ctx, q, args...)}
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

// --- pgx (Postgres) ---

type pgQuerier interface {
	Exec(ctx context.Context, q string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, q string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) pgx.Row
}

var _ pgQuerier = (*pgxpool.Pool)(nil)

type pgConn struct{ q pgQuerier }

func (c pgConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, q, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}

func (c pgConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := c.q.Query(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return r, nil
}

func (c pgConn) queryRow(ctx context.Context, q string, args ...any) row {
	return mappedRow{c.q.QueryRow(ctx, q, args...)}
}

// mappedRow turns driver "no rows" and constraint errors into store errors.
type mappedRow struct{ r row }

func (m mappedRow) Scan(dest ...any) error { return mapErr(m.r.Scan(dest...)) }

func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows), errors.Is(err, pgx.ErrNoRows):
		return store.ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return errors.Join(store.ErrConflict, err)
	}
	if strings.Contains(err.Error(), "UNIQUE constraint failed") || strings.Contains(err.Error(), "PRIMARY KEY constraint failed") {
		return errors.Join(store.ErrConflict, err)
	}
	return err
}
