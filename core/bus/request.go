package bus

import (
	"context"
	"strconv"
	"sync"

	"github.com/nats-io/nats.go"
)

// Request sends data to subject and waits for one reply, like
// nats.Conn.RequestWithContext, with one fewer goroutine hand-off. nats.go
// routes every reply through its shared response subscription, whose own
// goroutine passes it on to the caller; here a caller borrows an inbox of
// its own (a synchronous subscription) and reads the reply itself, straight
// from the connection's reader. A reply that comes after its caller gave up
// is told apart by its subject and dropped by the inbox's next borrower.
func (b *Bus) Request(ctx context.Context, subject string, data []byte) (*nats.Msg, error) {
	box, err := b.inboxes.get(b.NC)
	if err != nil {
		return nil, err
	}
	box.n++
	reply := box.prefix + strconv.FormatUint(box.n, 10)
	if err := b.NC.PublishRequest(subject, reply, data); err != nil {
		b.inboxes.put(box)
		return nil, err
	}
	for {
		msg, err := box.sub.NextMsgWithContext(ctx)
		if err != nil {
			b.inboxes.put(box)
			return nil, err
		}
		if msg.Subject != reply {
			continue // a late reply to an earlier borrower
		}
		b.inboxes.put(box)
		if len(msg.Data) == 0 && msg.Header.Get("Status") == noRespondersStatus {
			return nil, nats.ErrNoResponders
		}
		return msg, nil
	}
}

// noRespondersStatus is the status the server replies with when nothing
// subscribes to a request's subject.
const noRespondersStatus = "503"

// maxIdleInboxes bounds the inboxes kept between requests; more callers at
// once get inboxes that are unsubscribed when they are done.
const maxIdleInboxes = 64

// inbox is one caller's reply subscription, on <inbox>.* .
type inbox struct {
	sub    *nats.Subscription
	prefix string // "<inbox>."
	n      uint64 // the last request's number, the reply subject's last token
}

// inboxPool keeps idle inboxes for the next requests.
type inboxPool struct {
	mu   sync.Mutex
	idle []*inbox
}

func (p *inboxPool) get(nc *nats.Conn) (*inbox, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		box := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return box, nil
	}
	p.mu.Unlock()
	prefix := nc.NewInbox() + "."
	sub, err := nc.SubscribeSync(prefix + "*")
	if err != nil {
		return nil, err
	}
	return &inbox{sub: sub, prefix: prefix}, nil
}

func (p *inboxPool) put(box *inbox) {
	p.mu.Lock()
	if len(p.idle) < maxIdleInboxes && box.sub.IsValid() {
		p.idle = append(p.idle, box)
		box = nil
	}
	p.mu.Unlock()
	if box != nil {
		_ = box.sub.Unsubscribe()
	}
}
