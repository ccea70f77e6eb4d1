package sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// mediaDownloadPath is the path of media download URLs, modelled on Meta's
// lookaside.fbsbx.com/whatsapp_business/attachments/?mid=….
const mediaDownloadPath = "whatsapp_business/attachments"

// mediaURLTTL is how long a media URL works (Meta: 5 minutes).
const mediaURLTTL = 5 * time.Minute

// mediaTTL is how long uploaded media persists (Meta: 30 days).
const mediaTTL = 30 * 24 * time.Hour

// media is an uploaded (or received) file.
type media struct {
	id, phoneID, wabaID, mime string
	data                      []byte
	sha256hex, sha256b64      string
	stored                    time.Time
}

// mediaLimits are the accepted MIME types and their size limits.
var mediaLimits = map[string]int64{
	"audio/aac": 16 << 20, "audio/amr": 16 << 20, "audio/mpeg": 16 << 20, "audio/mp4": 16 << 20,
	"audio/ogg": 16 << 20, "image/jpeg": 5 << 20, "image/png": 5 << 20, "image/webp": 500 << 10,
	"video/mp4": 16 << 20, "video/3gpp": 16 << 20, "text/plain": 100 << 20,
	"application/pdf": 100 << 20, "application/msword": 100 << 20,
	"application/vnd.ms-excel": 100 << 20, "application/vnd.ms-powerpoint": 100 << 20,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   100 << 20,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         100 << 20,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 << 20,
}

func mediaLimit(typ string) (int64, bool) {
	base, _, err := mime.ParseMediaType(typ)
	if err != nil {
		return 0, false
	}
	n, ok := mediaLimits[base]
	return n, ok
}

// storeMedia keeps data as a new media object. Called with s.mu held.
func (s *Server) storeMedia(n *number, data []byte, mimeType string) *media {
	sum := sha256.Sum256(data)
	m := &media{id: s.ids.numericID(), phoneID: n.ID, wabaID: n.acct.ID, mime: mimeType, data: data,
		sha256hex: hex.EncodeToString(sum[:]), sha256b64: base64.StdEncoding.EncodeToString(sum[:]),
		stored: s.cfg.Clock.Now()}
	s.st.media[m.id] = m
	return m
}

// mediaByID returns the media with id, or nil once it is gone: deleted, or
// stored mediaTTL ago. Called with s.mu held.
func (s *Server) mediaByID(id string) *media {
	m := s.st.media[id]
	if m != nil && !s.cfg.Clock.Now().Before(m.stored.Add(mediaTTL)) {
		delete(s.st.media, id)
		return nil
	}
	return m
}

// mediaURL returns a download URL for m that expires after mediaURLTTL.
func (s *Server) mediaURL(r *http.Request, m *media, now time.Time) string {
	ext := strconv.FormatInt(now.Add(mediaURLTTL).Unix(), 10)
	q := url.Values{"mid": {m.id}, "ext": {ext}, "hash": {s.mediaHash(m.id, ext)}}
	return s.publicURL(r) + "/" + mediaDownloadPath + "/?" + q.Encode()
}

func (s *Server) mediaHash(id, ext string) string {
	mac := hmac.New(sha256.New, s.mediaKey)
	mac.Write([]byte(id + "|" + ext))
	return hex.EncodeToString(mac.Sum(nil))[:32]
}

func (s *Server) handleMediaUpload(w http.ResponseWriter, r *http.Request, phoneID string) {
	n, gerr := s.numberFor(r, phoneID, "post")
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	if _, pass := s.gate(w, r, endpointMedia, ""); !pass {
		return
	}
	data, typ, gerr := readUpload(w, r)
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	s.mu.Lock()
	m := s.storeMedia(n, data, typ)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": m.id})
}

// readUpload reads the multipart fields messaging_product, type and file.
func readUpload(w http.ResponseWriter, r *http.Request) ([]byte, string, *GraphError) {
	r.Body = http.MaxBytesReader(w, r.Body, 101<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, "", codeError(100, "The request must be multipart/form-data with a file part.")
	}
	if r.FormValue("messaging_product") != "whatsapp" {
		return nil, "", paramError("The parameter messaging_product is required.")
	}
	typ := r.FormValue("type")
	file, _, err := r.FormFile("file")
	switch {
	case err != nil:
		return nil, "", paramError("The parameter file is required.")
	case typ == "":
		return nil, "", paramError("The parameter type is required.")
	}
	defer file.Close()
	limit, ok := mediaLimit(typ)
	if !ok {
		return nil, "", codeError(131053, fmt.Sprintf("Param file must be a file with one of the supported media types, got %q.", typ))
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil || int64(len(data)) > limit {
		return nil, "", codeError(131053, fmt.Sprintf("File is too big. Max file size allowed for %s is %d KB.", typ, limit>>10))
	}
	return data, typ, nil
}

// mediaNode answers GET /{media-id}. Called with s.mu held.
func (s *Server) mediaNode(r *http.Request, m *media) any {
	return map[string]any{"messaging_product": "whatsapp", "url": s.mediaURL(r, m, s.cfg.Clock.Now()),
		"mime_type": m.mime, "sha256": m.sha256hex, "file_size": len(m.data), "id": m.id}
}

func (s *Server) handleMediaDelete(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	m := s.mediaByID(id)
	gerr := s.reg.authorize(r, wabaOf(m), "delete", id)
	if gerr == nil {
		delete(s.st.media, id)
	}
	s.mu.Unlock()
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": true})
}

func wabaOf(m *media) string {
	if m == nil {
		return ""
	}
	return m.wabaID
}

// handleMediaDownload serves a media URL to a client holding a token with
// access to the media's business account.
func (s *Server) handleMediaDownload(w http.ResponseWriter, r *http.Request) {
	if _, pass := s.gate(w, r, endpointMedia, ""); !pass {
		return
	}
	q := r.URL.Query()
	id, ext := q.Get("mid"), q.Get("ext")
	exp, _ := strconv.ParseInt(ext, 10, 64)
	s.mu.Lock()
	m := s.mediaByID(id)
	authErr := s.reg.authorize(r, wabaOf(m), "get", id)
	now := s.cfg.Clock.Now()
	s.mu.Unlock()
	switch {
	case m == nil || !hmac.Equal([]byte(q.Get("hash")), []byte(s.mediaHash(id, ext))):
		http.Error(w, "Not Found", http.StatusNotFound)
	case now.Unix() > exp:
		http.Error(w, "URL signature expired", http.StatusNotFound)
	case authErr != nil:
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	default:
		w.Header().Set("Content-Type", m.mime)
		w.Header().Set("Content-Length", strconv.Itoa(len(m.data)))
		_, _ = w.Write(m.data)
	}
}
