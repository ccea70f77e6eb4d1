package sim

import (
	"encoding/json"
	"time"
)

// MaxBatch is the most updates Meta puts in one webhook POST
// (providers.md §1.6: "up to 1,000 updates may be batched").
const MaxBatch = 1000

// DefaultLinger is how long a batch waits for more updates when
// batching is on and no linger is given.
const DefaultLinger = time.Second

// WebhookBatch groups pending "messages" webhooks to the same callback
// (the same app, or the same override) into one signed POST, as Meta may:
// several entries (one per business account), several changes (one per
// run of one number's messages, statuses or errors) and several messages
// or statuses in one value. Batching is not guaranteed by Meta, so a
// receiver must take both forms.
type WebhookBatch struct {
	// MaxUpdates is the most updates in one POST (at most [MaxBatch]); 0
	// or 1 sends each update on its own.
	MaxUpdates int
	// Linger is how long the first update of a batch waits for others;
	// default [DefaultLinger]. A full batch goes at once.
	Linger time.Duration
}

// batchedEvent is one update waiting in a batch, with where it goes.
type batchedEvent struct {
	n           *number
	ev          webhookEvent
	url, secret string
}

// pendingBatch is the updates gathered for one callback.
type pendingBatch struct{ events []batchedEvent }

// batching is the batching in force: the webhook faults' when they set
// one, else the configuration's.
func (s *Server) batching() WebhookBatch {
	b := s.cfg.WebhookBatch
	if f := s.webhookFaults(); f.Batch > 0 {
		b = WebhookBatch{MaxUpdates: f.Batch, Linger: f.Linger}
	}
	b.MaxUpdates = min(b.MaxUpdates, MaxBatch)
	if b.Linger <= 0 {
		b.Linger = DefaultLinger
	}
	return b
}

// batchAfter adds e to its callback's batch after hold (reordering).
func (s *Server) batchAfter(hold time.Duration, e batchedEvent, b WebhookBatch) {
	if hold > 0 {
		s.sched.After(hold, func() { s.join(e, b) })
		return
	}
	s.join(e, b)
}

// join adds e to its callback's pending batch: a full batch is sent at
// once, and a new one is sent when its linger ends.
func (s *Server) join(e batchedEvent, b WebhookBatch) {
	key := e.url + "\x00" + e.secret
	s.mu.Lock()
	pb := s.st.batches[key]
	first := pb == nil
	if first {
		pb = &pendingBatch{}
		s.st.batches[key] = pb
	}
	pb.events = append(pb.events, e)
	full := len(pb.events) >= b.MaxUpdates
	if full {
		delete(s.st.batches, key)
	}
	s.mu.Unlock()
	switch {
	case full:
		s.flush(pb)
	case first:
		s.sched.After(b.Linger, func() {
			s.mu.Lock()
			due := s.st.batches[key] == pb
			if due {
				delete(s.st.batches, key)
			}
			s.mu.Unlock()
			if due {
				s.flush(pb)
			}
		})
	}
}

// flush sends a batch as one notification: an entry per business account,
// in order of first appearance, and in each a change per run of one
// number's updates of one kind, their messages, statuses and errors in
// one value.
func (s *Server) flush(pb *pendingBatch) {
	var note notification
	note.Object = "whatsapp_business_account"
	entries := map[string]int{}
	updates := 0
	for _, e := range pb.events {
		i, ok := entries[e.n.acct.ID]
		if !ok {
			i = len(note.Entry)
			entries[e.n.acct.ID] = i
			note.Entry = append(note.Entry, entry{ID: e.n.acct.ID})
		}
		ent := &note.Entry[i]
		v := valueOf(e.n, e.ev)
		updates += len(v.Messages) + len(v.Statuses) + len(v.Errors)
		if last := len(ent.Changes) - 1; last >= 0 && sameRun(ent.Changes[last].Value, v) {
			merge(&ent.Changes[last].Value, v)
			continue
		}
		ent.Changes = append(ent.Changes, change{Value: v, Field: "messages"})
	}
	body, _ := json.Marshal(note)
	first := pb.events[0]
	s.deliver(&Delivery{URL: first.url, Kind: "batch", Updates: updates, Body: body}, first.secret, 0)
}

// sameRun says whether v continues the change holding c: the same number
// and the same kind of update.
func sameRun(c, v changeValue) bool {
	kind := func(x changeValue) int {
		switch {
		case len(x.Messages) > 0:
			return 1
		case len(x.Statuses) > 0:
			return 2
		}
		return 3
	}
	return c.Metadata == v.Metadata && kind(c) == kind(v)
}

// merge appends v's updates to c, each contact once.
func merge(c *changeValue, v changeValue) {
	c.Messages = append(c.Messages, v.Messages...)
	c.Statuses = append(c.Statuses, v.Statuses...)
	c.Errors = append(c.Errors, v.Errors...)
	for _, k := range v.Contacts {
		known := false
		for _, have := range c.Contacts {
			known = known || have.WaID == k.WaID
		}
		if !known {
			c.Contacts = append(c.Contacts, k)
		}
	}
}
