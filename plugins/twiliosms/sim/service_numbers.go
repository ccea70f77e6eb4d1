package sim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// serviceNumberResource is a phone number of a Messaging Service's sender
// pool as the Messaging API lists it (GET /v1/Services/{Sid}/PhoneNumbers):
// ISO 8601 dates and capabilities as a list, unlike the 2010-04-01 API's
// IncomingPhoneNumber.
type serviceNumberResource struct {
	SID          string   `json:"sid"`
	AccountSID   string   `json:"account_sid"`
	ServiceSID   string   `json:"service_sid"`
	DateCreated  string   `json:"date_created"`
	DateUpdated  string   `json:"date_updated"`
	PhoneNumber  string   `json:"phone_number"`
	CountryCode  string   `json:"country_code"`
	Capabilities []string `json:"capabilities"`
	URL          string   `json:"url"`
}

// handleServiceNumbers answers GET /v1/Services/{Sid}/PhoneNumbers: the
// phone numbers in the service's sender pool, in the order they were
// added, paged as the Messaging API pages (PageSize, Page and the
// PageToken its next_page_url carries; a "meta" object rather than the
// 2010-04-01 API's top-level page fields). The list takes no filter: a
// caller looking for one number walks the pages.
func (s *Server) handleServiceNumbers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, page := paging(q)
	s.mu.Lock()
	svc, e := s.serviceFor(r)
	if e != nil {
		s.mu.Unlock()
		writeError(w, e)
		return
	}
	all := []serviceNumberResource{}
	for _, sn := range svc.senders {
		if strings.HasPrefix(sn.Number, "+") {
			all = append(all, s.serviceNumberOf(svc, sn))
		}
	}
	s.mu.Unlock()
	start := min(page*size, len(all))
	if tok := q.Get("PageToken"); tok != "" {
		i := tokenIndex(all, tok)
		if i < 0 {
			writeError(w, apiError(20001, "PageToken "+tok))
			return
		}
		start = i + 1
	}
	end := min(start+size, len(all))
	base := s.publicURL() + servicesPrefix + svc.SID + "/PhoneNumbers"
	pageURL := func(p int, token string) string {
		v := url.Values{"PageSize": {strconv.Itoa(size)}, "Page": {strconv.Itoa(p)}}
		if token != "" {
			v.Set("PageToken", token)
		}
		return base + "?" + v.Encode()
	}
	meta := map[string]any{"page": page, "page_size": size, "first_page_url": pageURL(0, ""), "url": pageURL(page, q.Get("PageToken")),
		"key": "phone_numbers", "next_page_url": nil, "previous_page_url": nil}
	if end < len(all) {
		meta["next_page_url"] = pageURL(page+1, "PA"+all[end-1].SID)
	}
	if page > 0 && start > 0 {
		meta["previous_page_url"] = pageURL(page-1, "PB"+all[start].SID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"phone_numbers": all[start:end], "meta": meta})
}

// tokenIndex finds the item a PA… page token names (the last of the page
// before); -1 for a token that names none.
func tokenIndex(all []serviceNumberResource, token string) int {
	sid, ok := strings.CutPrefix(token, "PA")
	for i := range all {
		if ok && all[i].SID == sid {
			return i
		}
	}
	return -1
}

// serviceNumberOf renders sn as a number of svc. Called with s.mu held.
func (s *Server) serviceNumberOf(svc *service, sn *sender) serviceNumberResource {
	iso := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	return serviceNumberResource{SID: sn.sid, AccountSID: svc.acct.SID, ServiceSID: svc.SID, DateCreated: iso(s.started),
		DateUpdated: iso(s.started), PhoneNumber: sn.Number, CountryCode: countryOf(sn.Number),
		Capabilities: []string{"SMS", "MMS", "Voice"}, URL: s.publicURL() + servicesPrefix + svc.SID + "/PhoneNumbers/" + sn.sid}
}
