package contacts

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

func newService(t *testing.T) (*Service, tenancy.Principal) {
	t.Helper()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ten, u := storetest.Seed(t, st, "acme")
	return New(st), tenancy.Principal{TenantID: ten.ID, UserID: u.ID, Role: auth.RoleOwner}
}

// events drains the outbox and returns the event types in order.
func events(t *testing.T, st store.Store) []string {
	t.Helper()
	var types []string
	for {
		n, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
			for _, e := range es {
				types = append(types, e.Type)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return types
		}
	}
}

func ptr(s string) *string { return &s }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
