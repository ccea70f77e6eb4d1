package webhooks

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/masteria/masteria/core/netguard"
)

// Timeout bounds one attempt, answer included (Standard Webhooks: 15 to 30 s).
const Timeout = 15 * time.Second

// ErrPrivateAddress is a connection refused because the endpoint's host
// resolved to an address inside a private network (SSRF): netguard's.
var ErrPrivateAddress = netguard.ErrPrivateAddress

// errNotHTTPS is a request to a host outside the allowed ones over plain HTTP.
var errNotHTTPS = errors.New("webhooks: only https:// URLs may be reached, besides the operator's allowed hosts")

// Egress is the way out for webhooks. A URL whose host the operator allows
// (egress_allow_hosts, MASTERIA_EGRESS_ALLOW_HOSTS: a receiver on the
// same network, a test server) is reached as it is, over http or https;
// any other must be https, and its connection is refused when the host
// resolves to a loopback, private, link-local (cloud metadata), shared or
// otherwise non-public address. The check runs on the address actually
// dialled, so DNS that changes between a check and the connection (DNS
// rebinding) gains nothing, and no proxy from the environment is used (it
// would be the address dialled).
type Egress struct {
	guard *netguard.Transport
}

// NewEgress guards webhooks' requests. trusted carries requests to the
// allowed hosts (http.DefaultTransport when nil).
func NewEgress(allowHosts []string, trusted http.RoundTripper) *Egress {
	return &Egress{guard: netguard.NewTransport(allowHosts, trusted, Timeout)}
}

// Client is an HTTP client through e that times out after Timeout and
// follows no redirect (a 3xx is the answer, and a failure).
func (e *Egress) Client() *http.Client {
	return &http.Client{
		Transport:     e,
		Timeout:       Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// RoundTrip sends req to an allowed host as it is, or to any other over
// https and to a public address only.
func (e *Egress) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" && !e.guard.Allows(req.URL) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, errNotHTTPS
	}
	return e.guard.RoundTrip(req)
}

// maxURL is the longest endpoint URL accepted.
const maxURL = 2048

// checkURL says what is wrong with raw as an endpoint's URL ("" when
// nothing): an absolute http(s) URL without credentials, https unless its
// host is allowed, and not naming a local or private address outright
// (a name resolving to one is refused when dialled).
func (e *Egress) checkURL(raw string) string {
	if raw == "" || len(raw) > maxURL {
		return fmt.Sprintf("required, at most %d characters", maxURL)
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "" || u.Scheme != "https" && u.Scheme != "http" {
		return "must be an absolute https:// URL"
	}
	if u.User != nil {
		return "must not carry a user name or password"
	}
	if e.guard.Allows(u) {
		return ""
	}
	if u.Scheme != "https" {
		return "must be https:// (http:// only to a host the server's egress_allow_hosts allows)"
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if ip, err := netip.ParseAddr(host); err == nil && !netguard.PublicAddr(ip) || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "must not point at a local or private address (allow its host in the server's egress_allow_hosts)"
	}
	return ""
}
