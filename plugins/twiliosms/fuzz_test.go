package twiliosms

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// fuzzPlugin is a connection with in-memory host services and no network.
func fuzzPlugin(tb testing.TB) *Plugin {
	p := &Plugin{}
	raw := simConfig("http://127.0.0.1:1", "https://app.example.com")
	cfg, err := manifest.Config.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), Clock: sdk.SystemClock(), Blobs: &sdktest.MemoryBlobs{}}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "fuzz", Config: cfg, Host: host}); err != nil {
		tb.Fatal(err)
	}
	return p
}

// FuzzWebhook feeds correctly signed form bodies through HandleWebhook:
// the answer is 200 or 400, never an error or a panic, and every event
// has an ID and a payload that marshals.
func FuzzWebhook(f *testing.F) {
	f.Add("/", inboundForm("SM1", "STOP").Encode())
	f.Add("/status", publishedStatus(f).Encode())
	f.Add("/status", "MessageSid=SM2&MessageStatus=undelivered&ErrorCode=30003&To=%2B1")
	f.Add("/", "MessageSid=SM3&From=%2B1&NumMedia=2&MediaUrl0=x&MediaContentType0=video%2Fmp4")
	f.Add("/", "MessageSid=MM4&From=%2B1&Body=STOP&NumMedia=99&MediaUrl1=https%3A%2F%2Fapi.twilio.com%2Fm&MediaUrl9=%2Fy")
	p := fuzzPlugin(f)
	f.Fuzz(func(t *testing.T, path, body string) {
		form, _ := url.ParseQuery(body)
		req := sdk.WebhookRequest{Method: http.MethodPost, Path: path, Body: []byte(body),
			Header: http.Header{SignatureHeader: {Sign(sim.DemoAuthToken, publicBase+path, form)}}}
		resp, events, err := p.HandleWebhook(context.Background(), req)
		if err != nil {
			t.Fatalf("HandleWebhook: %v", err)
		}
		if s := resp.StatusCode(); s != http.StatusOK && s != http.StatusBadRequest && s != http.StatusUnauthorized {
			t.Fatalf("status %d", s)
		}
		for _, ev := range events {
			if _, err := json.Marshal(ev.Payload); err != nil || ev.ID == "" {
				t.Fatalf("event %+v: %v", ev, err)
			}
		}
	})
}

// FuzzWebhookGETAndJSON feeds correctly signed GET callbacks (any path
// and query, a stored file's link among them) and JSON posts (signed
// through bodySHA256, any body): never an error or a panic, only a
// refusal's or an acknowledgement's status, and events that marshal.
func FuzzWebhookGETAndJSON(f *testing.F) {
	f.Add("/", inboundForm("SM1", "oi").Encode(), []byte(`{"event":"x"}`))
	f.Add("/status", "MessageSid=SM2&MessageStatus=delivered&RawDlrDoneDate=2611281405", []byte(`[`))
	f.Add("/media/blb_1", "expires=99999999999&signature=abc", []byte(`{}`))
	f.Add("/media/%zz", "expires=-1", []byte(`null`))
	p := fuzzPlugin(f)
	f.Fuzz(func(t *testing.T, path, rawQuery string, body []byte) {
		query, _ := url.ParseQuery(rawQuery)
		get := sdk.WebhookRequest{Method: http.MethodGet, Path: path, Query: query, RawQuery: rawQuery,
			Header: http.Header{SignatureHeader: {Sign(sim.DemoAuthToken, publicBase+path+"?"+rawQuery, nil)}}}
		sum := sha256.Sum256(body)
		jsonQuery := strings.TrimPrefix(rawQuery+"&bodySHA256="+hex.EncodeToString(sum[:]), "&")
		query, _ = url.ParseQuery(jsonQuery)
		post := sdk.WebhookRequest{Method: http.MethodPost, Path: path, Query: query, RawQuery: jsonQuery, Body: body,
			Header: http.Header{"Content-Type": {"application/json"}, SignatureHeader: {Sign(sim.DemoAuthToken, publicBase+path+"?"+jsonQuery, nil)}}}
		for _, req := range []sdk.WebhookRequest{get, post} {
			resp, events, err := p.HandleWebhook(context.Background(), req)
			if err != nil {
				t.Fatalf("%s: %v", req.Method, err)
			}
			switch resp.StatusCode() {
			case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound:
			default:
				t.Fatalf("%s: status %d", req.Method, resp.StatusCode())
			}
			for _, ev := range events {
				if _, err := json.Marshal(ev.Payload); err != nil || ev.ID == "" {
					t.Fatalf("event %+v: %v", ev, err)
				}
			}
		}
	})
}

// FuzzSignature: for any URL and form, the canonical signature verifies,
// and ValidSignature never panics on arbitrary input.
func FuzzSignature(f *testing.F) {
	f.Add("https://mycompany.com/myapp.php?foo=1&bar=2", "CallSid=CA1&Digits=1234&Digits=1234", "sig")
	f.Add("https://user:pass@[::1]:8443/p?x='y'", "a=1", "")
	f.Fuzz(func(t *testing.T, rawURL, body, sig string) {
		form, _ := url.ParseQuery(body)
		if !ValidSignature("tok", Sign("tok", rawURL, form), rawURL, form, nil) {
			t.Fatalf("the canonical signature of %q does not verify", rawURL)
		}
		_ = ValidSignature("tok", sig, rawURL, form, []byte(body))
	})
}
