package campaigns

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestTwoInstancesNeverSendTwice: two server instances on one Postgres
// share a campaign (claims skip rows the other holds, rounds are leased);
// every recipient gets exactly one message.
func TestTwoInstancesNeverSendTwice(t *testing.T) {
	const recipients = 5_000
	s, base := startWhatsApp(t, nil)
	url := storetest.PostgresURL(t)
	st, p := crashSeed(t, url, recipients)
	var services []*Service
	for _, owner := range []string{"instance-a", "instance-b"} {
		db, err := sqlstore.OpenPostgres(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		svc := &Service{Store: db, Sender: newGraphSender(base), Log: quietLog(), Owner: owner, Batch: 200}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = svc.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		services = append(services, svc)
	}
	c, err := services[0].Create(context.Background(), p, Input{Name: "shared", Channel: "whatsapp", Spec: Spec{Message: hello(), Pacing: unlimited}})
	if err == nil {
		_, err = services[1].Start(context.Background(), p, c.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	pr := waitCompleted(t, &Service{Store: st}, p, c.ID, time.Minute)
	checkExactlyOnce(t, s, st, p.TenantID, c.ID, recipients, pr)
}
