package api

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMediaIsTenantScoped: a tenant reads its own file with its content
// type and safe headers; another tenant, an unknown ID and an anonymous
// caller get nothing.
func TestMediaIsTenantScoped(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("media-a"), h.workspace("media-b")
	blob, err := h.api.Blobs.Put(context.Background(), a.Tenant.ID, "con_1", "image/jpeg", strings.NewReader("jpeg bytes"))
	if err != nil {
		t.Fatal(err)
	}
	r := h.do("GET", "/api/v1/media/"+blob.ID, a.APIKey, nil)
	if r.Status != 200 || string(r.Body) != "jpeg bytes" || r.Header.Get("Content-Type") != "image/jpeg" ||
		r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Disposition") != "inline" {
		t.Fatalf("owner: %d %q %v", r.Status, r.Body, r.Header)
	}
	for name, c := range map[string]struct {
		id, key string
		status  int
	}{
		"another tenant": {blob.ID, b.APIKey, 404},
		"unknown id":     {"blb_01m8ab6z1bvgtkafr9hd9y37h5", a.APIKey, 404},
		"path-like id":   {"..%2F..%2Fm.db", a.APIKey, 404},
		"anonymous":      {blob.ID, "", 401},
	} {
		r := h.do("GET", "/api/v1/media/"+c.id, c.key, nil)
		if r.Status != c.status || strings.Contains(string(r.Body), "jpeg bytes") {
			t.Errorf("%s: %d %s; want %d", name, r.Status, r.Body, c.status)
		}
	}
	req, _ := http.NewRequest("GET", h.base+"/api/v1/media/"+blob.ID, nil)
	req.Header.Set("Authorization", "Bearer "+a.APIKey)
	req.Header.Set("If-None-Match", `"`+blob.SHA256+`"`)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
}

// TestMediaDownloadsWhatIsNotMedia: a document is an attachment, never
// rendered inline.
func TestMediaDownloadsWhatIsNotMedia(t *testing.T) {
	h := newHarness(t)
	a := h.workspace("media-doc")
	blob, err := h.api.Blobs.Put(context.Background(), a.Tenant.ID, "", "text/html", strings.NewReader("<script>x</script>"))
	if err != nil {
		t.Fatal(err)
	}
	r := h.do("GET", "/api/v1/media/"+blob.ID, a.APIKey, nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(r.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("%d %v", r.Status, r.Header)
	}
}

// TestMediaDownloadsUnderItsName: a document downloads under the name the
// link asks for (the message's file name), else its ID with the type's
// extension: the header's name beats the link's download attribute, and
// "blb_…" without ".pdf" is a file the agent's computer cannot open.
func TestMediaDownloadsUnderItsName(t *testing.T) {
	h := newHarness(t)
	a := h.workspace("media-name")
	blob, err := h.api.Blobs.Put(context.Background(), a.Tenant.ID, "", "application/pdf", strings.NewReader("%PDF-1.4"))
	if err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"":                                 `attachment; filename=` + blob.ID + `.pdf`,
		"?filename=nota-fiscal.pdf":        `attachment; filename=nota-fiscal.pdf`,
		"?filename=boleto%20junho.pdf":     `attachment; filename="boleto junho.pdf"`,
		"?filename=..%2F..%2Fetc%2Fpasswd": `attachment; filename=....etcpasswd`,
		"?filename=%C3%A1gua.pdf":          `attachment; filename*=utf-8''%C3%A1gua.pdf`,
	} {
		r := h.do("GET", "/api/v1/media/"+blob.ID+query, a.APIKey, nil)
		if r.Status != 200 || r.Header.Get("Content-Disposition") != want {
			t.Errorf("%q: %d %q, want %q", query, r.Status, r.Header.Get("Content-Disposition"), want)
		}
	}
}

// TestMediaServesRanges: audio and video are read by ranges (Safari plays
// nothing otherwise, and seeking needs them); a range it cannot read gets
// the whole file.
func TestMediaServesRanges(t *testing.T) {
	h := newHarness(t)
	a := h.workspace("media-range")
	blob, err := h.api.Blobs.Put(context.Background(), a.Tenant.ID, "", "audio/ogg", strings.NewReader("0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	for rng, want := range map[string]struct {
		status        int
		body, content string
	}{
		"bytes=2-5":     {206, "2345", "bytes 2-5/10"},
		"bytes=7-":      {206, "789", "bytes 7-9/10"},
		"bytes=-3":      {206, "789", "bytes 7-9/10"},
		"bytes=0-1,4-5": {200, "0123456789", ""},
		"bytes=20-30":   {200, "0123456789", ""},
	} {
		req, _ := http.NewRequest("GET", h.base+"/api/v1/media/"+blob.ID, nil)
		req.Header.Set("Authorization", "Bearer "+a.APIKey)
		req.Header.Set("Range", rng)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want.status || string(body) != want.body || res.Header.Get("Content-Range") != want.content ||
			res.Header.Get("Accept-Ranges") != "bytes" {
			t.Errorf("%s: %d %q %q, want %d %q %q", rng, res.StatusCode, body, res.Header.Get("Content-Range"), want.status, want.body, want.content)
		}
	}
}
