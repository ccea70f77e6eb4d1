package sim

import (
	"strconv"
	"strings"
	"time"
)

// statusObject is one entry of value.statuses[] in a webhook.
type statusObject struct {
	ID                    string         `json:"id"`
	Status                string         `json:"status"`
	Timestamp             string         `json:"timestamp"`
	RecipientID           string         `json:"recipient_id"`
	BizOpaqueCallbackData string         `json:"biz_opaque_callback_data,omitempty"`
	Conversation          *conversation  `json:"conversation,omitempty"`
	Pricing               *pricing       `json:"pricing,omitempty"`
	Errors                []WebhookError `json:"errors,omitempty"`
}

type conversation struct {
	ID                  string `json:"id"`
	ExpirationTimestamp string `json:"expiration_timestamp,omitempty"`
	Origin              struct {
		Type string `json:"type"`
	} `json:"origin"`
}

type pricing struct {
	Billable     bool   `json:"billable"`
	PricingModel string `json:"pricing_model"`
	Type         string `json:"type"`
	Category     string `json:"category"`
}

// statusRank orders statuses so a record never moves backwards.
var statusRank = map[string]int{"accepted": 0, "held": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}

// reorderHold is how long Reorder holds back each earlier status webhook.
const reorderHold = 10 * time.Second

func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// scheduleProgression walks an accepted message through sent → delivered →
// read after the configured delays. With the ReadWithoutDelivered fault
// a message that will be read skips delivered (the user had the chat
// open): its read comes alone.
func (s *Server) scheduleProgression(n *number, m *Message) {
	p := s.cfg.Progression
	skipDelivered := p.Read >= 0 && s.ids.chance(s.webhookFaults().ReadWithoutDelivered)
	var at time.Duration
	for _, step := range []struct {
		status string
		delay  time.Duration
	}{{"sent", p.Sent}, {"delivered", p.Delivered}, {"read", p.Read}} {
		if step.delay < 0 {
			return
		}
		at += step.delay
		if status := step.status; status != "delivered" || !skipDelivered {
			s.sched.After(at, func() { s.advanceStatus(n, m, status, nil) })
		}
	}
}

// scheduleFailure reports a failed status where "sent" would have come.
func (s *Server) scheduleFailure(n *number, m *Message, e WebhookError) {
	s.sched.After(max(s.cfg.Progression.Sent, 0), func() { s.advanceStatus(n, m, "failed", &e) })
}

// advanceStatus records a status on the message and sends its webhook.
func (s *Server) advanceStatus(n *number, m *Message, status string, e *WebhookError) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	if statusRank[status] > statusRank[m.Status] {
		m.Status = status
	}
	switch status {
	case "sent":
		m.SentAt = now
	case "delivered":
		m.DeliveredAt = now
	case "read":
		m.ReadAt = now
	case "failed":
		m.FailedAt, m.Error = now, e
	}
	obj := s.statusObject(m, status, now)
	snapshot := *m
	s.mu.Unlock()

	hold := time.Duration(0)
	if s.webhookFaults().Reorder {
		hold = time.Duration(3-statusRank[status]) * reorderHold
	}
	s.emit(n, webhookEvent{kind: "status", messageID: m.ID, status: status, hold: hold,
		value: changeValue{Statuses: []statusObject{obj}}})
	if status == "read" {
		s.autoReply(snapshot)
	}
}

// statusObject renders a status the way the pinned API version does: the
// conversation object is omitted from v24 on, except for free entry points.
func (s *Server) statusObject(m *Message, status string, now time.Time) statusObject {
	o := statusObject{ID: m.ID, Status: status, Timestamp: unixString(now),
		RecipientID: m.WaID, BizOpaqueCallbackData: m.bizOpaque}
	if status == "failed" {
		if m.Error != nil {
			o.Errors = []WebhookError{*m.Error}
		}
		return o
	}
	if m.pricing == nil || status == "read" {
		return o
	}
	o.Pricing = m.pricing
	if versionBelow(m.version, 24) || m.pricing.Type == "free_entry_point" {
		o.Conversation = s.conversationOf(m, status, now)
	}
	return o
}

func (s *Server) conversationOf(m *Message, status string, now time.Time) *conversation {
	if m.convID == "" {
		m.convID, m.convEnds = s.ids.hex(32), now.Add(24*time.Hour)
	}
	c := &conversation{ID: m.convID}
	c.Origin.Type = m.pricing.Category
	if m.pricing.Type == "free_entry_point" {
		c.Origin.Type = "referral_conversion"
	}
	if status == "sent" {
		c.ExpirationTimestamp = unixString(m.convEnds)
	}
	return c
}

// versionBelow reports whether a "vNN.N" path version is older than major;
// an unversioned path means the latest version.
func versionBelow(version string, major int) bool {
	if len(version) < 2 {
		return false
	}
	v := version[1:]
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.Atoi(v)
	return err == nil && n < major
}
