package api

import (
	"context"
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
