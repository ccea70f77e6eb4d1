package whatsappcloud

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// fuzzPlugin is a connection with in-memory host services and no network.
func fuzzPlugin(tb testing.TB) *Plugin {
	p := &Plugin{}
	raw := simConfig("http://127.0.0.1:1")
	raw["download_media"] = false
	cfg, err := manifest.Config.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), Clock: sdk.SystemClock()}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "fuzz", Config: cfg, Host: host}); err != nil {
		tb.Fatal(err)
	}
	return p
}

// FuzzWebhook feeds signed bodies through HandleWebhook: whatever the body,
// the answer is 200 or 400, never an error or a panic, and every event has
// an ID and a payload that marshals.
func FuzzWebhook(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "vectors", "webhook_*.json"))
	for _, n := range names {
		b, _ := os.ReadFile(n)
		f.Add(b)
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":null}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","from":"1","type":"image","image":null}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"w1","from":"5511","type":"text","text":{"body":" Parar! 🙏"}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"w2","from":"5511","type":"button","button":{"payload":"x","text":"Parar promoções"}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"w3","status":"failed","recipient_id":"5511","errors":[{"code":131050}]}]}}]}]}`))
	// a batch: two entries, messages and statuses mixed in one value
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"contacts":[{"wa_id":"5511"}],"messages":[{"id":"w4","from":"5511","type":"text","text":{"body":"a"}},{"id":"w5","from":"5512","type":"text","text":{"body":"b"}}],"statuses":[{"id":"w6","status":"read","recipient_id":"5511"},{"id":"w6","status":"sent","recipient_id":"5511"}]}}]},{"id":"2","changes":[{"field":"messages","value":{"statuses":[{"id":"w7","status":"failed","recipient_id":"5513","errors":[{"code":132015}]}]}}]}]}`))
	// timestamps past year 9999, which time.Time does not marshal
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"w8","from":"5511","timestamp":"999999999999","type":"text","text":{"body":"a"}}],"statuses":[{"id":"w9","status":"read","timestamp":"-99999999999999","recipient_id":"5511"}]}}]}]}`))
	p := fuzzPlugin(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, events, err := p.HandleWebhook(context.Background(), signed(sim.DemoAppSecret, body))
		if err != nil {
			t.Fatalf("HandleWebhook: %v", err)
		}
		if s := resp.StatusCode(); s != http.StatusOK && s != http.StatusBadRequest {
			t.Fatalf("status %d", s)
		}
		for _, ev := range events {
			if _, err := json.Marshal(ev.Payload); err != nil || ev.ID == "" {
				t.Fatalf("event %+v: %v", ev, err)
			}
		}
	})
}

// FuzzDecode checks the pure parser and normalizer on arbitrary JSON.
func FuzzDecode(f *testing.F) {
	f.Add(readVectorFile("webhook_message_order.json"))
	f.Add(readVectorFile("webhook_status_failed_131049.json"))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[` +
		`{"id":"wamid.A","from":"1","timestamp":1,"type":"order","order":{"product_items":[{"quantity":"2"}]}}],"statuses":[{"id":7}]}}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := decodeNotification(body)
		if err != nil {
			return
		}
		for _, e := range n.Entry {
			for _, c := range e.Changes {
				v, err := decodeMessages(c.Value)
				if err != nil {
					continue
				}
				for i := range v.Messages {
					_ = normalize(&v, &v.Messages[i])
				}
			}
		}
	})
}

// A notification followed by anything but space is refused, as
// encoding/json.Unmarshal refuses it (the decode is go-json's).
func TestDecodeRefusesTrailingData(t *testing.T) {
	body := `{"object":"whatsapp_business_account","entry":[]}`
	if _, err := decodeNotification([]byte(body + " \n")); err != nil {
		t.Fatalf("trailing space: %v", err)
	}
	for _, tail := range []string{`{}`, `x`, `]`, `{"object":"whatsapp_business_account"}`} {
		if _, err := decodeNotification([]byte(body + tail)); err == nil {
			t.Errorf("%q after the object was accepted", tail)
		}
	}
}
