package sim

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/masteria/masteria/plugins/internal/simjson"
)

// Filter selects messages for inspection; empty fields match all.
type Filter struct {
	To, From            string
	MessagingServiceSID string
	Status              string
}

func (f Filter) match(m *Message) bool {
	return (f.To == "" || f.To == m.To) && (f.From == "" || f.From == m.From) &&
		(f.MessagingServiceSID == "" || f.MessagingServiceSID == m.MessagingServiceSID) &&
		(f.Status == "" || f.Status == m.Status)
}

// Messages lists the outbound messages the simulator accepted (API sends
// and TwiML replies) that match f, oldest first.
func (s *Server) Messages(f Filter) []Message {
	return s.list(f, func(m *Message) bool { return m.Direction != "inbound" })
}

// Received lists the inbound messages delivered so far, oldest first.
func (s *Server) Received() []Message {
	return s.list(Filter{}, func(m *Message) bool { return m.Direction == "inbound" })
}

func (s *Server) list(f Filter, keep func(*Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Message{}
	for _, m := range s.st.messages {
		if keep(m) && f.match(m) {
			c := *m
			c.History = append([]StatusChange(nil), m.History...)
			out = append(out, c)
		}
	}
	return out
}

// Message returns one message by SID.
func (s *Server) Message(sid string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.st.bySID[sid]
	if !ok {
		return Message{}, false
	}
	c := *m
	c.History = append([]StatusChange(nil), m.History...)
	return c, true
}

// controlRoutes adds the simulator's own endpoints under /_sim/.
func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_sim/messages", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := Filter{To: q.Get("to"), From: q.Get("from"), MessagingServiceSID: q.Get("messaging_service_sid"), Status: q.Get("status")}
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Messages(f)})
	})
	mux.HandleFunc("GET /_sim/messages/{sid}", func(w http.ResponseWriter, r *http.Request) {
		if m, ok := s.Message(r.PathValue("sid")); ok {
			writeJSON(w, http.StatusOK, m)
			return
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /_sim/received", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Received()})
	})
	mux.HandleFunc("GET /_sim/callbacks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Callbacks()})
	})
	mux.HandleFunc("GET /_sim/media-fetches", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.MediaFetches()})
	})
	mux.HandleFunc("POST /_sim/inbound", s.controlInbound)
	mux.HandleFunc("POST /_sim/faults", s.controlFaults)
	mux.HandleFunc("DELETE /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_sim/reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_sim/clock/advance", s.controlAdvance)
}

// maxInboundJSON bounds POST /_sim/inbound: an MMS's media (at most 5 MB
// on Twilio) in base64, with room to spare.
const maxInboundJSON = 8 << 20

// inboundGuesses are the fields people write for Inbound's: the text is
// "body", as in Twilio's Body.
var inboundGuesses = map[string]string{"text": "body", "message": "body", "content": "body",
	"phone": "from", "number": "from", "media_url": "media_urls"}

func (s *Server) controlInbound(w http.ResponseWriter, r *http.Request) {
	var in Inbound
	if err := simjson.Decode(http.MaxBytesReader(w, r.Body, maxInboundJSON), &in, inboundGuesses); err != nil {
		http.Error(w, "body must be a JSON inbound message: "+err.Error(), http.StatusBadRequest)
		return
	}
	if number, ok := s.inboundURLOf(in.To); !ok {
		noWebhook(w, fmt.Sprintf("no inbound SMS URL is configured for %s, so the message would reach no one; "+
			"connect the connection's webhooks (POST /api/v1/connections/{id}/webhooks/connect on the server sets the number's SmsUrl), "+
			"or start the simulator with one (masteria sim --twilio-inbound http://SERVER/hooks/{connection_id}, or SetSMSURL)", number))
		return
	}
	sid, err := s.InjectInbound(in)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"sid": sid})
}

// controlFaults adds faults: POST /_sim/faults with a [FaultSet].
func (s *Server) controlFaults(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
		return
	}
	set, err := ParseFaults(raw)
	if err != nil {
		http.Error(w, "body must be {\"faults\":[…],\"webhooks\":{…}}: "+err.Error(), http.StatusBadRequest)
		return
	}
	s.ApplyFaults(set)
	w.WriteHeader(http.StatusNoContent)
}

// controlAdvance moves a ManualClock: POST /_sim/clock/advance?by=5s.
func (s *Server) controlAdvance(w http.ResponseWriter, r *http.Request) {
	mc, ok := s.cfg.Clock.(*ManualClock)
	d, err := time.ParseDuration(r.URL.Query().Get("by"))
	switch {
	case !ok:
		http.Error(w, "the simulator runs on the system clock", http.StatusConflict)
	case err != nil || d < 0:
		http.Error(w, "by must be a non-negative duration such as 5s", http.StatusBadRequest)
	default:
		mc.Advance(d)
		writeJSON(w, http.StatusOK, map[string]string{"now": mc.Now().UTC().Format(time.RFC3339Nano)})
	}
}

// inboundURLOf reports whether messages to the number (the first one when
// empty) have an SMS URL to go to; an unknown number is left for
// InjectInbound to refuse.
func (s *Server) inboundURLOf(to string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snd := s.reg.senders[to]
	if to == "" && len(s.reg.order) > 0 {
		snd = s.reg.order[0]
	}
	if snd == nil {
		return to, true
	}
	target, _ := inboundURL(snd)
	return snd.Number, target != ""
}

// noWebhook answers 409: the simulator has nowhere to deliver.
func noWebhook(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusConflict, map[string]any{"error": map[string]string{"code": "no_webhook", "message": msg}})
}
