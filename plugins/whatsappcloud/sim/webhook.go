package sim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Signature returns the X-Hub-Signature-256 header value for body:
// "sha256=" + lowercase hex HMAC-SHA256 of the raw bytes keyed with the app
// secret.
func Signature(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// signatureSHA1 is the legacy X-Hub-Signature header Meta still sends.
func signatureSHA1(appSecret string, body []byte) string {
	mac := hmac.New(sha1.New, []byte(appSecret))
	mac.Write(body)
	return "sha1=" + hex.EncodeToString(mac.Sum(nil))
}

// Delivery is one webhook POST the simulator made (or dropped on purpose),
// as the inspection API lists it.
type Delivery struct {
	ID             int             `json:"id"`
	URL            string          `json:"url"`
	Kind           string          `json:"kind"` // "status", "message" or "template"
	MessageID      string          `json:"message_id"`
	Status         string          `json:"status,omitempty"` // for kind "status"
	Body           json.RawMessage `json:"body"`
	Signature      string          `json:"signature"`
	Attempts       int             `json:"attempts"`
	ResponseStatus int             `json:"response_status,omitempty"`
	Error          string          `json:"error,omitempty"`
	Delivered      bool            `json:"delivered"`
	Dropped        bool            `json:"dropped,omitempty"`
	// Updates counts the messages, statuses and errors of a batched
	// delivery (kind "batch").
	Updates   int       `json:"updates,omitempty"`
	Duplicate bool      `json:"duplicate,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// notification is the webhook envelope Meta posts.
type notification struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID      string   `json:"id"`
	Changes []change `json:"changes"`
}

type change struct {
	Value changeValue `json:"value"`
	Field string      `json:"field"`
}

type changeValue struct {
	MessagingProduct string           `json:"messaging_product"`
	Metadata         metadata         `json:"metadata"`
	Contacts         []contact        `json:"contacts,omitempty"`
	Messages         []map[string]any `json:"messages,omitempty"`
	Statuses         []statusObject   `json:"statuses,omitempty"`
	Errors           []WebhookError   `json:"errors,omitempty"`
}

type metadata struct {
	DisplayPhoneNumber string `json:"display_phone_number"`
	PhoneNumberID      string `json:"phone_number_id"`
}

type contact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WaID string `json:"wa_id"`
}

// webhookEvent is one notification to send about a number.
type webhookEvent struct {
	kind, messageID, status string
	value                   changeValue
	hold                    time.Duration // extra delay (reordering)
}

// callbackOf returns the callback URL and app secret for a number: its
// alternate callback, else its account's, else the app's; none when the
// app is unsubscribed from the account. The simulator sends only
// "messages" webhooks, which follow overrides (template webhooks would
// always go to the app's callback).
func (s *Server) callbackOf(n *number) (url, secret string) {
	url, secret = s.cfg.WebhookURL, s.cfg.AppSecret
	if n.acct.unsubscribed {
		url = ""
	}
	if n.acct.WebhookURL != "" && !n.acct.unsubscribed {
		url = n.acct.WebhookURL
	}
	if n.WebhookURL != "" && !n.acct.unsubscribed {
		url = n.WebhookURL
	}
	if n.acct.AppSecret != "" {
		secret = n.acct.AppSecret
	}
	return url, secret
}

// emit signs the event and schedules its delivery, applying webhook
// faults; when webhooks are batched, it joins the callback's next batch.
func (s *Server) emit(n *number, ev webhookEvent) {
	url, secret := s.callbackOf(n)
	if url == "" {
		return
	}
	if b := s.batching(); b.MaxUpdates > 1 {
		s.batchAfter(ev.hold, batchedEvent{n: n, ev: ev, url: url, secret: secret}, b)
		return
	}
	body, _ := json.Marshal(notification{Object: "whatsapp_business_account",
		Entry: []entry{{ID: n.acct.ID, Changes: []change{{Value: valueOf(n, ev), Field: "messages"}}}}})
	s.deliver(&Delivery{URL: url, Kind: ev.kind, MessageID: ev.messageID, Status: ev.status, Body: body}, secret, ev.hold)
}

// valueOf is the event's change value, stamped with its number.
func valueOf(n *number, ev webhookEvent) changeValue {
	v := ev.value
	v.MessagingProduct = "whatsapp"
	v.Metadata = metadata{DisplayPhoneNumber: n.DisplayPhoneNumber, PhoneNumberID: n.ID}
	return v
}

// deliver signs d's body with secret and schedules its delivery after
// hold, applying webhook faults (a duplicate copy, a drop, a delay). The
// body goes out, and is signed, in Meta's escaped-unicode form.
func (s *Server) deliver(d *Delivery, secret string, hold time.Duration) {
	d.Body = escapeUnicode(d.Body)
	f := s.webhookFaults()
	copies := 1
	if s.ids.chance(f.Duplicate) {
		copies = 2
	}
	for i := range copies {
		d := &Delivery{URL: d.URL, Kind: d.Kind, MessageID: d.MessageID, Status: d.Status, Updates: d.Updates,
			Body: d.Body, Signature: Signature(secret, d.Body), Duplicate: i > 0,
			Dropped: s.ids.chance(f.Drop), CreatedAt: s.cfg.Clock.Now()}
		sha1sig := signatureSHA1(secret, d.Body)
		s.mu.Lock()
		s.st.deliveries++
		d.ID = s.st.deliveries
		s.st.webhooks = trimLog(append(s.st.webhooks, d), 4*s.cfg.MaxMessages, nil)
		s.mu.Unlock()
		if !d.Dropped {
			s.sched.After(hold+f.Delay, func() { s.attempt(d, sha1sig) })
		}
	}
}

// escapeUnicode rewrites a JSON document as Meta sends its webhooks:
// every non-ASCII character as a \uXXXX escape in lowercase hex, a
// character beyond the BMP as its UTF-16 surrogate pair. Meta signs
// these bytes ("an escaped unicode version of the payload, with
// lowercase hex digits" [K]), so a receiver must verify the raw body,
// not a re-encoding of what it decoded. Outside strings a JSON
// document is ASCII, so every non-ASCII byte is inside one; encoding/json
// writes valid UTF-8 only.
func escapeUnicode(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)+len(b)/4), b[:i]...)
	for i < len(b) {
		if c := b[i]; c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = appendEscape(appendEscape(out, r1), r2)
			continue
		}
		out = appendEscape(out, r)
	}
	return out
}

func appendEscape(out []byte, r rune) []byte {
	const pad = "0000"
	h := strconv.FormatInt(int64(r), 16)
	return append(append(append(out, '\\', 'u'), pad[len(h):]...), h...)
}

// attempt posts a delivery once and schedules a retry on failure until
// WebhookAttempts is reached: at once, then with decreasing frequency
// (1 s, 4 s, 16 s… apart), as Meta retries a failed POST.
func (s *Server) attempt(d *Delivery, sha1sig string) {
	status, err := s.post(d, sha1sig)
	ok := err == nil && status >= 200 && status < 300
	s.mu.Lock()
	d.Attempts++
	d.ResponseStatus, d.Delivered, d.Error = status, ok, ""
	if err != nil {
		d.Error = err.Error()
	}
	n := d.Attempts
	s.mu.Unlock()
	if !ok && n < s.cfg.WebhookAttempts {
		s.sched.After(retryBackoff(n), func() { s.attempt(d, sha1sig) })
	}
}

// retryBackoff is the wait before the retry that follows n failed
// attempts: none after the first, then 4^(n-2) seconds.
func retryBackoff(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	return time.Second << (2 * (n - 2))
}

func (s *Server) post(d *Delivery, sha1sig string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "facebookexternalua")
	req.Header.Set("X-Hub-Signature", sha1sig)
	req.Header.Set("X-Hub-Signature-256", d.Signature)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, nil
}

// trimLog drops the oldest entries of a log longer than max (a tenth more,
// so trimming is rare), calling forget on each.
func trimLog[T any](log []T, max int, forget func(T)) []T {
	if len(log) <= max {
		return log
	}
	drop := len(log) - max + max/10
	if forget != nil {
		for _, x := range log[:drop] {
			forget(x)
		}
	}
	return append(log[:0:0], log[drop:]...)
}

// Webhooks returns every webhook sent or dropped so far, oldest first.
func (s *Server) Webhooks() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.st.webhooks))
	for i, d := range s.st.webhooks {
		out[i] = *d
	}
	return out
}
