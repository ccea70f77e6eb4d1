package twiliosms

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// TestWebhookRefusals: unsigned, wrongly signed, signed for another URL,
// unparseable or unexpected requests produce no events. A body that is
// not a form is refused as unsigned (401) unless its signature holds.
func TestWebhookRefusals(t *testing.T) {
	f := newFixture(t, nil, nil)
	p := f.open(map[string]any{"webhook_base_url": publicBase})
	form := inboundForm("SM000000000000000000000000000000c1", "oi")
	good := formPost("/", form)
	unsigned := formPost("/", form)
	unsigned.Header.Del(SignatureHeader)
	otherURL := formPost("/", form)
	otherURL.Header.Set(SignatureHeader, Sign(sim.DemoAuthToken, "https://evil.example.com/hooks/conn-1", form))
	wrongToken := formPost("/", form)
	wrongToken.Header.Set(SignatureHeader, Sign("other-token", publicBase, form))
	tampered := formPost("/", form)
	tampered.Body = append(tampered.Body, []byte("&Body=x")...)
	noBase := f.open(map[string]any{"webhook_base_url": nil})
	seen := formPost("/", form) // the URL the host saw, used without webhook_base_url
	seen.URL = publicBase + "/"
	seenElsewhere := formPost("/", form)
	seenElsewhere.URL = "https://evil.example.com/hooks/conn-1/"
	signedElsewhere := withSig(formPost("/", form), Sign(sim.DemoAuthToken, seenElsewhere.URL, form))
	signedElsewhere.URL = seenElsewhere.URL
	for name, c := range map[string]struct {
		p      *simHosted
		req    sdk.WebhookRequest
		status int
		events int
	}{
		"good":              {p, good, http.StatusOK, 1},
		"trailing slash":    {p, withSig(formPost("/", form), Sign(sim.DemoAuthToken, publicBase+"/", form)), http.StatusOK, 1},
		"with :443":         {p, withSig(formPost("/", form), Sign(sim.DemoAuthToken, "https://app.example.com:443/hooks/conn-1", form)), http.StatusOK, 1},
		"unsigned":          {p, unsigned, http.StatusUnauthorized, 0},
		"other URL":         {p, otherURL, http.StatusUnauthorized, 0},
		"wrong token":       {p, wrongToken, http.StatusUnauthorized, 0},
		"tampered":          {p, tampered, http.StatusUnauthorized, 0},
		"no base URL":       {noBase, good, http.StatusUnauthorized, 0},
		"host's URL":        {noBase, seen, http.StatusOK, 1},
		"host's other URL":  {noBase, seenElsewhere, http.StatusUnauthorized, 0},
		"base overrides":    {p, signedElsewhere, http.StatusUnauthorized, 0},
		"bad form":          {p, withBody(good, "%zz"), http.StatusUnauthorized, 0},
		"signed bad form":   {p, withSig(withBody(formPost("/", form), "%zz&From=%2B1"), Sign(sim.DemoAuthToken, publicBase, url.Values{"From": {"+1"}})), http.StatusBadRequest, 0},
		"unsigned bad form": {p, withBody(unsigned, "%zz"), http.StatusUnauthorized, 0},
		"put":               {p, sdk.WebhookRequest{Method: http.MethodPut}, http.StatusMethodNotAllowed, 0},
	} {
		resp, events, err := c.p.HandleWebhook(t.Context(), c.req)
		if err != nil || resp.StatusCode() != c.status || len(events) != c.events {
			t.Errorf("%s: status %d, %d events, %v; want %d and %d", name, resp.StatusCode(), len(events), err, c.status, c.events)
		}
		sdktest.CheckRefusal(t, name, resp)
	}
}

