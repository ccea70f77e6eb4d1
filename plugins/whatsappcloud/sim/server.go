package sim

import (
	"errors"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a simulated WhatsApp Cloud API (Meta Graph API). It is an
// http.Handler that can be mounted at any base URL, or served on its own
// with [Server.ListenAndServe].
type Server struct {
	cfg   Config
	ids   *idSource
	sched *scheduler
	ctl   http.Handler

	mu            sync.Mutex
	reg           *registry
	st            *state
	undeliverable map[string]bool
	faults        []*faultRule
	hookFaults    WebhookFaults
	httpSrv       *http.Server
	listenURL     atomic.Pointer[string]
	mediaKey      []byte
}

// state is everything traffic changes; Reset replaces it.
type state struct {
	messages   []*Message
	byID       map[string]*Message
	inbound    map[string]*inboundRecord
	windows    map[string]window // phone|wa_id → open window
	throughput map[string]*bucket
	pairs      map[string]*bucket
	reached    map[string]*reachLog // WABA → users reached outside a window
	media      map[string]*media
	webhooks   []*Delivery
	deliveries int // webhooks ever created, for IDs
	// marketingStopped: WABA|wa_id → the user stopped its marketing messages
	marketingStopped map[string]bool
	batches          map[string]*pendingBatch // callback URL and secret → webhooks waiting to go together
}

func newState() *state {
	return &state{byID: map[string]*Message{}, inbound: map[string]*inboundRecord{},
		windows: map[string]window{}, throughput: map[string]*bucket{},
		pairs: map[string]*bucket{}, reached: map[string]*reachLog{},
		media: map[string]*media{}, marketingStopped: map[string]bool{},
		batches: map[string]*pendingBatch{}}
}

// New builds a simulator from cfg. It fails on an invalid account list.
func New(cfg Config) (*Server, error) {
	cfg.applyDefaults()
	s := &Server{cfg: cfg, ids: newIDSource(cfg.Seed), reg: newRegistry(),
		st: newState(), undeliverable: map[string]bool{}}
	s.sched = newScheduler(cfg.Clock)
	s.mediaKey = []byte(s.ids.hex(32))
	for _, a := range cfg.Accounts {
		if err := s.reg.add(a, s.ids); err != nil {
			return nil, err
		}
	}
	s.ctl = s.controlRoutes()
	return s, nil
}

// versionSegment matches the pinned Graph API version, e.g. "v21.0".
var versionSegment = regexp.MustCompile(`^v\d+\.\d+$`)

// ServeHTTP routes Graph API paths (with or without the version segment),
// the media download URL and the /_sim/ control endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(r.URL.Path, "/")
	switch {
	case strings.HasPrefix(path, "_sim/"):
		s.ctl.ServeHTTP(w, r)
		return
	case path == mediaDownloadPath:
		s.handleMediaDownload(w, r)
		return
	}
	segs := strings.Split(path, "/")
	version := ""
	if versionSegment.MatchString(segs[0]) {
		version, segs = segs[0], segs[1:]
	}
	s.route(w, r, version, segs)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, version string, segs []string) {
	method := strings.ToLower(r.Method)
	switch {
	case len(segs) == 1 && segs[0] != "" && r.Method == http.MethodGet:
		s.handleGetNode(w, r, segs[0])
	case len(segs) == 1 && segs[0] != "" && r.Method == http.MethodDelete:
		s.handleMediaDelete(w, r, segs[0])
	case len(segs) == 1 && segs[0] != "" && r.Method == http.MethodPost:
		s.handleUpdateNode(w, r, segs[0])
	case len(segs) == 2 && segs[1] == "subscribed_apps" && r.Method != http.MethodPut:
		s.handleSubscribedApps(w, r, segs[0])
	case len(segs) == 2 && segs[1] == "messages" && r.Method == http.MethodPost:
		s.handleSend(w, r, version, segs[0])
	case len(segs) == 2 && segs[1] == "media" && r.Method == http.MethodPost:
		s.handleMediaUpload(w, r, segs[0])
	case len(segs) == 2 && segs[1] == "message_templates" && r.Method == http.MethodGet:
		s.handleTemplates(w, r, segs[0])
	case len(segs) == 2 && segs[1] == "phone_numbers" && r.Method == http.MethodGet:
		s.handlePhoneNumbers(w, r, segs[0])
	case len(segs) == 2:
		s.writeError(w, unsupportedRequest(method, segs[0]))
	default:
		s.writeError(w, &GraphError{Message: "Unknown path components: /" + strings.Join(segs, "/"),
			Type: "OAuthException", Code: 2500, status: http.StatusBadRequest})
	}
}

// ListenAndServe serves the simulator on addr until [Server.Close].
func (s *Server) ListenAndServe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// ServeLocal serves the simulator on a free loopback port, in the
// background until [Server.Close], and returns its base URL
// ("http://127.0.0.1:port"): how tests and the demo run it in process.
func (s *Server) ServeLocal() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = s.Serve(l) }()
	return "http://" + l.Addr().String(), nil
}

// Serve serves the simulator on l until [Server.Close].
func (s *Server) Serve(l net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	u := "http://" + l.Addr().String()
	s.listenURL.CompareAndSwap(nil, &u)
	err := srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close cancels pending status progressions and webhooks, waits for the
// ones in flight and stops the listener, if any.
func (s *Server) Close() error {
	s.sched.CancelAll(true)
	s.mu.Lock()
	srv := s.httpSrv
	s.mu.Unlock()
	if srv != nil {
		return srv.Close()
	}
	return nil
}

// Reset forgets all traffic: messages, webhooks, windows, rate-limit state,
// uploaded media and faults. Accounts, templates and tiers stay as they are.
func (s *Server) Reset() {
	s.sched.CancelAll(false)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState()
	s.faults = nil
	s.hookFaults = WebhookFaults{}
}

// Clock returns the simulator's clock (a *ManualClock in tests).
func (s *Server) Clock() Clock { return s.cfg.Clock }

// publicURL is the base URL clients reach the simulator at.
func (s *Server) publicURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	if r != nil && r.Host != "" {
		scheme := "http"
		if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
			scheme = "https"
		}
		return scheme + "://" + r.Host
	}
	if u := s.listenURL.Load(); u != nil {
		return *u
	}
	return "https://lookaside.fbsbx.com"
}
