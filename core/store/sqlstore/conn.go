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
	stmts   *stmtCache
	tx      *sql.Tx // when q is a transaction
	// queued is set in a transaction that queued messages for the search
	// index (messages_fts_pending); rawTx indexes them before committing.
	queued *bool
}

// on returns what runs q: its cached prepared statement (bound to the
// transaction, if any) or, for a query the cache does not keep, c.q.
func (c sqlConn) on(ctx context.Context, q string) sqlStmt {
	s := c.stmts.get(ctx, q)
	if s == nil {
		return plainStmt{c.q, positional(q)}
	}
	if c.tx != nil {
		return c.tx.StmtContext(ctx, s)
	}
	return s
}

func (c sqlConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	if c.writeMu != nil {
		c.writeMu.Lock()
		defer c.writeMu.Unlock()
	}
	res, err := c.on(ctx, q).ExecContext(ctx, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.RowsAffected()
}

func (c sqlConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := c.on(ctx, q).QueryContext(ctx, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	return sqlRows{r}, nil
}

func (c sqlConn) queryRow(ctx context.Context, q string, args ...any) row {
	return mappedRow{c.on(ctx, q).QueryRowContext(ctx, args...)}
}

// sqlStmt is a prepared statement or a query text with its querier.
type sqlStmt interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}

type plainStmt struct {
	q    sqlQuerier
	text string
}

func (p plainStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return p.q.ExecContext(ctx, p.text, args...)
}

func (p plainStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return p.q.QueryContext(ctx, p.text, args...)
}

func (p plainStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return p.q.QueryRowContext(ctx, p.text, args...)
}

// stmtCache keeps one prepared statement per query text. SQLite compiles
// every statement it is given, and modernc's driver caches nothing: before
// this cache, parsing SQL was a third of the CPU an inbound message cost.
// database/sql prepares a cached statement once per pooled connection and
// reuses that inside transactions (Tx.StmtContext). Queries built with a
// variable shape could grow it without end, so past maxCachedStmts new
// texts run unprepared.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const maxCachedStmts = 1024

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}}
}

// get returns q's prepared statement, or nil when q is not cached (a nil
// cache, a full one, or a text that does not prepare: running it unprepared
// reports the error).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, positional(q))
	if err != nil {
		return nil
	}
	c.m[q] = s
	return s
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
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

// planEach starts the text of a statement that Postgres must plan with
// each execution's values (pgx's unnamed statement) rather than keep a
// generic plan: see RATIONALE.md, "Postgres plans batch lookups each time".
// SQLite reads it as a comment.
const planEach = "/* planned each time */ "

// pgArgs puts pgx's exec mode before args for a planEach statement.
func pgArgs(q string, args []any) []any {
	if strings.HasPrefix(q, planEach) {
		return append([]any{pgx.QueryExecModeExec}, args...)
	}
	return args
}

func (c pgConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, q, pgArgs(q, args)...)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}

func (c pgConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	r, err := c.q.Query(ctx, q, pgArgs(q, args)...)
	if err != nil {
		return nil, mapErr(err)
	}
	return r, nil
}

func (c pgConn) queryRow(ctx context.Context, q string, args ...any) row {
	return mappedRow{c.q.QueryRow(ctx, q, pgArgs(q, args)...)}
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