// TestWebhookGETAndJSON: a GET callback is signed over its URL; a JSON
// body is signed through bodySHA256 (which may come last in the query).
func TestWebhookGETAndJSON(t *testing.T) {
	f := newFixture(t, nil, nil)
	p := f.open(map[string]any{"webhook_base_url": publicBase})
	q := inboundForm("SM000000000000000000000000000000d1", "oi por GET")
	get := sdk.WebhookRequest{Method: http.MethodGet, Path: "/", Query: q,
		Header: http.Header{SignatureHeader: {Sign(sim.DemoAuthToken, publicBase+"?"+q.Encode(), nil)}}}
	if _, events, err := p.HandleWebhook(t.Context(), get); err != nil || len(events) != 1 {
		t.Errorf("GET: %v %v", events, err)
	}
	body := []byte(`{"event":"x"}`)
	sum := sha256.Sum256(body)
	query := url.Values{"z": {"1"}, "bodySHA256": {hex.EncodeToString(sum[:])}}
	signedURL := publicBase + "/events?z=1&bodySHA256=" + hex.EncodeToString(sum[:])
	req := sdk.WebhookRequest{Method: http.MethodPost, Path: "/events", Query: query, Body: body,
		Header: http.Header{"Content-Type": {"application/json"}, SignatureHeader: {Sign(sim.DemoAuthToken, signedURL, nil)}}}
	if resp, events, err := p.HandleWebhook(t.Context(), req); err != nil || resp.StatusCode() != 200 || len(events) != 0 {
		t.Errorf("signed JSON: %d %v %v", resp.StatusCode(), events, err)
	}
	req.Body = []byte(`{"event":"y"}`)
	if resp, _, _ := p.HandleWebhook(t.Context(), req); resp.StatusCode() != http.StatusUnauthorized {
		t.Errorf("JSON body not matching bodySHA256: %d", resp.StatusCode())
	}
}

// TestUnorderedAndDuplicateCallbacks: reordered callbacks are reported as
// they come (the host's store keeps a status from moving backwards);
// duplicated ones repeat the same event IDs.
func TestUnorderedAndDuplicateCallbacks(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Reorder: true, Duplicate: 1})
	res, err := f.send(hello)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	if got := statusesOf(f.emitted(), res.MessageID); !slices.Equal(got, []sdk.DeliveryStatus{"delivered", "delivered", "sent", "sent"}) {
		t.Errorf("statuses %v, want delivered twice, then sent twice", got)
	}
	ids := map[string]bool{}
	for _, ev := range f.emitted() {
		ids[ev.ID] = true
	}
	if len(ids) != 2 || !ids["st:"+res.MessageID+":delivered"] || !ids["st:"+res.MessageID+":sent"] {
		t.Errorf("event IDs %v, want one per status", ids)
	}
	if n := len(f.sim.Callbacks()); n != 6 {
		t.Errorf("the simulator posted %d callbacks, want queued, sent, delivered twice each", n)
	}
}

// TestInboundMedia: a media URL off Twilio's API is fetched without
// credentials; refused (here by the egress guard), the message keeps it as
// its link.
func TestInboundMedia(t *testing.T) {
	f := newFixture(t, nil, nil)
	if _, err := f.sim.InjectInbound(sim.Inbound{From: handset, Body: "olha", MediaURLs: []string{"https://example.com/p.jpg"},
		MediaTypes: []string{"image/jpeg"}}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	in := f.emitted()[0].Payload.(sdk.InboundMessage)
	want(t, in.Type == sdk.InboundMedia && in.Media.Type == sdk.MediaImage && in.Media.Link == "https://example.com/p.jpg" &&
		in.Media.BlobID == "" && in.Text == "olha" && in.From == handset && in.To == sim.DemoNumber && len(in.ProviderMessageID) == 34, in)
}

func withSig(r sdk.WebhookRequest, sig string) sdk.WebhookRequest {
	r.Header.Set(SignatureHeader, sig)
	return r
}

func withBody(r sdk.WebhookRequest, body string) sdk.WebhookRequest {
	r.Body = []byte(body)
	return r
}

// TestDoneAtKeepsItsMinute: a carrier's done date names a minute; a report
// arriving within that minute keeps its arrival time, so delivered never
// comes before sent. An older date (a late report) stands as given.
func TestDoneAtKeepsItsMinute(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 44, 43, 0, time.UTC)
	for raw, want := range map[string]time.Time{
		"2611261244": now,                                             // this minute: now
		"2611261230": time.Date(2026, 11, 26, 12, 30, 0, 0, time.UTC), // a late report
		"2611261250": now,                                             // ahead of our clock
		"garbage":    now,
		"":           now,
	} {
		if got := doneAt(raw, now); !got.Equal(want) {
			t.Errorf("doneAt(%q) = %v, want %v", raw, got, want)
		}
	}
}
