package sim

import (
	"strings"
	"time"
)

// defaultThroughput is Meta's default messages per second per number.
const defaultThroughput = 80

// bucket is a token bucket: capacity tokens, refilled at rate per second.
type bucket struct {
	tokens float64
	last   time.Time
}

// take spends one token if there is one.
func (b *bucket) take(now time.Time, rate, capacity float64) bool {
	if b.last.IsZero() {
		b.tokens, b.last = capacity, now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(capacity, b.tokens+el*rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// window is a customer-service window opened by the user's last message.
type window struct {
	until      time.Time
	entryPoint bool // opened by a Click-to-WhatsApp ad (free entry point, 72 h)
}

// reachLog counts unique users reached outside a window in a rolling 24 h,
// for the messaging-limit tier.
type reachLog struct {
	first map[string]time.Time
	queue []reach
}

type reach struct {
	user string
	at   time.Time
}

// admit records user as reached at now unless that would exceed limit
// (-1 is unlimited). A user already reached in the last 24 h is free.
func (l *reachLog) admit(user string, now time.Time, limit int) bool {
	l.prune(now)
	if _, ok := l.first[user]; ok {
		return true
	}
	if limit >= 0 && len(l.first) >= limit {
		return false
	}
	l.first[user] = now
	l.queue = append(l.queue, reach{user, now})
	return true
}

// prune forgets users reached 24 h ago or more.
func (l *reachLog) prune(now time.Time) {
	for len(l.queue) > 0 && now.Sub(l.queue[0].at) >= 24*time.Hour {
		delete(l.first, l.queue[0].user)
		l.queue = l.queue[1:]
	}
}

// checkThroughput applies the number's messages-per-second limit (130429).
func (s *Server) checkThroughput(n *number, now time.Time) *GraphError {
	mps := n.Throughput
	if mps == Unlimited {
		return nil
	}
	if mps <= 0 {
		mps = defaultThroughput
	}
	b := s.st.throughput[n.ID]
	if b == nil {
		b = &bucket{}
		s.st.throughput[n.ID] = b
	}
	if !b.take(now, float64(mps), float64(mps)) {
		return codeError(130429, "")
	}
	return nil
}

// checkPairRate applies the (business number, user) pair rate (131056).
func (s *Server) checkPairRate(n *number, user string, now time.Time) *GraphError {
	key := n.ID + "|" + user
	b := s.st.pairs[key]
	if b == nil {
		b = &bucket{}
		s.st.pairs[key] = b
	}
	pr := s.cfg.PairRate
	if !b.take(now, 1/pr.Every.Seconds(), float64(pr.Burst)) {
		return codeError(131056, "")
	}
	return nil
}

// windowOf returns the user's open customer-service window, if any.
func (s *Server) windowOf(n *number, user string, now time.Time) (window, bool) {
	w, ok := s.st.windows[n.ID+"|"+user]
	return w, ok && now.Before(w.until)
}

// openWindow opens or refreshes the window after an inbound message.
func (s *Server) openWindow(phoneID, user string, now time.Time, entryPoint bool) {
	key := phoneID + "|" + user
	w := window{until: now.Add(24 * time.Hour)}
	if entryPoint {
		w = window{until: now.Add(72 * time.Hour), entryPoint: true}
	}
	if old, ok := s.st.windows[key]; ok && old.until.After(w.until) {
		w = old
	}
	s.st.windows[key] = w
}

// RememberWindow opens user's customer-service window on a phone number
// as a message from them at lastInbound would have: Meta keeps windows
// across a restart of whoever talks to it, and a simulator that starts
// afresh is told them (serve --demo replays its conversations'), so the
// inbox and the simulator agree on who may be answered.
func (s *Server) RememberWindow(phoneNumberID, user string, lastInbound time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openWindow(phoneNumberID, strings.TrimPrefix(user, "+"), lastInbound, false)
}

// admitReach applies the account's messaging-limit tier to a business-
// initiated send outside a window.
func (s *Server) admitReach(a *account, user string, now time.Time) bool {
	l := s.st.reached[a.ID]
	if l == nil {
		l = &reachLog{first: map[string]time.Time{}}
		s.st.reached[a.ID] = l
	}
	return l.admit(user, now, a.MessagingLimit.limit())
}

// reachedCount reports how many unique users count against the tier now.
func (s *Server) reachedCount(a *account, now time.Time) int {
	l := s.st.reached[a.ID]
	if l == nil {
		return 0
	}
	l.prune(now)
	return len(l.first)
}
