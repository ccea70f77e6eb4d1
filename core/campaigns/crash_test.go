package campaigns

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// TestCrashCampaignChild is the campaign process the crash test kills; it
// does nothing unless started by TestKill9SendsEveryRecipientOnce.
func TestCrashCampaignChild(t *testing.T) {
	db, simURL := os.Getenv("CRASH_DB"), os.Getenv("CRASH_SIM")
	if db == "" {
		return
	}
	var st store.Store
	var err error
	if strings.HasPrefix(db, "postgres") {
		st, err = sqlstore.OpenPostgres(context.Background(), db)
	} else {
		st, err = sqlstore.OpenSQLite(context.Background(), db)
	}
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Store: st, Sender: newGraphSender(simURL), Log: quietLog(), Lease: 3 * time.Second, RecheckAfter: 5 * time.Second,
		Owner: fmt.Sprint("child-", os.Getpid())}
	_ = svc.Run(context.Background()) // until killed
}

// TestKill9SendsEveryRecipientOnce runs a 20,000-recipient campaign in a
// child process against the WhatsApp simulator on loopback, kills the
// child with SIGKILL at random moments, restarts it, and checks with the
// simulator's inspection API that every recipient got exactly one
// message. Attempts a kill left ambiguous are reported with how the ledger
// settled them.
func TestKill9SendsEveryRecipientOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 recipients")
	}
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { crashRun(t, driver) })
	}
}

func crashRun(t *testing.T, driver string) {
	const recipients = 20_000
	s, base := startWhatsApp(t, nil)
	dsn := filepath.Join(t.TempDir(), "crash.db")
	if driver == "postgres" {
		dsn = storetest.PostgresURL(t)
	}
	st, p := crashSeed(t, dsn, recipients)
	svc := &Service{Store: st, Log: quietLog()}
	c, err := svc.Create(context.Background(), p, Input{Name: "crash", Channel: "whatsapp", Spec: Spec{Pacing: unlimited,
		Message: &Message{Template: &Template{Name: "pedido_confirmado", Language: "pt_BR",
			Variables: map[string]string{"1": "{{ contact.first_name }}", "2": "{{ contact.id }}"}}}}})
	if err == nil {
		_, err = svc.Start(context.Background(), p, c.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	start, kills := time.Now(), 0
	for ; kills < 6; kills++ {
		child := startCampaignChild(t, dsn, base)
		time.Sleep(time.Duration(300+rand.IntN(900)) * time.Millisecond)
		_ = child.Process.Signal(syscall.SIGKILL)
		_ = child.Wait()
		pr, _ := svc.Progress(context.Background(), p, c.ID)
		t.Logf("kill %d: ledger %d sent of %d enqueued; provider has %d", kills+1, pr.Sent, pr.Audience, len(s.Messages(sim.Filter{})))
	}
	child := startCampaignChild(t, dsn, base)
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()
	pr := waitCompleted(t, svc, p, c.ID, 3*time.Minute)
	t.Logf("%s: %d recipients, %d kills, done in %v", driver, recipients, kills, time.Since(start).Round(time.Millisecond))
	checkExactlyOnce(t, s, st, p.TenantID, c.ID, recipients, pr)
}

// crashSeed opens the store and gives a tenant the recipients.
func crashSeed(t testing.TB, dsn string, n int) (store.Store, tenancy.Principal) {
	t.Helper()
	var st store.Store
	var err error
	if strings.HasPrefix(dsn, "postgres") {
		st, err = sqlstore.OpenPostgres(context.Background(), dsn)
	} else {
		st, err = sqlstore.OpenSQLite(context.Background(), dsn)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ten, _ := storetest.Seed(t, st, "crash")
	cs := make([]store.Contact, n)
	for i := range cs {
		cs[i] = storetest.NewContact(ten.ID, fmt.Sprintf("Pessoa%d Souza", i))
		cs[i].Phone = fmt.Sprintf("+55119%08d", i)
	}
	if err := st.InsertContacts(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	return st, tenancy.Principal{TenantID: ten.ID, UserID: "usr_crash", Role: auth.RoleOwner}
}

func startCampaignChild(t *testing.T, dsn, simURL string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashCampaignChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CRASH_DB="+dsn, "CRASH_SIM="+simURL)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func waitCompleted(t *testing.T, svc *Service, p tenancy.Principal, id string, limit time.Duration) Progress {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		pr, err := svc.Progress(context.Background(), p, id)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Status == store.CampaignCompleted {
			return pr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the campaign did not complete")
	return Progress{}
}

// checkExactlyOnce asks the simulator what it accepted: one message per
// recipient, each the one the ledger recorded.
func checkExactlyOnce(t *testing.T, s *sim.Server, st store.Store, tenantID, campaignID string, n int, pr Progress) {
	t.Helper()
	per := map[string][]string{}
	for _, m := range s.Messages(sim.Filter{}) {
		per[m.WaID] = append(per[m.WaID], m.ID)
	}
	if len(per) != n || pr.Sent != int64(n) || pr.Audience != int64(n) {
		t.Fatalf("%d recipients reached, ledger sent %d of an audience of %d, want %d", len(per), pr.Sent, pr.Audience, n)
	}
	for wa, ids := range per {
		if len(ids) != 1 {
			f := store.SendFilter{CampaignID: campaignID, Page: store.Page{Limit: 1000}}
			for {
				rows, next, _ := st.ListSends(context.Background(), tenantID, f)
				for _, row := range rows {
					if strings.TrimPrefix(row.Address, "+") == wa {
						t.Logf("ledger row of the duplicate: status=%s attempts=%d inflight=%d pmid=%s res=%q err=%q claimed=%v sent=%v lease=%v owner=%s", row.Status, row.Attempts, row.InFlight, row.ProviderMessageID, row.Resolution, row.Error, row.ClaimedAt, row.SentAt, row.LeaseUntil, row.LeaseOwner)
					}
				}
				if f.Cursor = next; next == "" {
					break
				}
			}
			for _, m := range s.Messages(sim.Filter{}) {
				if m.WaID == wa {
					t.Logf("provider message %s accepted at %v", m.ID, m.AcceptedAt)
				}
			}
			t.Fatalf("%s got %d messages: %v", wa, len(ids), ids)
		}
	}
	settled := map[string]int{}
	f := store.SendFilter{CampaignID: campaignID, Page: store.Page{Limit: 1000}}
	for {
		rows, next, err := st.ListSends(context.Background(), tenantID, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if ids := per[strings.TrimPrefix(row.Address, "+")]; row.Status != store.SendSent || ids[0] != row.ProviderMessageID {
				t.Fatalf("ledger row %s (%s, %s) is not the provider's message %v", row.ID, row.Status, row.ProviderMessageID, ids)
			}
			if row.Resolution != "" {
				settled[row.Resolution]++
			}
		}
		if f.Cursor = next; next == "" {
			break
		}
	}
	for why, k := range settled {
		t.Logf("ambiguous after a kill, settled %d×: %s", k, why)
	}
}
