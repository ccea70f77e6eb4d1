package sim

import (
	"io"
	"net/http"
	"strings"
	"time"
)

// maxFormBody bounds a create request body.
const maxFormBody = 64 << 10

// plan is what will happen to an accepted message, decided at create time.
type plan struct {
	svc      *service
	dequeue  time.Duration // wait in the sender's queue
	failCode int           // 0: delivered
	failAt   time.Duration // for failures before sending (30001, 30036)
}

func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxFormBody+1))
	if err != nil || len(body) > maxFormBody {
		writeError(w, apiError(21617))
		return
	}
	req := parseCreateRequest(body)
	f, pass := s.gate(w, r, endpointCreate, req.To)
	if !pass {
		return
	}
	s.mu.Lock()
	m, p, e := s.admit(a, req, f)
	var res messageResource
	if e == nil {
		res = resourceOf(m)
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	s.schedule(m, p)
	writeJSON(w, http.StatusCreated, res)
}

// admit runs Twilio's checks and records the message. Called with s.mu held.
func (s *Server) admit(a *account, req *createRequest, f *faultRule) (*Message, *plan, *APIError) {
	if e := req.validate(); e != nil {
		return nil, nil, e
	}
	snd, svc, e := s.resolveSender(a, req)
	if e != nil {
		return nil, nil, e
	}
	if rc := s.recipients[req.To]; rc.Reject != 0 {
		return nil, nil, apiError(rc.Reject, req.To)
	}
	if s.optedOut(snd, svc, req.To) {
		return nil, nil, apiError(21610)
	}
	now := s.cfg.Clock.Now()
	segments := Segments(req.Body)
	if len(req.MediaURLs) > 0 {
		segments = 1
	}
	p, e := s.reserve(snd, svc, segments, req.ValidityPeriod, now)
	if e != nil {
		return nil, nil, e
	}
	if p.failCode == 0 {
		p.failCode = s.recipients[req.To].ErrorCode
	}
	if f != nil && f.Async {
		p.failCode, p.failAt = f.Code, 0
	}
	m := &Message{SID: s.ids.sid(sidPrefix(len(req.MediaURLs))), AccountSID: a.SID, From: req.channel() + snd.Number, To: req.To,
		Body: req.Body, MediaURLs: req.MediaURLs, NumSegments: segments, Direction: "outbound-api",
		Status: "queued", StatusCallback: req.StatusCallback, CreatedAt: now}
	if svc != nil {
		m.MessagingServiceSID = svc.SID
		if req.From == "" { // the service picks the sender
			m.Status = "accepted"
		}
		if m.StatusCallback == "" {
			m.StatusCallback = svc.StatusCallback
		}
	}
	m.History = []StatusChange{{m.Status, now}}
	s.record(m)
	return m, p, nil
}

// sidPrefix is "MM" for a message with media, "SM" otherwise.
func sidPrefix(media int) string {
	if media > 0 {
		return "MM"
	}
	return "SM"
}

// resolveSender finds the From number, or picks the least busy sender of
// the Messaging Service.
func (s *Server) resolveSender(a *account, req *createRequest) (*sender, *service, *APIError) {
	var svc *service
	if req.MessagingServiceSID != "" {
		svc = a.services[req.MessagingServiceSID]
		switch {
		case svc == nil:
			return nil, nil, apiError(21705, req.MessagingServiceSID)
		case len(svc.senders) == 0:
			return nil, nil, apiError(21704)
		}
	}
	if req.From != "" {
		snd := s.reg.senders[address(req.From)]
		if snd == nil || snd.acct != a {
			return nil, nil, apiError(21606, req.From)
		}
		return snd, svc, nil
	}
	best := svc.senders[0]
	for _, snd := range svc.senders[1:] {
		if s.st.nextFree[snd.Number].Before(s.st.nextFree[best.Number]) {
			best = snd
		}
	}
	return best, svc, nil
}

// reserve takes the sender's next free slot: messages drain at the
// sender's segments-per-second rate. A queue longer than 10 h refuses the
// message (21611), or with a Messaging Service fails it later (30001); a
// wait beyond ValidityPeriod fails it with 30036.
func (s *Server) reserve(snd *sender, svc *service, segments int, validity time.Duration, now time.Time) (*plan, *APIError) {
	next := s.st.nextFree[snd.Number]
	if next.Before(now) {
		next = now
	}
	wait := next.Sub(now)
	p := &plan{svc: svc, dequeue: wait}
	switch {
	case wait > maxQueueWait && svc == nil:
		return nil, apiError(21611)
	case wait > maxQueueWait:
		p.failCode = 30001
		return p, nil
	case validity > 0 && wait > validity:
		p.failCode, p.failAt = 30036, validity
		return p, nil
	}
	cost := time.Duration(float64(segments) / snd.mps() * float64(time.Second))
	s.st.nextFree[snd.Number] = next.Add(cost)
	return p, nil
}

// optedOut reports whether to has opted out of the sender or any of its
// Messaging Services (Advanced Opt-Out is per service).
func (s *Server) optedOut(snd *sender, svc *service, to string) bool {
	if s.st.optOuts["num:"+snd.Number+"|"+to] {
		return true
	}
	if svc != nil && s.st.optOuts["svc:"+svc.SID+"|"+to] {
		return true
	}
	for _, sv := range snd.services {
		if s.st.optOuts["svc:"+sv.SID+"|"+to] {
			return true
		}
	}
	return false
}

// optOutScope is the key under which an inbound keyword is recorded.
func optOutScope(snd *sender, from string) string {
	if len(snd.services) > 0 {
		return "svc:" + snd.services[0].SID + "|" + from
	}
	return "num:" + snd.Number + "|" + from
}

func matchKeyword(body string, keywords []string) bool {
	b := strings.TrimSpace(body)
	for _, k := range keywords {
		if strings.EqualFold(b, k) {
			return true
		}
	}
	return false
}
