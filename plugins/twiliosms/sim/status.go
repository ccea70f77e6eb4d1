package sim

import (
	"net/url"
	"strconv"
	"time"
)

// statusRank orders statuses so a message never moves backwards.
var statusRank = map[string]int{"accepted": 0, "queued": 1, "sending": 2, "sent": 3,
	"failed": 4, "undelivered": 4, "delivered": 4}

// reorderHold is how long Reorder holds back each earlier callback.
const reorderHold = 10 * time.Second

// schedule walks an accepted message through its statuses: queued at once,
// sent when it leaves the sender's queue, then delivered — or failed or
// undelivered with an ErrorCode. An MMS's media is fetched as it leaves
// the queue (fetchMedia); one that cannot be fetched fails it.
func (s *Server) schedule(m *Message, p *plan) {
	s.sched.After(0, func() { s.advance(m, "queued", 0) })
	final := finalStatus(p.failCode)
	if p.failCode != 0 && final == "failed" {
		s.sched.After(p.failAt, func() { s.advance(m, "failed", p.failCode) })
		return
	}
	if len(m.MediaURLs) == 0 {
		s.deliver(m, p, p.dequeue)
		return
	}
	s.sched.After(p.dequeue, func() {
		if code := s.fetchMedia(m); code != 0 {
			s.advance(m, "failed", code)
			return
		}
		s.deliver(m, p, 0)
	})
}

// deliver walks a message that leaves the sender's queue after wait to
// sent, then delivered, or undelivered with its planned ErrorCode.
func (s *Server) deliver(m *Message, p *plan, wait time.Duration) {
	prog := s.cfg.Progression
	final := finalStatus(p.failCode)
	sentAt := wait + prog.Sent
	s.sched.After(sentAt, func() { s.advance(m, "sent", 0) })
	if p.failCode != 0 {
		s.sched.After(sentAt+prog.Delivered, func() { s.advance(m, final, p.failCode) })
		return
	}
	s.sched.After(sentAt+prog.Delivered, func() { s.advance(m, "delivered", 0) })
}

// advance records a status (a record never moves backwards) and posts its
// status callback, even when a later status overtook it on the wall clock:
// callbacks are unordered, never lost.
func (s *Server) advance(m *Message, status string, code int) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	if statusRank[status] > statusRank[m.Status] {
		m.Status = status
		m.History = append(m.History, StatusChange{status, now})
	}
	if status == "sent" {
		m.SentAt = now
	}
	if code != 0 {
		m.ErrorCode = code
	}
	params := callbackParams(m, status, code, now)
	snapshot := *m
	acct := s.reg.accounts[m.AccountSID]
	s.mu.Unlock()

	if m.StatusCallback != "" {
		hold := time.Duration(0)
		if s.webhookFaults().Reorder {
			hold = time.Duration(4-statusRank[status]) * reorderHold
		}
		s.post(callback{kind: "status", url: m.StatusCallback, params: params, token: acct.AuthToken,
			messageSID: m.SID, status: status, hold: hold})
	}
	if status == "delivered" {
		s.autoReply(snapshot)
	}
}

// callbackParams are the form fields of a status callback.
func callbackParams(m *Message, status string, code int, now time.Time) url.Values {
	v := url.Values{"AccountSid": {m.AccountSID}, "ApiVersion": {"2010-04-01"}, "From": {m.From},
		"MessageSid": {m.SID}, "MessageStatus": {status}, "SmsSid": {m.SID},
		"SmsStatus": {status}, "To": {m.To}}
	if m.MessagingServiceSID != "" {
		v.Set("MessagingServiceSid", m.MessagingServiceSID)
	}
	if code != 0 {
		v.Set("ErrorCode", strconv.Itoa(code))
	}
	if status == "delivered" || status == "undelivered" {
		v.Set("RawDlrDoneDate", now.UTC().Format("0601021504"))
	}
	return v
}
