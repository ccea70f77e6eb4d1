// Package hostmatch parses and matches the network host patterns a plugin
// declares in its permissions: "api.example.com", "api.example.com:8443",
// "*.example.com", "127.0.0.1:9000" or "[::1]:9000".
package hostmatch

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Pattern is one parsed host pattern.
type Pattern struct {
	host     string // lowercase, without brackets or trailing dot
	port     string // empty matches every port
	wildcard bool   // "*.example.com": strict subdomains only
}

// Parse parses a host pattern, rejecting URLs, bare "*" and bad ports.
func Parse(s string) (Pattern, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.ContainsAny(s, "/?#@") {
		return Pattern{}, errors.New("must be a host such as api.example.com, not a URL")
	}
	host, port := s, ""
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		host = s[1 : len(s)-1]
	}
	if err := checkPort(port); err != nil {
		return Pattern{}, err
	}
	p := Pattern{port: port}
	if rest, ok := strings.CutPrefix(host, "*."); ok {
		p.wildcard, host = true, rest
	}
	p.host = strings.TrimSuffix(host, ".")
	return p, p.checkHost()
}

func checkPort(port string) error {
	if port == "" {
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %q must be a number from 1 to 65535", port)
	}
	return nil
}

func (p Pattern) checkHost() error {
	if net.ParseIP(p.host) != nil {
		if p.wildcard {
			return errors.New("a wildcard cannot precede an IP address")
		}
		return nil
	}
	labels := strings.Split(p.host, ".")
	if p.wildcard && len(labels) < 2 {
		return errors.New("a wildcard needs a domain of two labels or more, as in *.example.com")
	}
	for _, l := range labels {
		if !validLabel(l) {
			return fmt.Errorf("host %q is not a valid host name", p.host)
		}
	}
	return nil
}

func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Match reports whether host (as from url.URL.Hostname) and port (the
// effective port, see Target) are allowed by the pattern.
func (p Pattern) Match(host, port string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if p.port != "" && p.port != port {
		return false
	}
	if p.wildcard {
		return strings.HasSuffix(host, "."+p.host)
	}
	return host == p.host
}

// Target returns the host and effective port a URL points at, filling in
// the scheme's default port.
func Target(u *url.URL) (host, port string) {
	host, port = u.Hostname(), u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "http", "ws":
			port = "80"
		case "https", "wss":
			port = "443"
		}
	}
	return host, port
}
