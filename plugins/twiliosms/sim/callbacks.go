package sim

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Signature returns the X-Twilio-Signature of a request to fullURL with
// form params: base64 HMAC-SHA1, keyed with the auth token, of the URL
// followed by each name+value, names sorted byte-wise and, for a repeated
// name, values sorted and de-duplicated (twilio-python and twilio-node).
// For a JSON body, pass nil params and put bodySHA256 in the URL.
func Signature(authToken, fullURL string, params url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		vals := append([]string(nil), params[k]...)
		sort.Strings(vals)
		for i, v := range vals {
			if i > 0 && v == vals[i-1] {
				continue
			}
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Delivery is one callback the simulator posted (or dropped on purpose):
// a status callback or an inbound message.
type Delivery struct {
	ID             int        `json:"id"`
	Kind           string     `json:"kind"` // "status" or "inbound"
	URL            string     `json:"url"`
	Method         string     `json:"method,omitempty"` // GET for a number whose SmsMethod is GET; else POST
	MessageSID     string     `json:"message_sid"`
	Status         string     `json:"status,omitempty"`
	Params         url.Values `json:"params"`
	Signature      string     `json:"signature"`
	Attempts       int        `json:"attempts"`
	ResponseStatus int        `json:"response_status,omitempty"`
	Error          string     `json:"error,omitempty"`
	Delivered      bool       `json:"delivered"`
	Dropped        bool       `json:"dropped,omitempty"`
	Duplicate      bool       `json:"duplicate,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`

	idempotency string
	onReply     func([]byte) // reads the TwiML answer to an inbound message
}

// callback is one signed form POST to send.
type callback struct {
	kind, url, token   string
	method             string // "" is POST
	params             url.Values
	messageSID, status string
	hold               time.Duration
	onReply            func([]byte)
}

// post signs cb and schedules its delivery, applying webhook faults. Each
// copy of a duplicated callback carries the same I-Twilio-Idempotency-Token.
func (s *Server) post(cb callback) {
	f := s.webhookFaults()
	copies := 1
	if s.ids.chance(f.Duplicate) {
		copies = 2
	}
	token := s.ids.sid("")
	target, signed := cb.url, cb.params
	if cb.method == http.MethodGet { // the parameters go in the query, which the signature covers
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + cb.params.Encode()
		signed = nil
	}
	for i := range copies {
		d := &Delivery{Kind: cb.kind, URL: target, Method: cb.method, MessageSID: cb.messageSID, Status: cb.status,
			Params: cb.params, Signature: Signature(cb.token, target, signed), Duplicate: i > 0,
			Dropped: s.ids.chance(f.Drop), CreatedAt: s.cfg.Clock.Now(), idempotency: token}
		if i == 0 {
			d.onReply = cb.onReply
		}
		s.mu.Lock()
		s.st.posted++
		d.ID = s.st.posted
		s.st.callbacks = trimLog(append(s.st.callbacks, d), 4*s.cfg.MaxMessages, nil)
		s.mu.Unlock()
		if !d.Dropped {
			s.sched.After(cb.hold+f.Delay, func() { s.attempt(d) })
		}
	}
}

// attempt posts a delivery once; with CallbackAttempts > 1 it retries
// failures with 4^n-second backoff.
func (s *Server) attempt(d *Delivery) {
	status, reply, err := s.send(d)
	ok := err == nil && status >= 200 && status < 300
	s.mu.Lock()
	d.Attempts++
	d.ResponseStatus, d.Delivered, d.Error = status, ok, ""
	if err != nil {
		d.Error = err.Error()
	}
	n := d.Attempts
	s.mu.Unlock()
	switch {
	case ok && d.onReply != nil:
		d.onReply(reply)
	case !ok && n < s.cfg.CallbackAttempts:
		s.sched.After(time.Second<<(2*(n-1)), func() { s.attempt(d) })
	}
}

func (s *Server) send(d *Delivery) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var req *http.Request
	var err error
	if d.Method == http.MethodGet {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, d.URL, nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, d.URL, strings.NewReader(d.Params.Encode()))
	}
	if err != nil {
		return 0, nil, err
	}
	if d.Method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	req.Header.Set("X-Twilio-Signature", d.Signature)
	req.Header.Set("I-Twilio-Idempotency-Token", d.idempotency)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, body, nil
}

// Callbacks returns every callback sent or dropped so far, oldest first.
func (s *Server) Callbacks() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.st.callbacks))
	for i, d := range s.st.callbacks {
		out[i] = *d
		out[i].onReply = nil
	}
	return out
}
