package inbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
)

// TestConcurrentReceivesShareTransactions: 300 concurrent deliveries of
// 150 messages (each delivered twice, from 30 senders) store each message
// once, answer every call, and emit one message.received per message —
// whichever batch each call lands in.
func TestConcurrentReceivesShareTransactions(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { concurrentReceives(t, driver) })
	}
}

func concurrentReceives(t *testing.T, driver string) {
	s, p := newServiceOn(t, driver)
	const messages, senders = 150, 30
	at := time.Now().Add(-time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, dups := map[string]int{}, 0
	for i := range 2 * messages {
		wg.Go(func() {
			id := fmt.Sprint("wamid.g", i%messages)
			from := fmt.Sprintf("55119%08d", 80000000+i%senders)
			r, err := s.Receive(context.Background(), p.TenantID, whatsapp(from, id, "oi", at))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Errorf("receive %s: %v", id, err)
			case r.Duplicate:
				dups++
			default:
				stored[r.Message.ProviderMessageID]++
				if r.Contact.ID == "" || r.Conversation.ID == "" || !r.Conversation.WindowOpen {
					t.Errorf("receive %s answered %+v", id, r)
				}
			}
		})
	}
	wg.Wait()
	if len(stored) != messages || dups != messages {
		t.Fatalf("stored %d distinct messages and %d duplicates, want %d and %d", len(stored), dups, messages, messages)
	}
	for id, n := range stored {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}
	received := 0
	for _, typ := range events(t, s.Store) {
		if typ == bus.EventMessageReceived {
			received++
		}
	}
	if received != messages {
		t.Errorf("%d message.received events, want %d", received, messages)
	}
}

// TestBadMessageFailsAlone: a message the store refuses (here, for a
// tenant that does not exist: a foreign key fails) fails by itself; the
// others, whichever batch they share with it, are stored.
func TestBadMessageFailsAlone(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { badMessageFailsAlone(t, driver) })
	}
}

func badMessageFailsAlone(t *testing.T, driver string) {
	s, p := newServiceOn(t, driver)
	at := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		wg.Go(func() {
			tenant := p.TenantID
			if i%10 == 7 {
				tenant = "ten_missing"
			}
			in := whatsapp(fmt.Sprintf("55119%08d", 80000000+i), fmt.Sprint("wamid.b", i), "oi", at)
			_, errs[i] = s.Receive(context.Background(), tenant, in)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if bad := i%10 == 7; bad != (err != nil) {
			t.Errorf("message %d: error %v", i, err)
		}
	}
}
