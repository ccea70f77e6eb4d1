package sim

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/masteria/masteria/plugins/internal/simjson"
)

// Filter selects outbound messages for inspection; empty fields match all.
type Filter struct {
	To            string // matches the request's "to" or the wa_id
	PhoneNumberID string
	Type          string
	Status        string
}

func (f Filter) match(m *Message) bool {
	return (f.To == "" || waID(f.To) == m.WaID) &&
		(f.PhoneNumberID == "" || f.PhoneNumberID == m.PhoneNumberID) &&
		(f.Type == "" || f.Type == m.Type) &&
		(f.Status == "" || f.Status == m.Status)
}

// Messages lists the accepted outbound messages matching f, oldest first.
func (s *Server) Messages(f Filter) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Message{}
	for _, m := range s.st.messages {
		if f.match(m) {
			out = append(out, *m)
		}
	}
	return out
}

// Message returns one accepted outbound message by wamid.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.st.byID[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

func sortReceived(rs []ReceivedMessage) {
	sort.Slice(rs, func(i, j int) bool {
		if !rs[i].ReceivedAt.Equal(rs[j].ReceivedAt) {
			return rs[i].ReceivedAt.Before(rs[j].ReceivedAt)
		}
		return rs[i].ID < rs[j].ID
	})
}

// controlRoutes are the simulator's own endpoints under /_sim/.
func (s *Server) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sim/messages", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := Filter{To: q.Get("to"), PhoneNumberID: q.Get("phone_number_id"), Type: q.Get("type"), Status: q.Get("status")}
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Messages(f)})
	})
	mux.HandleFunc("GET /_sim/messages/{id}", func(w http.ResponseWriter, r *http.Request) {
		if m, ok := s.Message(r.PathValue("id")); ok {
			writeJSON(w, http.StatusOK, m)
			return
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /_sim/received", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Received()})
	})
	mux.HandleFunc("GET /_sim/webhooks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": s.Webhooks()})
	})
	mux.HandleFunc("POST /_sim/inbound", s.controlInbound)
	mux.HandleFunc("POST /_sim/marketing", s.controlMarketing)
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
	mux.HandleFunc("POST /_sim/verify", func(w http.ResponseWriter, r *http.Request) {
		if err := s.VerifyWebhooks(r.Context()); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// inboundGuesses are the fields people write for Inbound's: a text
// message's body is "text", the sender "from".
var inboundGuesses = map[string]string{"body": "text", "message": "text",
	"phone": "from", "wa_id": "from", "number": "from", "profile_name": "name"}

func (s *Server) controlInbound(w http.ResponseWriter, r *http.Request) {
	var in Inbound
	if err := simjson.Decode(http.MaxBytesReader(w, r.Body, 32<<20), &in, inboundGuesses); err != nil {
		http.Error(w, "body must be a JSON inbound message: "+err.Error(), http.StatusBadRequest)
		return
	}
	if number, ok := s.webhookOf(in.PhoneNumberID); !ok {
		noWebhook(w, fmt.Sprintf("no webhook URL is configured for phone number %s, so the message would reach no one; "+
			"connect the connection's webhooks (POST /api/v1/connections/{id}/webhooks/connect on the server sets the account's callback override), "+
			"or start the simulator with one (masteria sim --whatsapp-webhook http://SERVER/hooks/{connection_id}, or Config.WebhookURL)", number))
		return
	}
	id, err := s.InjectInbound(in)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
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

// webhookOf reports whether inbound messages to the phone number (the
// first one when empty) have a webhook URL to go to; an unknown number is
// left for InjectInbound to refuse.
func (s *Server) webhookOf(phoneNumberID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.reg.numbers[phoneNumberID]
	if phoneNumberID == "" && len(s.reg.order) > 0 {
		n = s.reg.order[0]
	}
	if n == nil {
		return phoneNumberID, true
	}
	url, _ := s.callbackOf(n)
	return n.ID, url != ""
}

// noWebhook answers 409: the simulator has nowhere to deliver.
func noWebhook(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusConflict, map[string]any{"error": map[string]string{"code": "no_webhook", "message": msg}})
}
