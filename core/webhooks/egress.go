package webhooks

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Timeout bounds one attempt, answer included (Standard Webhooks: 15 to 30 s).
const Timeout = 15 * time.Second

// ErrPrivateAddress is a connection refused because the endpoint's host
// resolved to an address inside a private network (SSRF).
var ErrPrivateAddress = errors.New("webhooks: the host resolves to a private or local address")

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
	allow   *sdk.EgressGuard
	public  http.RoundTripper
	trusted http.RoundTripper
}

// NewEgress guards webhooks' requests. trusted carries requests to the
// allowed hosts (http.DefaultTransport when nil).
func NewEgress(allowHosts []string, trusted http.RoundTripper) *Egress {
	if trusted == nil {
		trusted = http.DefaultTransport
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: refusePrivate}
	return &Egress{
		allow:   sdk.NewEgressGuard(allowHosts, trusted),
		trusted: trusted,
		public: &http.Transport{
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: Timeout,
		},
	}
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
	if e.allow.Allows(req.URL) {
		return e.trusted.RoundTrip(req)
	}
	if req.URL.Scheme != "https" {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, errNotHTTPS
	}
	return e.public.RoundTrip(req)
}

// refusePrivate is the dialer's check of the address it is about to
// connect to.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !publicAddr(ip) {
		return fmt.Errorf("%w (%s)", ErrPrivateAddress, host)
	}
	return nil
}

// nonPublic are ranges netip's predicates leave out: "this network",
// carrier-grade NAT, IETF protocol assignments, benchmarking, reserved,
// NAT64 (which may embed any IPv4 address) and discard-only.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("100::/64"),
}

// publicAddr tells whether ip is an address on the public internet.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
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
	if e.allow.Allows(u) {
		return ""
	}
	if u.Scheme != "https" {
		return "must be https:// (http:// only to a host the server's egress_allow_hosts allows)"
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "must not point at a local or private address (allow its host in the server's egress_allow_hosts)"
	}
	return ""
}
