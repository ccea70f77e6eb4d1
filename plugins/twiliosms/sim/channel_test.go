package sim

import (
	"net/url"
	"testing"
	"time"
)

// TestCreateAcceptsWhatsAppAddresses: providers.md §2.1 gives To as E.164
// "or whatsapp:+…". The channel prefix is kept in the resource and in the
// status callbacks; the sender is the account's number behind it.
func TestCreateAcceptsWhatsAppAddresses(t *testing.T) {
	f := newFixture(t, nil)
	form := url.Values{"From": {"whatsapp:" + DemoNumber}, "To": {"whatsapp:" + handset},
		"Body": {"oi"}, "StatusCallback": {f.statusURL()}}
	status, res := f.create(form)
	if status != 201 {
		t.Fatalf("create: %d %v", status, res)
	}
	if res["from"] != "whatsapp:"+DemoNumber || res["to"] != "whatsapp:"+handset {
		t.Fatalf("from %v, to %v: the channel prefix is lost", res["from"], res["to"])
	}
	f.clock.Advance(time.Minute)
	for _, h := range f.hooks.hooks("/status") {
		if h.params.Get("From") != "whatsapp:"+DemoNumber || h.params.Get("To") != "whatsapp:"+handset {
			t.Fatalf("status callback %v", h.params)
		}
	}
	for _, bad := range []url.Values{
		{"From": {DemoNumber}, "To": {"whatsapp:123"}, "Body": {"x"}},
		{"From": {"whatsapp:" + DemoNumber}, "To": {"whatsapp:"}, "Body": {"x"}},
	} {
		if status, res := f.create(bad); status != 400 || errorCode(res) != 21211 {
			t.Errorf("To %q: %d %v, want 21211", bad.Get("To"), status, res)
		}
	}
}
