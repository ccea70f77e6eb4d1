package plugin

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
)

const (
	// beatEvery is how often an instance says it is alive.
	beatEvery = 2 * time.Second
	// beatLapse is how long an instance not heard from still owns its
	// connections: three beats missed.
	beatLapse = 3 * beatEvery
)

// Roster is the set of live instances serving plugin actions on the bus,
// learned from their heartbeats, and the owner it gives each connection.
//
// A plugin keeps per-connection state the provider's rules depend on: the
// pacer of a WhatsApp number (80 messages/s, the pair rate, the backoff
// Meta asked for), a Twilio sender's rate. Shared round-robin among N
// instances, a connection would get N pacers and N times the rate. So
// callers send a connection's calls to one instance, its owner, chosen by
// rendezvous hashing over the live instances serving the action: every
// caller picks the same owner, and when an instance comes or goes only the
// connections it owns, or comes to own, move (RATIONALE.md, "One owner per
// connection").
type Roster struct {
	ID  string // this instance
	Bus *bus.Bus
	Log *slog.Logger

	mu      sync.Mutex
	peers   map[string]peer
	shunned map[string]time.Time // instances that failed a call, and when
	offered func() []string      // the actions this instance serves now
	beat    chan struct{}
	clock   func() time.Time
}

type peer struct {
	actions map[string]bool
	heard   time.Time
}

// beatMsg is a heartbeat. One with no actions says goodbye: the instance
// serves nothing (any more).
type beatMsg struct {
	ID      string   `json:"id"`
	Actions []string `json:"actions,omitempty"`
}

// NewRoster makes a roster for an instance with a fresh ID.
func NewRoster(b *bus.Bus, log *slog.Logger) *Roster {
	if log == nil {
		log = slog.Default()
	}
	return &Roster{ID: ids.New("ins"), Bus: b, Log: log, peers: map[string]peer{}, shunned: map[string]time.Time{},
		beat: make(chan struct{}, 1), clock: time.Now}
}

// Run listens to the other instances and beats for this one until ctx
// ends, then says goodbye so callers move its connections at once. It
// returns early only when the bus connection is closed.
func (r *Roster) Run(ctx context.Context) error {
	beats, err := r.Bus.NC.Subscribe(r.Bus.HostBeat(), r.heard)
	if err != nil {
		return err
	}
	defer beats.Unsubscribe()
	who, err := r.Bus.NC.Subscribe(r.Bus.HostWho(), func(*nats.Msg) { r.beatNow() })
	if err != nil {
		return err
	}
	defer who.Unsubscribe()
	// A flush that fails (NATS reconnecting) loses nothing: the client
	// resends its subscriptions on reconnect, and the beats go on.
	if err := r.Bus.NC.Flush(); err != nil {
		r.Log.Warn("roster: bus not flushed", "err", err)
	}
	_ = r.Bus.NC.Publish(r.Bus.HostWho(), nil)
	tick := time.NewTicker(beatEvery)
	defer tick.Stop()
	for {
		r.send()
		select {
		case <-ctx.Done():
			r.Leave()
			return nil
		case <-tick.C:
		case <-r.beat:
		}
	}
}

// Leave says goodbye: callers route this instance's connections elsewhere
// from now on. ServeActions leaves before it stops serving, so calls stop
// coming before its subscriptions go.
func (r *Roster) Leave() {
	r.mu.Lock()
	r.offered = nil
	r.mu.Unlock()
	r.send()
	_ = r.Bus.NC.Flush()
}

// Offer records how to list the actions this instance serves now (their
// subscriptions must be in place), asked at every beat, and announces
// them.
func (r *Roster) Offer(actions func() []string) {
	r.mu.Lock()
	r.offered = actions
	r.mu.Unlock()
	r.beatNow()
}

func (r *Roster) beatNow() {
	select {
	case r.beat <- struct{}{}:
	default:
	}
}

func (r *Roster) send() {
	r.mu.Lock()
	offered := r.offered
	r.mu.Unlock()
	msg := beatMsg{ID: r.ID}
	if offered != nil {
		msg.Actions = offered()
	}
	raw, _ := json.Marshal(msg)
	if err := r.Bus.NC.Publish(r.Bus.HostBeat(), raw); err != nil {
		r.Log.Warn("roster: heartbeat not sent", "err", err)
	}
}

func (r *Roster) heard(msg *nats.Msg) {
	var b beatMsg
	if err := json.Unmarshal(msg.Data, &b); err != nil || b.ID == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock()
	if len(b.Actions) == 0 {
		delete(r.peers, b.ID)
		return
	}
	if at, ok := r.shunned[b.ID]; ok {
		if now.Sub(at) <= beatLapse {
			return
		}
		delete(r.shunned, b.ID)
	}
	p := peer{actions: make(map[string]bool, len(b.Actions)), heard: now}
	for _, a := range b.Actions {
		p.actions[a] = true
	}
	r.peers[b.ID] = p
}

// Shun drops an instance that failed a call it owned: it did not answer
// (it stopped without a goodbye, or lost its subscriptions) or its plugin
// host is down. Its heartbeats are ignored for beatLapse, so its
// connections stay with the next instance in their ranking meanwhile
// instead of flapping back on every beat.
func (r *Roster) Shun(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock()
	for old, at := range r.shunned {
		if now.Sub(at) > beatLapse {
			delete(r.shunned, old)
		}
	}
	delete(r.peers, id)
	r.shunned[id] = now
}

// Live lists the instances serving actionID, in ID order.
func (r *Roster) Live(actionID string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock()
	var out []string
	for id, p := range r.peers {
		if now.Sub(p.heard) <= beatLapse && p.actions[actionID] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Owner names the instance that serves actionID's calls for key (a
// connection), among the live instances serving it other than skip (the
// next one in the key's ranking, when skip is its owner); ok is false when
// none is known, and the call goes to the shared queue group.
func (r *Roster) Owner(actionID, key, skip string) (id string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock()
	var best uint64
	for pid, p := range r.peers {
		if now.Sub(p.heard) > beatLapse {
			delete(r.peers, pid)
			continue
		}
		if !p.actions[actionID] || pid == skip {
			continue
		}
		if w := weight(key, pid); !ok || w > best || (w == best && pid < id) {
			id, best, ok = pid, w, true
		}
	}
	return id, ok
}

// weight is key's rendezvous weight on an instance: the highest wins.
func weight(key, instance string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(instance))
	return mix(h.Sum64())
}

// mix spreads FNV's output (splitmix64's finalizer): FNV alone leaves
// keys that differ in their last bytes close together.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
