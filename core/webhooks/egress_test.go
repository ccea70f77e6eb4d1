package webhooks

import (
	"errors"
	"strings"
	"testing"
)

func TestEndpointURLs(t *testing.T) {
	e := NewEgress([]string{"127.0.0.1:9300", "erp.internal"}, nil)
	for raw, bad := range map[string]string{
		"https://hooks.example.com/in?x=1":              "",
		"http://127.0.0.1:9300/hook":                    "", // an allowed host, over http too
		"http://erp.internal/masteria":                  "",
		"":                                              "required",
		"hooks.example.com/in":                          "absolute",
		"ftp://hooks.example.com":                       "absolute",
		"https://user:pw@hooks.example.com":             "user name",
		"http://hooks.example.com/in":                   "must be https",
		"https://127.0.0.1/in":                          "private",
		"https://127.0.0.1:9301/in":                     "private", // another port of an allowed host
		"https://[::1]/in":                              "private",
		"https://10.0.0.8/in":                           "private",
		"https://169.254.169.254/latest":                "private",
		"https://localhost:8443/in":                     "private",
		"https://" + strings.Repeat("a", 2050) + ".com": "at most 2048",
	} {
		got := e.checkURL(raw)
		if bad == "" && got != "" || bad != "" && !strings.Contains(got, bad) {
			t.Errorf("%.60q: %q, want %q", raw, got, bad)
		}
	}
}

// TestEgressRefusesPrivateAddressesWhenDialled: a name that resolves to a
// private address is refused at connection time; plain http leaves only
// to an allowed host.
func TestEgressRefusesPrivateAddressesWhenDialled(t *testing.T) {
	r := newReceiver(t)
	c := NewEgress(nil, nil).Client()
	for _, u := range []string{"https://localhost:1/in", "https://127.0.0.1:1/in"} {
		_, err := c.Post(u, "application/json", nil)
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: %v", u, err)
		}
	}
	if _, err := c.Post(r.URL, "application/json", nil); !errors.Is(err, errNotHTTPS) {
		t.Errorf("plain http to a host not allowed: %v", err)
	}
	if res, err := NewEgress([]string{r.host()}, nil).Client().Post(r.URL, "application/json", nil); err != nil || res.StatusCode != 200 {
		t.Errorf("an allowed host: %v", err)
	}
	if len(r.requests()) != 1 {
		t.Fatalf("%d requests reached the receiver, want the allowed one", len(r.requests()))
	}
}
