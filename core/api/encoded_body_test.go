package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
)

// TestEncodedBodiesAreRefused: fiber's Body() inflates a Content-Encoding
// body with no limit (a 10 KB gzip of zeros is 10 MB past body_limit), so
// every route, the unauthenticated webhooks and login among them, refuses
// an encoded body with 415 before any handler reads it. Providers sign
// webhooks over the bytes they send, uncompressed.
func TestEncodedBodiesAreRefused(t *testing.T) {
	h := newHarness(t)
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	_, _ = zw.Write(make([]byte, 10<<20))
	_ = zw.Close()
	post := func(path, encoding string, body []byte) reply {
		req, _ := http.NewRequest("POST", h.base+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", encoding)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return reply{Status: res.StatusCode, Body: raw, Header: res.Header}
	}
	for _, path := range []string{"/hooks/con_unknown", "/hooks/con_unknown/status", "/hooks/flows/flw_nope", "/api/v1/auth/login"} {
		for _, enc := range []string{"gzip", "deflate, gzip", "br", "x-unknown"} {
			if r := post(path, enc, bomb.Bytes()); r.Status != http.StatusUnsupportedMediaType || r.errorCode(t) != "unsupported_media_type" {
				t.Errorf("%s with Content-Encoding %q: %d %s", path, enc, r.Status, r.Body)
			}
		}
	}
	if r := post("/api/v1/auth/login", "identity", []byte(`{"email":"a@b.c","password":"x"}`)); r.Status != http.StatusUnauthorized {
		t.Errorf("identity is no encoding: %d %s", r.Status, r.Body)
	}
}
