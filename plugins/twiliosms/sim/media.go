package sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MediaFile is a file a simulated handset attaches to a message (an MMS).
// The simulator keeps it as a Media resource of the message and puts its
// URL in the webhook's MediaUrlN. In JSON, Data is base64.
type MediaFile struct {
	// ContentType is the MediaContentTypeN; empty sniffs it from Data.
	ContentType string `json:"content_type,omitempty"`
	Data        []byte `json:"data"`
}

// maxInboundMedia is how many media one message carries at most (Twilio's
// limit of 10).
const maxInboundMedia = 10

// cdnTTL is how long a CDN URL works (Twilio's mms.twiliocdn.com URLs: 4 h).
const cdnTTL = 4 * time.Hour

// hostedMedia is a Media resource of an inbound message. It does not
// change once made, so it is read without s.mu.
type hostedMedia struct {
	sid, accountSID, messageSID, contentType string
	data                                     []byte
	created                                  time.Time
}

// MediaFetch is one request for an inbound message's media: at its Media
// URL on the REST API ("api"), or at the CDN URL that redirects to ("cdn").
type MediaFetch struct {
	MessageSID string `json:"message_sid"`
	MediaSID   string `json:"media_sid"`
	Via        string `json:"via"`
	Status     int    `json:"status"`
	// Authorization is whether the request carried an Authorization header.
	Authorization bool      `json:"authorization"`
	At            time.Time `json:"at"`
}

// checkMedia refuses more media than Twilio carries, or a file without
// bytes.
func checkMedia(in Inbound) error {
	if n := len(in.Media) + len(in.MediaURLs); n > maxInboundMedia {
		return fmt.Errorf("sim: an inbound message carries at most %d media, not %d", maxInboundMedia, n)
	}
	for i, f := range in.Media {
		if len(f.Data) == 0 {
			return fmt.Errorf("sim: inbound media %d has no data", i)
		}
	}
	return nil
}

// hostMedia keeps files as the media of m and returns their URLs and
// content types. Called with s.mu held.
func (s *Server) hostMedia(m *Message, files []MediaFile) (urls, types []string) {
	for _, f := range files {
		ct := f.ContentType
		if ct == "" {
			ct = http.DetectContentType(f.Data)
		}
		md := &hostedMedia{sid: s.ids.sid("ME"), accountSID: m.AccountSID, messageSID: m.SID, contentType: ct,
			data: append([]byte(nil), f.Data...), created: m.CreatedAt}
		m.media = append(m.media, md)
		urls = append(urls, s.publicURL()+mediaPath(md.accountSID, md.messageSID, md.sid))
		types = append(types, ct)
	}
	return urls, types
}

func mediaPath(accountSID, messageSID, mediaSID string) string {
	return apiPrefix + accountSID + "/Messages/" + messageSID + "/Media/" + mediaSID
}

// publicURL is the base URL clients reach the REST API at.
func (s *Server) publicURL() string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	if u := s.listenURL.Load(); u != nil {
		return *u
	}
	return "https://api.twilio.com"
}

// mediaOf finds a message's media by SID. Called with s.mu held.
func (s *Server) mediaOf(accountSID, messageSID, mediaSID string) *hostedMedia {
	m := s.st.bySID[messageSID]
	if m == nil || m.AccountSID != accountSID {
		return nil
	}
	for _, md := range m.media {
		if md.sid == mediaSID {
			return md
		}
	}
	return nil
}

// handleMedia answers GET …/Messages/{sid}/Media/{MediaSid}: the bytes with
// their content type (or, with MediaCDNURL, a 307 to them), or with .json
// the Media resource. It authenticates like the other API endpoints.
func (s *Server) handleMedia(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	id, isJSON := strings.CutSuffix(r.PathValue("file"), ".json")
	defer func() { s.noteFetch(r, "api", id, sw.status) }()
	a, ok := s.accountFor(sw, r)
	if !ok {
		return
	}
	if _, pass := s.gate(sw, r, endpointMedia, ""); !pass {
		return
	}
	s.mu.Lock()
	md := s.mediaOf(a.SID, r.PathValue("sid"), id)
	s.mu.Unlock()
	switch {
	case md == nil:
		writeError(sw, apiError(20404, r.URL.Path))
	case isJSON:
		writeJSON(sw, http.StatusOK, md.resource())
	case s.cfg.MediaCDNURL != "":
		http.Redirect(sw, r, s.cdnURL(md), http.StatusTemporaryRedirect)
	default:
		md.write(sw)
	}
}

