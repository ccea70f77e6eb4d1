package sdk

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/masteria/masteria/sdk/internal/hostmatch"
)

// ErrHostNotAllowed is returned for a request to a host the plugin did not
// declare in permissions.hosts. It is classed permanent: retrying the same
// request cannot succeed.
var ErrHostNotAllowed = errors.New("sdk: egress host not allowed")

// EgressGuard is an http.RoundTripper that lets requests through only to
// allowed hosts. Put it under an http.Client and every hop, redirects
// included, is checked before a connection is made.
type EgressGuard struct {
	patterns []hostmatch.Pattern
	next     http.RoundTripper
}

// NewEgressGuard guards next (http.DefaultTransport when nil) with the host
// patterns of [Permissions.Hosts]. Malformed patterns match nothing;
// [Manifest.Validate] reports them.
func NewEgressGuard(allowedHosts []string, next http.RoundTripper) *EgressGuard {
	if next == nil {
		next = http.DefaultTransport
	}
	g := &EgressGuard{next: next}
	for _, h := range allowedHosts {
		if p, err := hostmatch.Parse(h); err == nil {
			g.patterns = append(g.patterns, p)
		}
	}
	return g
}

// Allows reports whether a request to u may leave.
func (g *EgressGuard) Allows(u *url.URL) bool {
	if u == nil {
		return false
	}
	host, port := hostmatch.Target(u)
	for _, p := range g.patterns {
		if p.Match(host, port) {
			return true
		}
	}
	return false
}

// RoundTrip sends req through the wrapped transport if its host is allowed,
// and otherwise fails with an error wrapping [ErrHostNotAllowed].
func (g *EgressGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if !g.Allows(req.URL) {
		closeBody(req)
		return nil, g.refuse(req.URL)
	}
	return g.next.RoundTrip(req)
}

func (g *EgressGuard) refuse(u *url.URL) error {
	host := "(no URL)"
	if u != nil {
		host = u.Host
	}
	err := fmt.Errorf("%w: %q is not declared in the manifest's permissions.hosts", ErrHostNotAllowed, host)
	return Permanent(err, "")
}

// closeBody honours the RoundTripper contract of closing the request body
// even when the request is refused.
func closeBody(req *http.Request) {
	if req != nil && req.Body != nil {
		_ = req.Body.Close()
	}
}

// CheckHost reports why pattern is not a host pattern an [EgressGuard]
// accepts: "api.example.com", "api.example.com:8443", "*.example.com",
// "127.0.0.1:9000" or "[::1]:9000". The host checks an operator's extra
// egress hosts with it, as [Manifest.Validate] checks permissions.hosts.
func CheckHost(pattern string) error {
	_, err := hostmatch.Parse(pattern)
	return err
}
