package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
)

// incomingNumberResource is the IncomingPhoneNumber resource as Twilio's
// API returns it (/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers),
// less the voice, emergency and regulatory fields the simulator does not
// model.
type incomingNumberResource struct {
	AccountSID           string            `json:"account_sid"`
	APIVersion           string            `json:"api_version"`
	Beta                 bool              `json:"beta"`
	Capabilities         map[string]bool   `json:"capabilities"`
	DateCreated          string            `json:"date_created"`
	DateUpdated          string            `json:"date_updated"`
	FriendlyName         string            `json:"friendly_name"`
	Origin               string            `json:"origin"`
	PhoneNumber          string            `json:"phone_number"`
	SID                  string            `json:"sid"`
	SMSApplicationSID    string            `json:"sms_application_sid"`
	SMSFallbackMethod    string            `json:"sms_fallback_method"`
	SMSFallbackURL       string            `json:"sms_fallback_url"`
	SMSMethod            string            `json:"sms_method"`
	SMSURL               string            `json:"sms_url"`
	StatusCallback       string            `json:"status_callback"`
	StatusCallbackMethod string            `json:"status_callback_method"`
	Status               string            `json:"status"`
	URI                  string            `json:"uri"`
	SubresourceURIs      map[string]string `json:"subresource_uris"`
}

// numberSID is the PN… SID of an account's number, stable across runs.
func numberSID(accountSID, number string) string {
	h := sha256.Sum256([]byte(accountSID + "|" + number))
	return "PN" + hex.EncodeToString(h[:16])
}

func incomingNumbersURI(accountSID string) string {
	return apiPrefix + accountSID + "/IncomingPhoneNumbers"
}

// numberResource renders sn. Called with s.mu held.
func (s *Server) numberResource(sn *sender) incomingNumberResource {
	created := rfc2822(s.started)
	updated := created
	if !sn.updated.IsZero() {
		updated = rfc2822(sn.updated)
	}
	uri := incomingNumbersURI(sn.acct.SID) + "/" + sn.sid
	return incomingNumberResource{AccountSID: sn.acct.SID, APIVersion: "2010-04-01",
		Capabilities: map[string]bool{"voice": true, "sms": true, "mms": true, "fax": false},
		DateCreated:  created, DateUpdated: updated, FriendlyName: sn.Number, Origin: "twilio",
		PhoneNumber: sn.Number, SID: sn.sid, SMSFallbackMethod: "POST", SMSMethod: sn.method(),
		SMSURL: sn.SMSURL, StatusCallbackMethod: "POST", Status: "in-use", URI: uri + ".json",
		SubresourceURIs: map[string]string{"assigned_add_ons": uri + "/AssignedAddOns.json"}}
}

// method is how inbound messages reach the number's SMS URL.
func (sn *sender) method() string {
	if sn.smsMethod == "" {
		return http.MethodPost
	}
	return sn.smsMethod
}

// handleIncomingNumbers answers GET IncomingPhoneNumbers.json: the
// account's phone numbers (short codes are another resource), filtered by
// PhoneNumber (a part of the number; * matches any digit), with paging.
func (s *Server) handleIncomingNumbers(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	// A "+" sent unencoded arrives as a space.
	pattern := strings.Replace(q.Get("PhoneNumber"), " ", "+", 1)
	size, page := paging(q)
	s.mu.Lock()
	all := []incomingNumberResource{}
	for _, sn := range s.reg.order {
		if sn.acct == a && strings.HasPrefix(sn.Number, "+") && matchNumber(sn.Number, pattern) {
			all = append(all, s.numberResource(sn))
		}
	}
	s.mu.Unlock()
	start := min(page*size, len(all))
	end := min(start+size, len(all))
	writeJSON(w, http.StatusOK, listPage(incomingNumbersURI(a.SID)+".json", "incoming_phone_numbers",
		[]string{"PhoneNumber", "FriendlyName"}, q, all[start:end], page, size, start, end < len(all)))
}

// matchNumber reports whether pattern occurs in number, * matching any
// digit; an empty pattern matches every number.
func matchNumber(number, pattern string) bool {
	for i := 0; i+len(pattern) <= len(number); i++ {
		ok := true
		for j := 0; j < len(pattern) && ok; j++ {
			c, p := number[i+j], pattern[j]
			ok = c == p || (p == '*' && c >= '0' && c <= '9')
		}
		if ok {
			return true
		}
	}
	return false
}

// handleIncomingNumberUpdate answers POST IncomingPhoneNumbers/{PN}.json:
// SmsUrl and SmsMethod (GET or POST) change where and how the number's
// inbound messages are delivered; the answer is the number resource.
func (s *Server) handleIncomingNumberUpdate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	sid, isJSON := strings.CutSuffix(r.PathValue("file"), ".json")
	if err := r.ParseForm(); err != nil {
		writeError(w, apiError(20001, "the body is not form-encoded"))
		return
	}
	smsURL, method := r.PostForm.Get("SmsUrl"), strings.ToUpper(r.PostForm.Get("SmsMethod"))
	switch {
	case r.PostForm.Has("SmsUrl") && smsURL != "" && !callbackURL(smsURL):
		writeError(w, apiError(21502, smsURL))
		return
	case method != "" && method != http.MethodGet && method != http.MethodPost:
		writeError(w, apiError(20001, "SmsMethod must be GET or POST"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.reg.bySID[sid]
	if !isJSON || sn == nil || sn.acct != a {
		writeError(w, apiError(20404, r.URL.Path))
		return
	}
	if r.PostForm.Has("SmsUrl") {
		sn.SMSURL = smsURL
	}
	if method != "" {
		sn.smsMethod = method
	}
	sn.updated = s.cfg.Clock.Now()
	writeJSON(w, http.StatusOK, s.numberResource(sn))
}

// callbackURL reports whether u is an absolute http(s) URL.
func callbackURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}
