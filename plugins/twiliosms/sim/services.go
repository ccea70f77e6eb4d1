package sim

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// servicesPrefix is the Messaging API's Services path (on Twilio, at
// https://messaging.twilio.com; the simulator serves it beside the
// 2010-04-01 API).
const servicesPrefix = "/v1/Services/"

// serviceResource is the Messaging Service resource as Twilio's Messaging
// API returns it (GET /v1/Services/{Sid}), less the link-shortening and
// A2P fields the simulator does not model. Its dates are ISO 8601, unlike
// the 2010-04-01 API's; an unset URL is null.
type serviceResource struct {
	SID                       string            `json:"sid"`
	AccountSID                string            `json:"account_sid"`
	FriendlyName              string            `json:"friendly_name"`
	DateCreated               string            `json:"date_created"`
	DateUpdated               string            `json:"date_updated"`
	InboundRequestURL         *string           `json:"inbound_request_url"`
	InboundMethod             string            `json:"inbound_method"`
	FallbackURL               *string           `json:"fallback_url"`
	FallbackMethod            string            `json:"fallback_method"`
	StatusCallback            *string           `json:"status_callback"`
	StickySender              bool              `json:"sticky_sender"`
	MMSConverter              bool              `json:"mms_converter"`
	SmartEncoding             bool              `json:"smart_encoding"`
	ScanMessageContent        string            `json:"scan_message_content"`
	AreaCodeGeomatch          bool              `json:"area_code_geomatch"`
	ValidityPeriod            int               `json:"validity_period"`
	Usecase                   string            `json:"usecase"`
	UseInboundWebhookOnNumber bool              `json:"use_inbound_webhook_on_number"`
	URL                       string            `json:"url"`
	Links                     map[string]string `json:"links"`
}

// inboundMethod is how the service's inbound request URL is called.
func (svc *service) inboundMethod() string {
	if svc.InboundMethod == "" {
		return http.MethodPost
	}
	return svc.InboundMethod
}

// serviceResourceOf renders svc. Called with s.mu held.
func (s *Server) serviceResourceOf(svc *service) serviceResource {
	iso := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	updated := s.started
	if !svc.updated.IsZero() {
		updated = svc.updated
	}
	orNull := func(u string) *string {
		if u == "" {
			return nil
		}
		return &u
	}
	self := s.publicURL() + servicesPrefix + svc.SID
	return serviceResource{SID: svc.SID, AccountSID: svc.acct.SID, FriendlyName: svc.SID,
		DateCreated: iso(s.started), DateUpdated: iso(updated), InboundRequestURL: orNull(svc.InboundRequestURL),
		InboundMethod: svc.inboundMethod(), FallbackMethod: http.MethodPost, StatusCallback: orNull(svc.StatusCallback),
		StickySender: true, MMSConverter: true, ScanMessageContent: "inherit", ValidityPeriod: 36000,
		Usecase: "undeclared", UseInboundWebhookOnNumber: svc.UseInboundWebhookOnNumber, URL: self,
		Links: map[string]string{"phone_numbers": self + "/PhoneNumbers", "short_codes": self + "/ShortCodes",
			"alpha_senders": self + "/AlphaSenders"}}
}

// serviceFor authenticates the request (the Messaging API names no
// account in its paths: the credentials choose it) and finds the {sid}
// service among that account's; 20404 for another account's, as for one
// that does not exist. Called with s.mu held.
func (s *Server) serviceFor(r *http.Request) (*service, *APIError) {
	a, e := s.reg.authenticateAny(r)
	if e != nil {
		return nil, e
	}
	svc := a.services[r.PathValue("sid")]
	if svc == nil {
		return nil, apiError(20404, strings.TrimPrefix(r.URL.Path, "/v1"))
	}
	return svc, nil
}

// handleServiceFetch answers GET /v1/Services/{Sid}.
func (s *Server) handleServiceFetch(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	svc, e := s.serviceFor(r)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, s.serviceResourceOf(svc))
}

// handleServiceUpdate answers POST /v1/Services/{Sid}: InboundRequestUrl
// (empty clears it: the service's inbound messages are then dropped),
// InboundMethod (GET or POST) and UseInboundWebhookOnNumber change where
// messages to the service's numbers go (see [inboundURL]); the answer is
// the service resource.
func (s *Server) handleServiceUpdate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, apiError(20001, "the body is not form-encoded"))
		return
	}
	form := r.PostForm
	inbound, method := form.Get("InboundRequestUrl"), strings.ToUpper(form.Get("InboundMethod"))
	useNumber, boolErr := strconv.ParseBool(form.Get("UseInboundWebhookOnNumber"))
	s.mu.Lock()
	defer s.mu.Unlock()
	svc, e := s.serviceFor(r)
	switch {
	case e != nil:
	case inbound != "" && !callbackURL(inbound):
		e = apiError(21502, inbound)
	case method != "" && method != http.MethodGet && method != http.MethodPost:
		e = apiError(20001, "InboundMethod must be GET or POST")
	case form.Has("UseInboundWebhookOnNumber") && boolErr != nil:
		e = apiError(20001, "UseInboundWebhookOnNumber must be true or false")
	}
	if e != nil {
		writeError(w, e)
		return
	}
	if form.Has("InboundRequestUrl") {
		svc.InboundRequestURL = inbound
	}
	if method != "" {
		svc.InboundMethod = method
	}
	if form.Has("UseInboundWebhookOnNumber") {
		svc.UseInboundWebhookOnNumber = useNumber
	}
	svc.updated = s.cfg.Clock.Now()
	writeJSON(w, http.StatusOK, s.serviceResourceOf(svc))
}
