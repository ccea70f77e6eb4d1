package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/masteria/masteria/core/store"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a store.Store over SQLite or Postgres.
type DB struct {
	queries
	sqldb     *sql.DB
	stmts     *stmtCache // SQLite's prepared statements
	pool      *pgxpool.Pool
	committed chan struct{}
	claimMu   sync.Mutex    // SQLite: one claimer at a time in this process
	writeMu   sync.Mutex    // SQLite: one writer at a time in this process
	commits   atomic.Uint64 // SQLite: write transactions committed
	ckpt      *checkpointer // SQLite: background WAL checkpoints
}

var _ store.Store = (*DB)(nil)

// OpenSQLite opens (creating if needed) the database file at path with WAL,
// foreign keys and a busy timeout, and applies pending migrations.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)" +
		"&_pragma=wal_autocheckpoint(" + walBackstopPages + ")"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	sqldb.SetMaxOpenConns(8)
	sqldb.SetMaxIdleConns(8) // a closed connection loses its prepared statements and pragmas
	db := newDB(SQLite, nil)
	db.stmts = newStmtCache(sqldb)
	db.queries.c = sqlConn{q: sqldb, writeMu: &db.writeMu, stmts: db.stmts}
	db.sqldb = sqldb
	if _, err := db.start(ctx); err != nil {
		return nil, err
	}
	db.startCheckpoints()
	return db, nil
}

// OpenPostgres connects a pgx pool to url and applies pending migrations.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := newDB(Postgres, pgConn{pool})
	db.pool = pool
	return db.start(ctx)
}

func newDB(dialect string, c conn) *DB {
	db := &DB{committed: make(chan struct{}, 1)}
	db.queries = queries{c: c, dialect: dialect, notify: db.signal}
	return db
}

func (db *DB) start(ctx context.Context) (*DB, error) {
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", db.dialect, err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.dialect == SQLite { // messages queued for the search index by another writer
		if _, err := db.queries.c.exec(ctx, indexQueued); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite: indexing queued messages: %w", err)
		}
	}
	return db, nil
}

// Driver names the dialect.
func (db *DB) Driver() string { return db.dialect }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if db.pool != nil {
		return db.pool.Ping(ctx)
	}
	return db.sqldb.PingContext(ctx)
}

// Close releases the connections.
func (db *DB) Close() error {
	if db.pool != nil {
		db.pool.Close()
		return nil
	}
	db.stopCheckpoints()
	db.stmts.close()
	return db.sqldb.Close()
}

// Committed is signalled after commits that emitted events.
func (db *DB) Committed() <-chan struct{} { return db.committed }

func (db *DB) signal() {
	select {
	case db.committed <- struct{}{}:
	default:
	}
}

// Tx runs fn in one transaction; it commits if fn returns nil.
func (db *DB) Tx(ctx context.Context, fn func(q store.Queries) error) error {
	emitted := false
	err := db.rawTx(ctx, func(c conn) error {
		return fn(queries{c: c, dialect: db.dialect, notify: func() { emitted = true }})
	})
	if err == nil && emitted {
		db.signal()
	}
	return err
}

// rawTx runs fn on a transaction's connection and commits if it returns nil.
func (db *DB) rawTx(ctx context.Context, fn func(c conn) error) error {
	if db.pool != nil {
		tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{})
		if err != nil {
			return err
		}
		if err := fn(pgConn{tx}); err != nil {
			_ = tx.Rollback(ctx)
			return err
		}
		return mapErr(tx.Commit(ctx))
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	tx, err := db.sqldb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	c := sqlConn{q: tx, tx: tx, stmts: db.stmts, queued: new(bool)}
	if err := fn(c); err != nil {
		_ = tx.Rollback()
		return err
	}
	if *c.queued {
		if _, err := c.exec(ctx, indexQueued); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	err = mapErr(tx.Commit())
	db.commits.Add(1)
	return err
}

// queries implements store.Queries over a pool or a transaction.
type queries struct {
	c       conn
	dialect string
	notify  func()
}

var _ store.Queries = queries{}

func notFoundIfNone(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// PoolStats reports the connection pool: open and in-use connections.
func (db *DB) PoolStats() (open, inUse int) {
	if db.pool != nil {
		s := db.pool.Stat()
		return int(s.TotalConns()), int(s.AcquiredConns())
	}
	s := db.sqldb.Stats()
	return s.OpenConnections, s.InUse
}
