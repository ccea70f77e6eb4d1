package sdk

import (
	"context"
	"errors"
	"fmt"
)

// Open brings up one connection of p: it restricts conn.Host to the
// manifest's permissions, parses an empty config when conn.Config is nil,
// then calls Provision, Validate and Start, whichever p implements. If any
// step fails, Open calls Cleanup before returning, so a half-built plugin
// releases what it took; the error then joins both failures and keeps the
// first one's class.
func Open(ctx context.Context, p Plugin, conn Connection) error {
	if err := open(ctx, p, conn); err != nil {
		if cerr := Close(p); cerr != nil {
			return errors.Join(err, cerr)
		}
		return err
	}
	return nil
}

func open(ctx context.Context, p Plugin, conn Connection) error {
	m := p.Manifest()
	conn.Host = m.Permissions.Restrict(conn.Host)
	if conn.Config == nil {
		cfg, err := m.Config.Parse(nil)
		if err != nil {
			return fmt.Errorf("config: %w", err)
		}
		conn.Config = cfg
	}
	if pr, ok := p.(Provisioner); ok {
		if err := pr.Provision(ctx, conn); err != nil {
			return fmt.Errorf("provision: %w", err)
		}
	}
	if v, ok := p.(Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("validate: %w", err)
		}
	}
	return start(ctx, p)
}

func start(ctx context.Context, p Plugin) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s, ok := p.(Starter); ok {
		if err := s.Start(ctx); err != nil {
			return fmt.Errorf("start: %w", err)
		}
	}
	return nil
}

// Close calls Cleanup when p implements [Cleaner].
func Close(p Plugin) error {
	if c, ok := p.(Cleaner); ok {
		if err := c.Cleanup(); err != nil {
			return fmt.Errorf("cleanup: %w", err)
		}
	}
	return nil
}
