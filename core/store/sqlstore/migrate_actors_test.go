package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestActorsMigrateToOneForm: rows written before actors had one form
// (an API key as "api_key:key_…", a flow's card move as "flow") read in
// the one form once the actor migration runs; other rows stay as they were.
func TestActorsMigrateToOneForm(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			ten, u := storetest.Seed(t, db, "acme")
			old := "api_key:key_01old"
			now := time.Now()
			c := storetest.NewContact(ten.ID, "Maria")
			must(t, db.CreateContact(ctx, c))
			conv, _, err := db.ConversationFor(ctx, storetest.NewConversation(ten.ID, c.ID, "conn_1"))
			must(t, err)
			byKey, byUser := storetest.NewMessage(conv, "by a key", now), storetest.NewMessage(conv, "by a user", now)
			byKey.Direction, byKey.AuthorID, byUser.Direction, byUser.AuthorID = "out", old, "out", u.ID
			for _, m := range []store.Message{byKey, byUser} {
				_, err := db.InsertMessage(ctx, m)
				must(t, err)
			}
			imp := ids.New("imp")
			must(t, db.CreateImport(ctx, store.ImportJob{ID: imp, TenantID: ten.ID, Status: "done", Options: []byte("{}"),
				Source: []byte("x"), Errors: []byte("[]"), CreatedBy: old, CreatedAt: now}))
			for _, src := range []string{"agent:" + old, "keyword:PARAR"} {
				must(t, db.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: ten.ID, ContactID: c.ID, Channel: "whatsapp",
					Status: "opt_in", Source: src, CreatedAt: now}))
			}
			board := storetest.NewBoard(t, db, ten.ID, "Vendas", "Novo")
			card := store.Card{ID: ids.New("crd"), TenantID: ten.ID, BoardID: board.ID, StageID: board.Stages[0].ID, ContactID: c.ID,
				Title: "deal", Position: "a0", CreatedAt: now, UpdatedAt: now}
			must(t, db.CreateCard(ctx, card))
			for i, actor := range []string{old, "flow", u.ID} {
				must(t, db.AddCardEvent(ctx, store.CardEvent{ID: ids.New("cev"), TenantID: ten.ID, CardID: card.ID, Kind: "moved",
					Actor: actor, CreatedAt: now.Add(time.Duration(i) * time.Millisecond)}))
			}

			// Run the actor migration again over these rows.
			version := map[string]string{SQLite: "0016_actor_ids.sql", Postgres: "0014_actor_ids.sql"}[db.dialect]
			if _, err := db.c.exec(ctx, `DELETE FROM schema_migrations WHERE version = $1`, version); err != nil {
				t.Fatal(err)
			}
			must(t, db.Migrate(ctx))

			msgs, _, err := db.ListMessages(ctx, ten.ID, conv.ID, store.Page{Limit: 10})
			must(t, err)
			authors := map[string]string{}
			for _, m := range msgs {
				authors[m.Text] = m.AuthorID
			}
			if authors["by a key"] != "key_01old" || authors["by a user"] != u.ID {
				t.Errorf("message authors: %v", authors)
			}
			if job, err := db.GetImport(ctx, ten.ID, imp); err != nil || job.CreatedBy != "key_01old" {
				t.Errorf("import created_by %q (%v)", job.CreatedBy, err)
			}
			consents, err := db.ListConsents(ctx, ten.ID, c.ID)
			must(t, err)
			sources := map[string]bool{}
			for _, cs := range consents {
				sources[cs.Source] = true
			}
			if !sources["agent:key_01old"] || !sources["keyword:PARAR"] || len(sources) != 2 {
				t.Errorf("consent sources: %v", sources)
			}
			events, err := db.ListCardEvents(ctx, ten.ID, card.ID)
			must(t, err)
			var actors []string
			for _, e := range events {
				actors = append(actors, e.Actor)
			}
			if len(actors) != 3 || actors[0] != "key_01old" || actors[1] != "system" || actors[2] != u.ID {
				t.Errorf("card history actors: %v", actors)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
