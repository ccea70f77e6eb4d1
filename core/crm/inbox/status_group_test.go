package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/sdk"
)

// TestConcurrentStatusesShareTransactions: 30 sent messages get delivered
// and read reports, each twice, 120 calls at once, with 10 reports for
// messages nobody sent among them. Whichever batch each lands in: every
// message ends read with sent, delivered, read in its history, exactly one
// call per change answers changed, each step is reported once (moved, or
// filled late), and only the unknown ones are not_found.
func TestConcurrentStatusesShareTransactions(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { concurrentStatuses(t, driver) })
	}
}

func concurrentStatuses(t *testing.T, driver string) {
	s, p := newServiceOn(t, driver)
	ctx := context.Background()
	const sent = 30
	ids := make([]string, sent)
	for i := range ids {
		r, err := s.Receive(ctx, p.TenantID, whatsapp(fmt.Sprintf("55119%08d", 80000000+i), fmt.Sprint("wamid.in", i), "oi", time.Now()))
		must(t, err)
		m, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "Olá!"})
		must(t, err)
		must(t, s.MarkSent(ctx, p.TenantID, m.ID, sdk.SendResult{MessageID: fmt.Sprint("wamid.out", i)}))
		ids[i] = m.ID
	}
	events(t, s.Store)
	type report struct {
		provider string
		status   sdk.DeliveryStatus
	}
	var reports []report
	for _, st := range []sdk.DeliveryStatus{sdk.StatusDelivered, sdk.StatusRead} {
		for range 2 {
			for i := range sent {
				reports = append(reports, report{fmt.Sprint("wamid.out", i), st})
			}
		}
	}
	for i := range 10 {
		reports = append(reports, report{fmt.Sprint("wamid.unknown", i), sdk.StatusRead})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	changes := map[report]int{}
	for _, r := range reports {
		wg.Go(func() {
			m, changed, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: r.provider, Status: r.status})
			mu.Lock()
			defer mu.Unlock()
			switch unknown := m.ID == "" && strings.HasPrefix(r.provider, "wamid.unknown"); {
			case unknown != apperr.Is(err, apperr.NotFound):
				t.Errorf("%v: error %v", r, err)
			case err == nil && changed:
				changes[report{r.provider, sdk.DeliveryStatus(m.Status)}]++
			}
		})
	}
	wg.Wait()
	// A read may overtake its delivered: then only read changed the message.
	statuses := 0
	for i := range sent {
		read, delivered := changes[report{fmt.Sprint("wamid.out", i), "read"}], changes[report{fmt.Sprint("wamid.out", i), "delivered"}]
		if read != 1 || delivered > 1 {
			t.Errorf("message %d: changed to read %d times, to delivered %d", i, read, delivered)
		}
		statuses += read + delivered
	}
	hs, err := s.Store.MessageStatuses(ctx, p.TenantID, ids)
	must(t, err)
	for i, id := range ids {
		var steps []string
		for _, h := range hs[id] {
			steps = append(steps, h.Status)
		}
		if !slices.Equal(steps, []string{"sent", "delivered", "read"}) {
			t.Errorf("message %d history %v", i, steps)
		}
	}
	n := 0
	for _, typ := range events(t, s.Store) {
		if typ == bus.EventMessageStatus {
			n++
		}
	}
	if n != 2*sent { // a delivered that came after read is reported as its step filled
		t.Errorf("%d message.status events for %d messages' delivered and read (%d moves)", n, sent, statuses)
	}
}
