package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pngBytes starts like a PNG, so its content type can be sniffed.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 64)...)

// mediaURLRe is Twilio's media URL: …/Messages/{MM…}/Media/{ME + 32 hex}.
var mediaURLRe = regexp.MustCompile(`^/2010-04-01/Accounts/` + DemoAccountSID + `/Messages/(MM[0-9a-f]{32})/Media/(ME[0-9a-f]{32})$`)

// get fetches rawURL with Basic auth (none when user is ""), following no
// redirect.
func get(t *testing.T, rawURL, user, pass string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// mms has the handset send a JPEG and a PNG (its type left to sniffing)
// and returns the webhook's media URLs.
func (f *fixture) mms() (sid string, urls []string) {
	f.t.Helper()
	sid, err := f.sim.InjectInbound(Inbound{From: handset, Body: "fotos", Media: []MediaFile{
		{ContentType: "image/jpeg", Data: []byte("jpeg bytes")}, {Data: pngBytes}}})
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(0)
	p := f.hooks.hooks("/sms")[0].params
	if p.Get("NumMedia") != "2" || p.Get("MediaContentType0") != "image/jpeg" || p.Get("MediaContentType1") != "image/png" {
		f.t.Fatalf("webhook %v", p)
	}
	return sid, []string{p.Get("MediaUrl0"), p.Get("MediaUrl1")}
}

// TestInboundMediaIsHosted: an MMS's files are served at Twilio's media
// URLs on the simulator, behind the API's Basic auth, with their content
// type; .json gives the Media resource and Media.json lists them.
func TestInboundMediaIsHosted(t *testing.T) {
	f := newFixture(t, nil)
	sid, urls := f.mms()
	for i, u := range urls {
		m := mediaURLRe.FindStringSubmatch(strings.TrimPrefix(u, f.api.URL))
		if m == nil || m[1] != sid {
			t.Fatalf("MediaUrl%d = %q, not %s/2010-04-01/…/Messages/%s/Media/ME…", i, u, f.api.URL, sid)
		}
	}
	for name, c := range map[string]struct {
		url, user, pass string
		status          int
		ctype, body     string
	}{
		"account":        {urls[0], DemoAccountSID, DemoAuthToken, 200, "image/jpeg", "jpeg bytes"},
		"API key":        {urls[1], DemoAPIKeySID, DemoAPIKey, 200, "image/png", string(pngBytes)},
		"no credentials": {urls[0], "", "", 401, "application/json; charset=utf-8", ""},
		"wrong token":    {urls[0], DemoAccountSID, "nope", 401, "application/json; charset=utf-8", ""},
		"unknown media":  {urls[0][:len(urls[0])-4] + "0000", DemoAccountSID, DemoAuthToken, 404, "application/json; charset=utf-8", ""},
	} {
		resp, body := get(t, c.url, c.user, c.pass)
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != c.ctype || (c.body != "" && string(body) != c.body) {
			t.Errorf("%s: %d %q %q", name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	var res mediaResource
	_, body := get(t, urls[1]+".json", DemoAccountSID, DemoAuthToken)
	if err := json.Unmarshal(body, &res); err != nil || res.ParentSID != sid || res.ContentType != "image/png" ||
		!strings.HasSuffix(urls[1], strings.TrimSuffix(res.URI, ".json")) {
		t.Errorf("Media resource %s: %+v", body, res)
	}
	var list struct {
		MediaList []mediaResource `json:"media_list"`
	}
	_, body = get(t, f.api.URL+apiPrefix+DemoAccountSID+"/Messages/"+sid+"/Media.json", DemoAccountSID, DemoAuthToken)
	if err := json.Unmarshal(body, &list); err != nil || len(list.MediaList) != 2 {
		t.Errorf("Media.json: %s", body)
	}
	byStatus := map[int]int{}
	for _, g := range f.sim.MediaFetches() {
		if g.Via != "api" || g.MessageSID != sid {
			t.Errorf("media fetch %+v", g)
		}
		byStatus[g.Status]++
	}
	if byStatus[200] != 3 || byStatus[401] != 2 || byStatus[404] != 1 {
		t.Errorf("media fetches by status %v, want 3 200s (with .json), 2 401s, a 404", byStatus)
	}
}

// TestMediaCDNRedirect: with MediaCDNURL, a media URL answers 307 to a
// signed CDN URL that works without credentials for 4 hours.
func TestMediaCDNRedirect(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MediaCDNURL = c.PublicURL })
	_, urls := f.mms()
	resp, _ := get(t, urls[0], DemoAccountSID, DemoAuthToken)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusTemporaryRedirect || !strings.HasPrefix(loc, f.api.URL+"/_sim/cdn/") {
		t.Fatalf("media URL: %d to %q", resp.StatusCode, loc)
	}
	if resp, body := get(t, loc, "", ""); resp.StatusCode != 200 || string(body) != "jpeg bytes" || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("CDN URL: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, strings.Replace(loc, "Signature=", "Signature=00", 1), "", ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("tampered CDN URL: %d", resp.StatusCode)
	}
	f.clock.Advance(cdnTTL + time.Second)
	if resp, _ := get(t, loc, "", ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("expired CDN URL: %d", resp.StatusCode)
	}
	got := f.sim.MediaFetches()
	if len(got) != 4 || got[1].Via != "cdn" || got[1].Status != 200 || got[1].Authorization {
		t.Errorf("media fetches %+v", got)
	}
}

// TestMediaFaults: a fault on the "media" endpoint fails media requests.
func TestMediaFaults(t *testing.T) {
	f := newFixture(t, nil)
	_, urls := f.mms()
	f.sim.InjectFault(Fault{Endpoint: "media", Status: http.StatusServiceUnavailable, Times: 1})
	if resp, _ := get(t, urls[0], DemoAccountSID, DemoAuthToken); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("first fetch: %d", resp.StatusCode)
	}
	if resp, _ := get(t, urls[0], DemoAccountSID, DemoAuthToken); resp.StatusCode != http.StatusOK {
		t.Errorf("second fetch: %d", resp.StatusCode)
	}
}
