package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Message is a message the simulator handled, as the inspection API lists
// it: outbound ones it accepted, and inbound ones it delivered.
type Message struct {
	SID                 string         `json:"sid"`
	AccountSID          string         `json:"account_sid"`
	MessagingServiceSID string         `json:"messaging_service_sid,omitempty"`
	From                string         `json:"from"`
	To                  string         `json:"to"`
	Body                string         `json:"body"`
	MediaURLs           []string       `json:"media_urls,omitempty"`
	NumSegments         int            `json:"num_segments"`
	Direction           string         `json:"direction"` // outbound-api, outbound-reply, inbound
	Status              string         `json:"status"`
	ErrorCode           int            `json:"error_code,omitempty"`
	StatusCallback      string         `json:"status_callback,omitempty"`
	CreatedAt           time.Time      `json:"created_at"`
	SentAt              time.Time      `json:"sent_at,omitzero"`
	History             []StatusChange `json:"history"`
	// SentMedia is what an outbound MMS's MediaUrls answered when the
	// simulator fetched them, as the message left the queue.
	SentMedia []SentMedia `json:"sent_media,omitempty"`

	media []*hostedMedia // an inbound message's files, served at its MediaURLs
}

// StatusChange is one step of a message's status history.
type StatusChange struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
}

// messageResource is the Message resource of the REST API, field for field
// as in message_create_example.json.
type messageResource struct {
	AccountSID          string            `json:"account_sid"`
	APIVersion          string            `json:"api_version"`
	Body                string            `json:"body"`
	DateCreated         string            `json:"date_created"`
	DateSent            *string           `json:"date_sent"`
	DateUpdated         string            `json:"date_updated"`
	Direction           string            `json:"direction"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	From                *string           `json:"from"`
	NumMedia            string            `json:"num_media"`
	NumSegments         string            `json:"num_segments"`
	Price               *string           `json:"price"`
	PriceUnit           *string           `json:"price_unit"`
	MessagingServiceSID *string           `json:"messaging_service_sid"`
	SID                 string            `json:"sid"`
	Status              string            `json:"status"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
	To                  string            `json:"to"`
	URI                 string            `json:"uri"`
}

// rfc2822 is Twilio's date format: "Thu, 24 Aug 2023 05:01:45 +0000".
func rfc2822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

func ptr[T any](v T) *T { return &v }

// resourceOf renders m. Called with s.mu held.
func resourceOf(m *Message) messageResource {
	last := m.History[len(m.History)-1].At
	r := messageResource{AccountSID: m.AccountSID, APIVersion: "2010-04-01", Body: m.Body,
		DateCreated: rfc2822(m.CreatedAt), DateUpdated: rfc2822(last), Direction: m.Direction,
		NumMedia: strconv.Itoa(len(m.MediaURLs)), NumSegments: strconv.Itoa(m.NumSegments),
		SID: m.SID, Status: m.Status, To: m.To, URI: messageURI(m.AccountSID, m.SID),
		SubresourceURIs: map[string]string{"media": apiPrefix + m.AccountSID + "/Messages/" + m.SID + "/Media.json"}}
	// As in Twilio's published example, date_sent is set from creation and
	// moves to the send time once the message leaves the queue.
	r.DateSent = ptr(rfc2822(m.CreatedAt))
	if !m.SentAt.IsZero() {
		r.DateSent = ptr(rfc2822(m.SentAt))
		r.Price, r.PriceUnit = ptr(fmt.Sprintf("-%.5f", 0.0079*float64(max(m.NumSegments, 1)))), ptr("USD")
	}
	if m.Status != "accepted" { // a service assigns the sender after acceptance
		r.From = ptr(m.From)
	}
	if m.MessagingServiceSID != "" {
		r.MessagingServiceSID = ptr(m.MessagingServiceSID)
	}
	if m.ErrorCode != 0 {
		r.ErrorCode, r.ErrorMessage = ptr(m.ErrorCode), ptr(errorMessage(m.ErrorCode))
	}
	if m.Status == "accepted" {
		r.NumSegments = "0"
	}
	return r
}

// handleList answers GET Messages.json with To/From filters and paging,
// newest first.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	if _, pass := s.gate(w, r, endpointList, ""); !pass {
		return
	}
	q := r.URL.Query()
	size, page := paging(q)
	s.mu.Lock()
	var all []messageResource
	for i := len(s.st.messages) - 1; i >= 0; i-- {
		m := s.st.messages[i]
		if m.AccountSID == a.SID && (!q.Has("To") || q.Get("To") == m.To) && (!q.Has("From") || q.Get("From") == m.From) {
			all = append(all, resourceOf(m))
		}
	}
	s.mu.Unlock()
	start := min(page*size, len(all))
	end := min(start+size, len(all))
	writeJSON(w, http.StatusOK, listPage(apiPrefix+a.SID+"/Messages.json", "messages", []string{"To", "From"}, q,
		all[start:end], page, size, start, end < len(all)))
}

// listPage is a page of a list resource: items under key, with Twilio's
// paging fields; the page URIs keep the filters named in keep.
func listPage[T any](base, key string, keep []string, q url.Values, items []T, page, size, start int, more bool) map[string]any {
	pageURI := func(p int) string {
		v := url.Values{}
		for _, k := range keep {
			if q.Has(k) {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("PageSize", strconv.Itoa(size))
		v.Set("Page", strconv.Itoa(p))
		return base + "?" + v.Encode()
	}
	if items == nil {
		items = []T{}
	}
	out := map[string]any{key: items, "page": page, "page_size": size, "start": start,
		"end": start + max(len(items)-1, 0), "uri": pageURI(page), "first_page_uri": pageURI(0),
		"next_page_uri": nil, "previous_page_uri": nil}
	if more {
		out["next_page_uri"] = pageURI(page + 1)
	}
	if page > 0 {
		out["previous_page_uri"] = pageURI(page - 1)
	}
	return out
}

// paging reads a list request's PageSize (default 50, at most 1,000) and
// Page (from 0), as Twilio's list resources take them.
func paging(q url.Values) (size, page int) {
	size = 50
	if n, err := strconv.Atoi(q.Get("PageSize")); err == nil && n > 0 {
		size = min(n, 1000)
	}
	page, _ = strconv.Atoi(q.Get("Page"))
	return size, max(page, 0)
}
