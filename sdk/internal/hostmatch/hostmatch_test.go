package hostmatch

import (
	"net/url"
	"testing"
)

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"", "*", "https://api.example.com", "api.example.com/path", "*.com",
		"a..b", "-a.com", "api.example.com:0", "api.example.com:http",
		"*.127.0.0.1", "user@host",
	} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted a bad pattern", in)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, url string
		want         bool
	}{
		{"graph.facebook.com", "https://graph.facebook.com/v21.0/x", true},
		{"graph.facebook.com", "https://GRAPH.facebook.com./x", true},
		{"graph.facebook.com", "http://graph.facebook.com:8080/", true},
		{"graph.facebook.com", "https://evil.com/graph.facebook.com", false},
		{"graph.facebook.com", "https://graph.facebook.com.evil.com/", false},
		{"api.example.com:8443", "https://api.example.com:8443/", true},
		{"api.example.com:8443", "https://api.example.com/", false},
		{"api.example.com:443", "https://api.example.com/", true},
		{"*.twilio.com", "https://api.twilio.com/", true},
		{"*.twilio.com", "https://a.b.twilio.com/", true},
		{"*.twilio.com", "https://twilio.com/", false},
		{"*.twilio.com", "https://eviltwilio.com/", false},
		{"127.0.0.1:9000", "http://127.0.0.1:9000/", true},
		{"127.0.0.1:9000", "http://127.0.0.1:9001/", false},
		{"[::1]:9000", "http://[::1]:9000/", true},
		{"::1", "http://[::1]:1234/", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.url, func(t *testing.T) {
			p, err := Parse(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Match(Target(u)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
