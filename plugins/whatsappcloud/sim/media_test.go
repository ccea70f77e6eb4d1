package sim

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

// upload posts a multipart media upload and returns status and body.
func (f *fixture) upload(product, typ string, data []byte) (int, map[string]any) {
	f.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if product != "" {
		_ = w.WriteField("messaging_product", product)
	}
	if typ != "" {
		_ = w.WriteField("type", typ)
	}
	if data != nil {
		part, _ := w.CreateFormFile("file", "file.bin")
		_, _ = part.Write(data)
	}
	_ = w.Close()
	status, body := f.do("POST", "/v21.0/"+DemoPhoneNumberID+"/media", DemoAccessToken, &buf, w.FormDataContentType())
	return status, decode(f.t, body)
}

func TestMediaLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	data := []byte("%PDF-1.4 boleto")
	status, resp := f.upload("whatsapp", "application/pdf", data)
	if status != 200 || len(resp) != 1 || resp["id"] == "" {
		t.Fatalf("upload: %d %v", status, resp)
	}
	id := resp["id"].(string)

	status, body := f.do("GET", "/v21.0/"+id+"?phone_number_id="+DemoPhoneNumberID, DemoAccessToken, nil, "")
	node := decode(t, body)
	if status != 200 || node["mime_type"] != "application/pdf" || node["file_size"] != float64(len(data)) ||
		node["messaging_product"] != "whatsapp" || node["id"] != id || len(node["sha256"].(string)) != 64 {
		t.Fatalf("media node: %d %v", status, node)
	}
	path := strings.TrimPrefix(node["url"].(string), f.api.URL)
	if status, got := f.do("GET", path, DemoAccessToken, nil, ""); status != 200 || !bytes.Equal(got, data) {
		t.Fatalf("download: %d %q", status, got)
	}
	if status, _ := f.do("GET", path, "", nil, ""); status != 401 {
		t.Fatalf("download without a token: %d, want 401", status)
	}
	f.clock.Advance(5*time.Minute + time.Second)
	if status, _ := f.do("GET", path, DemoAccessToken, nil, ""); status != 404 {
		t.Fatalf("download after 5 minutes: %d, want 404", status)
	}

	f.openWindow(user)
	doc := `{"messaging_product":"whatsapp","to":"` + user + `","type":"document","document":{"id":"` + id + `","filename":"boleto.pdf"}}`
	if status, resp := f.send(doc); status != 200 {
		t.Fatalf("send by media id: %d %v", status, resp)
	}
	if status, body := f.do("DELETE", "/v21.0/"+id, DemoAccessToken, nil, ""); status != 200 || string(body) != "{\"success\":true}\n" {
		t.Fatalf("delete: %d %s", status, body)
	}
	f.send(doc)
	f.clock.Advance(time.Minute)
	if got := f.sim.Messages(Filter{Type: "document"}); got[1].Status != "failed" || got[1].Error.Code != 131053 {
		t.Fatalf("send of a deleted media id: %+v", got[1])
	}
}

func TestMediaUploadErrors(t *testing.T) {
	f := newFixture(t, nil)
	cases := []struct {
		name, product, typ string
		data               []byte
		code               int
	}{
		{"no messaging_product", "", "image/png", []byte("x"), 100},
		{"no type", "whatsapp", "", []byte("x"), 100},
		{"no file", "whatsapp", "image/png", nil, 100},
		{"unsupported type", "whatsapp", "application/x-msdownload", []byte("MZ"), 131053},
		{"sticker too big", "whatsapp", "image/webp", make([]byte, 501<<10), 131053},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, resp := f.upload(tc.product, tc.typ, tc.data)
			if status != 400 || graphCode(resp) != tc.code {
				t.Fatalf("got %d %v, want 400 code %d", status, resp, tc.code)
			}
		})
	}
	status, body := f.do("POST", "/v21.0/"+DemoPhoneNumberID+"/media", DemoAccessToken, strings.NewReader("x"), "text/plain")
	if status != 400 || graphCode(decode(t, body)) != 100 {
		t.Fatalf("non-multipart upload: %d %s", status, body)
	}
}

func TestMediaOfAnotherAccountIsHidden(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Accounts = append(c.Accounts, BusinessAccount{ID: "200", AccessTokens: []string{"other-token"},
			PhoneNumbers: []PhoneNumber{{ID: "201", DisplayPhoneNumber: "5511300000000"}}})
	})
	_, resp := f.upload("whatsapp", "image/png", []byte("png"))
	status, body := f.do("GET", fmt.Sprintf("/v21.0/%s", resp["id"]), "other-token", nil, "")
	if e := decode(t, body); status != 400 || graphCode(e) != 100 || dig(e, "error", "error_subcode") != float64(33) {
		t.Fatalf("another account's media: %d %s", status, body)
	}
}
