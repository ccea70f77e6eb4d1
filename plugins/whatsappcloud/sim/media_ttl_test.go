package sim

import (
	"testing"
	"time"
)

// TestMediaExpiresAfter30Days: uploaded media persists for 30 days
// (providers.md §1.2); after that its ID is unknown to GET and to a send.
func TestMediaExpiresAfter30Days(t *testing.T) {
	f := newFixture(t, nil)
	_, resp := f.upload("whatsapp", "application/pdf", []byte("%PDF-1.4"))
	id := resp["id"].(string)
	f.clock.Advance(30*24*time.Hour - time.Second)
	if status, body := f.do("GET", "/v21.0/"+id, DemoAccessToken, nil, ""); status != 200 {
		t.Fatalf("GET just before 30 days: %d %s", status, body)
	}
	f.clock.Advance(time.Second)
	status, body := f.do("GET", "/v21.0/"+id, DemoAccessToken, nil, "")
	if e := decode(t, body); status != 400 || graphCode(e) != 100 || dig(e, "error", "error_subcode") != float64(33) {
		t.Fatalf("GET after 30 days: %d %s", status, body)
	}
	f.openWindow(user)
	f.send(`{"messaging_product":"whatsapp","to":"` + user + `","type":"document","document":{"id":"` + id + `"}}`)
	f.clock.Advance(time.Minute)
	if got := f.sim.Messages(Filter{Type: "document"}); got[0].Status != "failed" || got[0].Error.Code != 131053 {
		t.Fatalf("send of an expired media id: %+v", got[0])
	}
}
