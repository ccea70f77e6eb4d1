package netguard

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "2001:4860:4860::8888": true, "200.147.67.142": true,
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "fe80::1": false, "100.64.0.1": false, "0.0.0.0": false, "::ffff:127.0.0.1": false,
		"64:ff9b::7f00:1": false, "fd00::1": false, "224.0.0.1": false, "198.18.0.1": false,
		"203.0.114.1": true, "::": false, "::ffff:10.0.0.1": false, "64:ff9b::a00:1": false, "255.255.255.255": false,
	} {
		if got := PublicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("PublicAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}

// TestTransportRefusesLocalUnlessAllowed: a server on loopback is refused
// by name and by address, and reached once the operator allows its host.
func TestTransportRefusesLocalUnlessAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, u := range []string{srv.URL, "http://localhost:" + port} {
		res, err := (&http.Client{Transport: NewTransport(nil, nil, 0)}).Get(u)
		if err == nil {
			res.Body.Close()
			t.Fatalf("%s: reached a loopback server", u)
		}
		if !errors.Is(err, ErrPrivateAddress) {
			t.Fatalf("%s: %v, want ErrPrivateAddress", u, err)
		}
	}
	allowed := &http.Client{Transport: NewTransport([]string{strings.TrimPrefix(srv.URL, "http://")}, nil, 0)}
	res, err := allowed.Get(srv.URL)
	if err != nil {
		t.Fatalf("an allowed host: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("an allowed host: %d", res.StatusCode)
	}
}
