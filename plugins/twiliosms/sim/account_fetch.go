package sim

import (
	"net/http"
	"strings"
)

// accountResource is the Account resource as Twilio's API returns it
// (GET /2010-04-01/Accounts/{AccountSid}.json), less the auth token and
// the subresource links.
type accountResource struct {
	SID             string `json:"sid"`
	OwnerAccountSID string `json:"owner_account_sid"`
	FriendlyName    string `json:"friendly_name"`
	Status          string `json:"status"` // active, suspended, closed
	Type            string `json:"type"`   // Full, Trial
	DateCreated     string `json:"date_created"`
	DateUpdated     string `json:"date_updated"`
	URI             string `json:"uri"`
}

// handleAccountFetch answers GET /2010-04-01/Accounts/{AccountSid}.json
// with the same authentication as the Messages endpoints: 20003 for
// credentials that do not open that account.
func (s *Server) handleAccountFetch(w http.ResponseWriter, r *http.Request) {
	sid, isJSON := strings.CutSuffix(r.PathValue("file"), ".json")
	if !isJSON {
		writeError(w, apiError(20404, r.URL.Path))
		return
	}
	s.mu.Lock()
	a, e := s.reg.authenticate(r, sid)
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	created := rfc2822(s.cfg.Clock.Now())
	writeJSON(w, http.StatusOK, accountResource{SID: a.SID, OwnerAccountSID: a.SID, FriendlyName: a.SID,
		Status: "active", Type: "Full", DateCreated: created, DateUpdated: created, URI: apiPrefix + a.SID + ".json"})
}
