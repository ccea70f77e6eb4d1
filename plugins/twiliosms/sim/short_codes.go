package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// shortCodeResource is the ShortCode resource as Twilio's API returns it
// (/2010-04-01/Accounts/{AccountSid}/SMS/ShortCodes): short codes are not
// IncomingPhoneNumbers.
type shortCodeResource struct {
	AccountSID        string `json:"account_sid"`
	APIVersion        string `json:"api_version"`
	DateCreated       string `json:"date_created"`
	DateUpdated       string `json:"date_updated"`
	FriendlyName      string `json:"friendly_name"`
	ShortCode         string `json:"short_code"`
	SID               string `json:"sid"`
	SMSFallbackMethod string `json:"sms_fallback_method"`
	SMSFallbackURL    string `json:"sms_fallback_url"`
	SMSMethod         string `json:"sms_method"`
	SMSURL            string `json:"sms_url"`
	URI               string `json:"uri"`
}

// shortCodeSID is the SC… SID of an account's short code, stable across
// runs.
func shortCodeSID(accountSID, code string) string {
	h := sha256.Sum256([]byte(accountSID + "|" + code))
	return "SC" + hex.EncodeToString(h[:16])
}

// handleShortCodes answers GET SMS/ShortCodes.json: the account's short
// codes, filtered by ShortCode (a part of the code; * matches any digit),
// with paging.
func (s *Server) handleShortCodes(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	size, page := paging(q)
	base := apiPrefix + a.SID + "/SMS/ShortCodes"
	created := rfc2822(s.started)
	s.mu.Lock()
	all := []shortCodeResource{}
	for _, sn := range s.reg.order {
		if sn.acct == a && !strings.HasPrefix(sn.Number, "+") && matchNumber(sn.Number, q.Get("ShortCode")) {
			sid := shortCodeSID(a.SID, sn.Number)
			all = append(all, shortCodeResource{AccountSID: a.SID, APIVersion: "2010-04-01", DateCreated: created, DateUpdated: created,
				FriendlyName: sn.Number, ShortCode: sn.Number, SID: sid, SMSFallbackMethod: http.MethodPost,
				SMSMethod: sn.method(), SMSURL: sn.SMSURL, URI: base + "/" + sid + ".json"})
		}
	}
	s.mu.Unlock()
	start := min(page*size, len(all))
	end := min(start+size, len(all))
	writeJSON(w, http.StatusOK, listPage(base+".json", "short_codes", []string{"ShortCode", "FriendlyName"}, q,
		all[start:end], page, size, start, end < len(all)))
}
