package sim

import (
	"crypto/rand"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// apiPrefix is the Twilio REST API version path.
const apiPrefix = "/2010-04-01/Accounts/"

// Server is a simulated Twilio Programmable Messaging API. It is an
// http.Handler that can be mounted at any base URL, or served on its own
// with [Server.ListenAndServe].
type Server struct {
	cfg   Config
	ids   *idSource
	sched *scheduler
	mux   *http.ServeMux
	// listenURL is the listener's address under Serve; cdnKey signs CDN
	// URLs.
	listenURL atomic.Pointer[string]
	cdnKey    []byte
	started   time.Time // date_created of the configured numbers

	mu         sync.Mutex
	reg        *registry
	st         *state
	recipients map[string]Recipient
	faults     []*faultRule
	hookFaults WebhookFaults
	httpSrv    *http.Server
}

// state is everything traffic changes; Reset replaces it.
type state struct {
	messages  []*Message
	bySID     map[string]*Message
	nextFree  map[string]time.Time // sender → when its queue frees up
	optOuts   map[string]bool      // scope|recipient → opted out
	callbacks []*Delivery
	posted    int // callbacks ever created, for IDs
	fetches   []MediaFetch
}

func newState() *state {
	return &state{bySID: map[string]*Message{}, nextFree: map[string]time.Time{}, optOuts: map[string]bool{}}
}

// New builds a simulator from cfg. It fails on an invalid account list.
func New(cfg Config) (*Server, error) {
	cfg.applyDefaults()
	s := &Server{cfg: cfg, ids: newIDSource(cfg.Seed), reg: newRegistry(), st: newState(),
		recipients: map[string]Recipient{}, cdnKey: []byte(rand.Text())}
	s.sched = newScheduler(cfg.Clock)
	s.started = cfg.Clock.Now()
	for _, a := range cfg.Accounts {
		if err := s.reg.add(a); err != nil {
			return nil, err
		}
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET "+apiPrefix+"{file}", s.handleAccountFetch)
	s.mux.HandleFunc("POST "+apiPrefix+"{account}/Messages.json", s.handleCreate)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/Messages.json", s.handleList)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/Messages/{file}", s.handleFetch)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/IncomingPhoneNumbers.json", s.handleIncomingNumbers)
	s.mux.HandleFunc("POST "+apiPrefix+"{account}/IncomingPhoneNumbers/{file}", s.handleIncomingNumberUpdate)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/Messages/{sid}/Media/{file}", s.handleMedia)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/Messages/{sid}/Media.json", s.handleMediaList)
	s.mux.HandleFunc("GET "+apiPrefix+"{account}/SMS/ShortCodes.json", s.handleShortCodes)
	s.mux.HandleFunc("GET "+servicesPrefix+"{sid}", s.handleServiceFetch)
	s.mux.HandleFunc("POST "+servicesPrefix+"{sid}", s.handleServiceUpdate)
	s.mux.HandleFunc("GET "+servicesPrefix+"{sid}/PhoneNumbers", s.handleServiceNumbers)
	s.mux.HandleFunc("GET /_sim/cdn/{account}/{sid}/{media}", s.handleCDN)
	s.controlRoutes(s.mux)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, apiError(20404, r.URL.Path))
	})
	return s, nil
}

// ServeHTTP serves the Twilio REST paths and the /_sim/ control endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
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
	u := "http://" + l.Addr().String()
	s.listenURL.CompareAndSwap(nil, &u)
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close cancels pending status changes and callbacks, waits for the ones in
// flight and stops the listener, if any.
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

// Reset forgets all traffic: messages, callbacks, sender queues, opt-outs
// and faults. Accounts and recipients stay as they are.
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

// accountFor authenticates the request for the {account} path segment.
func (s *Server) accountFor(w http.ResponseWriter, r *http.Request) (*account, bool) {
	s.mu.Lock()
	a, e := s.reg.authenticate(r, r.PathValue("account"))
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return nil, false
	}
	return a, true
}

// record keeps m for the API and inspection. Called with s.mu held.
func (s *Server) record(m *Message) {
	s.st.messages = trimLog(append(s.st.messages, m), s.cfg.MaxMessages,
		func(old *Message) { delete(s.st.bySID, old.SID) })
	s.st.bySID[m.SID] = m
}

// trimLog drops the oldest entries of a log longer than max (a tenth more,
// so trimming is rare), calling forget on each.
func trimLog[T any](log []T, max int, forget func(T)) []T {
	if len(log) <= max {
		return log
	}
	drop := len(log) - max + max/10
	if forget != nil {
		for _, x := range log[:drop] {
			forget(x)
		}
	}
	return append(log[:0:0], log[drop:]...)
}

func messageURI(accountSID, sid string) string {
	return apiPrefix + accountSID + "/Messages/" + sid + ".json"
}

func (s *Server) handleFetch(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountFor(w, r)
	if !ok {
		return
	}
	if _, pass := s.gate(w, r, endpointFetch, ""); !pass {
		return
	}
	sid, isJSON := strings.CutSuffix(r.PathValue("file"), ".json")
	s.mu.Lock()
	m := s.st.bySID[sid]
	var res messageResource
	if m != nil && m.AccountSID == a.SID {
		res = resourceOf(m)
	}
	s.mu.Unlock()
	if !isJSON || m == nil || m.AccountSID != a.SID {
		writeError(w, apiError(20404, r.URL.Path))
		return
	}
	writeJSON(w, http.StatusOK, res)
}
