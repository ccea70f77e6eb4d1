package sqlstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestBackgroundCheckpoints: commits that leave the log far below the
// writer's own checkpoint threshold still reach the database file, copied
// by the background checkpoints.
func TestBackgroundCheckpoints(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ten, _ := storetest.Seed(t, db, "ckpt")
	size := func() int64 {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	db.stopCheckpoints() // hold them while writing
	before := size()
	for i := range 20 {
		err := db.Tx(ctx, func(q store.Queries) error {
			var cs []store.Contact
			for j := range 100 {
				c := storetest.NewContact(ten.ID, fmt.Sprint("Contact ", i, j))
				c.Phone = fmt.Sprintf("+55119%08d", i*100+j)
				cs = append(cs, c)
			}
			return q.InsertContacts(ctx, cs)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if size() != before {
		t.Fatalf("the writer checkpointed by itself: the file grew from %d to %d bytes", before, size())
	}
	db.startCheckpoints()
	for deadline := time.Now().Add(10 * time.Second); size() == before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no background checkpoint copied the log into the database file")
		}
	}
}
