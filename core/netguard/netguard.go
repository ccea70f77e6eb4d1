// Package netguard keeps the server's own outbound HTTP (a flow's
// http.request, outbound webhooks) away from the networks it runs in: a
// tenant's URL may not reach loopback, private, link-local (cloud
// metadata) or otherwise non-public addresses (SSRF), unless the operator
// allows the host (egress_allow_hosts, MASTERIA_EGRESS_ALLOW_HOSTS).
//
// The check runs on the address actually dialled, so a name that
// resolves to a private address, or DNS that changes between a check and
// the connection (rebinding), gains nothing; no proxy from the
// environment is used (it would be the address dialled).
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/masteria/masteria/sdk"
)

// ErrPrivateAddress is a connection refused because the host resolved to
// an address inside a private or local network.
var ErrPrivateAddress = errors.New("the host resolves to a private or local address")

// RefusePrivate is a net.Dialer's Control: it refuses to connect to a
// non-public address.
func RefusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !PublicAddr(ip) {
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

// PublicAddr tells whether ip is an address on the public internet.
func PublicAddr(ip netip.Addr) bool {
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

// PublicTransport dials public addresses only; headerTimeout bounds the
// wait for a response's headers (0: none).
func PublicTransport(headerTimeout time.Duration) *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: RefusePrivate}
	return &http.Transport{
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: headerTimeout,
	}
}

// Transport sends a request to a host the operator allows through trusted
// (http.DefaultTransport when nil) as it is, and any other through a
// transport that dials public addresses only.
type Transport struct {
	allow   *sdk.EgressGuard
	trusted http.RoundTripper
	public  http.RoundTripper
}

// NewTransport guards requests with the operator's allowed hosts;
// headerTimeout bounds the wait for a public host's response headers (0:
// none).
func NewTransport(allowHosts []string, trusted http.RoundTripper, headerTimeout time.Duration) *Transport {
	if trusted == nil {
		trusted = http.DefaultTransport
	}
	return &Transport{allow: sdk.NewEgressGuard(allowHosts, trusted), trusted: trusted, public: PublicTransport(headerTimeout)}
}

// Allows reports whether the operator allows u's host (it is then reached
// as it is, on whatever network).
func (t *Transport) Allows(u *url.URL) bool { return t.allow.Allows(u) }

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.allow.Allows(req.URL) {
		return t.trusted.RoundTrip(req)
	}
	return t.public.RoundTrip(req)
}
