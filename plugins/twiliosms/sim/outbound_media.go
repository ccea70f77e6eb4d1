package sim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"time"
)

// SentMedia is one MediaUrl of an outbound MMS as the simulator fetched
// it when the message left the queue, as Twilio does: without
// credentials, following redirects.
type SentMedia struct {
	URL string `json:"url"`
	// Status is the HTTP status answered; 0 when the request failed.
	Status      int    `json:"status"`
	ContentType string `json:"content_type,omitempty"`
	Size        int    `json:"size"`
	// SHA256 is the hex digest of the bytes fetched.
	SHA256 string `json:"sha256,omitempty"`
	Error  string `json:"error,omitempty"`
}

// maxSentMedia is the most media one MMS carries (Twilio: 5 MB).
const maxSentMedia = 5 << 20

// mediaFetchTimeout bounds one media fetch.
const mediaFetchTimeout = 15 * time.Second

// fetchMedia fetches m's MediaUrls, records what each answered, and
// returns the ErrorCode that fails the message, or 0: 11200 for a URL that
// cannot be fetched (an error, a status other than 2xx), 12300 for one
// that answers no media type, 30019 for more than 5 MB in all [K: codes
// not checked against Twilio's fetcher].
func (s *Server) fetchMedia(m *Message) int {
	got := make([]SentMedia, 0, len(m.MediaURLs))
	code, total := 0, 0
	for _, u := range m.MediaURLs {
		f := s.fetchOne(u)
		got = append(got, f)
		total += f.Size
		switch {
		case code != 0:
		case f.Status < 200 || f.Status > 299:
			code = 11200
		case f.ContentType == "":
			code = 12300
		case total > maxSentMedia:
			code = 30019
		}
	}
	s.mu.Lock()
	m.SentMedia = got
	s.mu.Unlock()
	return code
}

func (s *Server) fetchOne(u string) SentMedia {
	f := SentMedia{URL: u}
	ctx, cancel := context.WithTimeout(context.Background(), mediaFetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		f.Error = err.Error()
		return f
	}
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		f.Error = err.Error()
		return f
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxSentMedia+1))
	if err != nil {
		f.Error = err.Error()
		return f
	}
	sum := sha256.Sum256(body)
	f.Status, f.Size, f.SHA256 = resp.StatusCode, len(body), hex.EncodeToString(sum[:])
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil {
		f.ContentType = mt
	}
	return f
}
