package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestCampaignReasonCodesMigrate: a database from before reason codes
// (without the columns, its campaign rows written without them) gains
// them: old rows keep their English reason and have no code, and the
// store then keeps a code and params beside the text.
func TestCampaignReasonCodesMigrate(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			ten, _ := storetest.Seed(t, db, "acme")
			version := map[string]string{SQLite: "0017_campaign_reason_codes.sql", Postgres: "0015_campaign_reason_codes.sql"}[db.dialect]
			for _, q := range []string{`ALTER TABLE campaigns DROP COLUMN reason_code`, `ALTER TABLE campaigns DROP COLUMN reason_params`,
				`DELETE FROM schema_migrations WHERE version = '` + version + `'`} {
				if _, err := db.c.exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			old := ids.New("cmp")
			now := time.Now().UnixMilli()
			if _, err := db.c.exec(ctx, `INSERT INTO campaigns (id, tenant_id, name, kind, channel, spec, status, reason, created_at, updated_at)
				VALUES ($1, $2, 'old', 'message', 'sms', '{}', 'paused', 'paused by Ana (ana@loja.com)', $3, $3)`, old, ten.ID, now); err != nil {
				t.Fatal(err)
			}
			must(t, db.Migrate(ctx))

			c, err := db.GetCampaign(ctx, ten.ID, old)
			must(t, err)
			if c.Reason != "paused by Ana (ana@loja.com)" || c.ReasonCode != "" || c.ReasonParams != nil {
				t.Fatalf("an old row: %q %q %v", c.Reason, c.ReasonCode, c.ReasonParams)
			}
			c.ReasonCode, c.ReasonParams = "paused_by_user", map[string]any{"name": "Ana (ana@loja.com)"}
			must(t, db.SaveCampaign(ctx, c))
			if c, err = db.GetCampaign(ctx, ten.ID, old); err != nil || c.ReasonCode != "paused_by_user" || c.ReasonParams["name"] != "Ana (ana@loja.com)" {
				t.Fatalf("after the migration: %q %v (%v)", c.ReasonCode, c.ReasonParams, err)
			}
		})
	}
}
