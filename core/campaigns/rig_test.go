package campaigns

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

// rig is a campaign service over a real store, sending to the simulators.
type rig struct {
	t      *testing.T
	st     store.Store
	svc    *Service
	p      tenancy.Principal
	cancel context.CancelFunc
	done   chan struct{}
}

func openStore(t testing.TB, driver string) store.Store {
	t.Helper()
	var st store.Store
	var err error
	if driver == "postgres" {
		st, err = sqlstore.OpenPostgres(context.Background(), storetest.PostgresURL(t))
	} else {
		st, err = sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newRig(t *testing.T, driver string, sender Sender) *rig {
	st := openStore(t, driver)
	ten, u := storetest.Seed(t, st, "camp")
	svc := &Service{Store: st, Sender: sender, Log: quietLog(), ProgressEvery: 50 * time.Millisecond, RecheckAfter: 300 * time.Millisecond}
	return &rig{t: t, st: st, svc: svc, p: tenancy.Principal{TenantID: ten.ID, UserID: u.ID, Role: auth.RoleOwner}}
}

// start runs the service's background parts until the test ends.
func (r *rig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() { _ = r.svc.Run(ctx); close(r.done) }()
	r.t.Cleanup(r.stop)
}

func (r *rig) stop() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
		r.cancel = nil
	}
}

// contacts creates n contacts named "Person i" with phones +55119xxxxxxxx.
func (r *rig) contacts(n int, edit func(i int, c *store.Contact)) []store.Contact {
	r.t.Helper()
	cs := make([]store.Contact, n)
	for i := range cs {
		c := storetest.NewContact(r.p.TenantID, fmt.Sprintf("Person%d Silva", i))
		c.Phone = fmt.Sprintf("+55119%08d", i)
		if edit != nil {
			edit(i, &c)
		}
		cs[i] = c
	}
	if err := r.st.InsertContacts(context.Background(), cs); err != nil {
		r.t.Fatal(err)
	}
	return cs
}

func (r *rig) optOut(c store.Contact, channel string) {
	r.t.Helper()
	err := r.st.AddConsent(context.Background(), store.Consent{ID: ids.New("cns"), TenantID: r.p.TenantID, ContactID: c.ID,
		Channel: channel, Status: "opt_out", Source: "test", CreatedAt: time.Now()})
	if err != nil {
		r.t.Fatal(err)
	}
}

// launch creates and starts a campaign.
func (r *rig) launch(name, channel string, spec Spec) store.Campaign {
	r.t.Helper()
	ctx := context.Background()
	c, err := r.svc.Create(ctx, r.p, Input{Name: name, Channel: channel, Spec: spec})
	if err != nil {
		r.t.Fatal(err)
	}
	if c, err = r.svc.Start(ctx, r.p, c.ID); err != nil {
		r.t.Fatal(err)
	}
	r.svc.Notify()
	return c
}

// waitFor polls the campaign's progress until ok or the deadline.
func (r *rig) waitFor(id string, what string, ok func(Progress) bool) Progress {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var pr Progress
	for time.Now().Before(deadline) {
		var err error
		if pr, err = r.svc.Progress(context.Background(), r.p, id); err != nil {
			r.t.Fatal(err)
		}
		if ok(pr) {
			return pr
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatalf("campaign never got %s: %+v", what, pr)
	return pr
}

func completed(pr Progress) bool { return pr.Status == store.CampaignCompleted }

// unlimited lifts pacing for a simulator with its limits lifted.
var unlimited = Pacing{MPS: -1, Tier: "TIER_UNLIMITED"}