// handleMediaList answers GET …/Messages/{sid}/Media.json, one page.
func (s *Server) handleMediaList(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	sid := r.PathValue("sid")
	s.mu.Lock()
	m := s.st.bySID[sid]
	list := []mediaResource{}
	if m != nil && m.AccountSID == a.SID {
		for _, md := range m.media {
			list = append(list, md.resource())
		}
	}
	s.mu.Unlock()
	if m == nil || m.AccountSID != a.SID {
		writeError(w, apiError(20404, r.URL.Path))
		return
	}
	uri := apiPrefix + a.SID + "/Messages/" + sid + "/Media.json?PageSize=50&Page=0"
	writeJSON(w, http.StatusOK, map[string]any{"media_list": list, "page": 0, "page_size": 50, "start": 0,
		"end": max(len(list)-1, 0), "uri": uri, "first_page_uri": uri, "next_page_uri": nil, "previous_page_uri": nil})
}

// mediaResource is the Media resource of the REST API.
type mediaResource struct {
	AccountSID  string `json:"account_sid"`
	ContentType string `json:"content_type"`
	DateCreated string `json:"date_created"`
	DateUpdated string `json:"date_updated"`
	ParentSID   string `json:"parent_sid"`
	SID         string `json:"sid"`
	URI         string `json:"uri"`
}

func (md *hostedMedia) resource() mediaResource {
	return mediaResource{AccountSID: md.accountSID, ContentType: md.contentType, DateCreated: rfc2822(md.created),
		DateUpdated: rfc2822(md.created), ParentSID: md.messageSID, SID: md.sid,
		URI: mediaPath(md.accountSID, md.messageSID, md.sid) + ".json"}
}

func (md *hostedMedia) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", md.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(md.data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(md.data)
}

// cdnURL is a signed CDN URL for md, valid for cdnTTL.
func (s *Server) cdnURL(md *hostedMedia) string {
	exp := strconv.FormatInt(s.cfg.Clock.Now().Add(cdnTTL).Unix(), 10)
	return strings.TrimRight(s.cfg.MediaCDNURL, "/") + "/_sim/cdn/" + md.accountSID + "/" + md.messageSID + "/" +
		md.sid + "?Expires=" + exp + "&Signature=" + s.cdnSignature(md.sid, exp)
}

func (s *Server) cdnSignature(mediaSID, expires string) string {
	mac := hmac.New(sha256.New, s.cdnKey)
	mac.Write([]byte(mediaSID + "|" + expires))
	return hex.EncodeToString(mac.Sum(nil))
}

// handleCDN serves a signed CDN URL without credentials, as a CDN does; a
// wrong signature or an expired URL gets 403.
func (s *Server) handleCDN(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	id, exp := r.PathValue("media"), r.URL.Query().Get("Expires")
	defer func() { s.noteFetch(r, "cdn", id, sw.status) }()
	until, err := strconv.ParseInt(exp, 10, 64)
	sig, _ := hex.DecodeString(r.URL.Query().Get("Signature"))
	want, _ := hex.DecodeString(s.cdnSignature(id, exp))
	var md *hostedMedia
	if err == nil && hmac.Equal(sig, want) && s.cfg.Clock.Now().Unix() <= until {
		s.mu.Lock()
		md = s.mediaOf(r.PathValue("account"), r.PathValue("sid"), id)
		s.mu.Unlock()
	}
	if md == nil {
		http.Error(sw, "AccessDenied", http.StatusForbidden)
		return
	}
	md.write(sw)
}

// noteFetch records a media request for inspection.
func (s *Server) noteFetch(r *http.Request, via, mediaSID string, status int) {
	f := MediaFetch{MessageSID: r.PathValue("sid"), MediaSID: mediaSID, Via: via, Status: status,
		Authorization: r.Header.Get("Authorization") != "", At: s.cfg.Clock.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.fetches = trimLog(append(s.st.fetches, f), 4*s.cfg.MaxMessages, nil)
}

// MediaFetches returns every request for inbound media so far, oldest
// first.
func (s *Server) MediaFetches() []MediaFetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]MediaFetch{}, s.st.fetches...)
}

// statusWriter remembers the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
