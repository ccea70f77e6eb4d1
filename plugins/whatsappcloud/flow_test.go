package whatsappcloud

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// statusesOf returns the statuses emitted for message id, in order.
func statusesOf(events []sdk.Event, id string) []sdk.DeliveryStatus {
	var out []sdk.DeliveryStatus
	for _, ev := range events {
		if u, ok := ev.Payload.(sdk.StatusUpdate); ok && u.ProviderMessageID == id {
			out = append(out, u.Status)
		}
	}
	return out
}

// sendText opens user's window and sends a text, returning its wamid.
func (f *fixture) sendText() string {
	f.t.Helper()
	f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0)
	res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "olá"})
	if err != nil {
		f.t.Fatal(err)
	}
	return res.MessageID
}

// TestStatusProgression: the simulator's signed status webhooks come back
// through HandleWebhook as sent, delivered, read.
func TestStatusProgression(t *testing.T) {
	f := newFixture(t, nil, nil)
	id := f.sendText()
	f.clock.Advance(10 * time.Second)
	got := statusesOf(f.emitted(), id)
	if want := []sdk.DeliveryStatus{"sent", "delivered", "read"}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}

// TestOutOfOrderStatuses: with the simulator reordering webhooks (read
// first), every status is still reported, once: keeping a message's
// status from moving backwards is the host's store's work
// (ApplyMessageStatus), which sees them all.
func TestOutOfOrderStatuses(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Reorder: true})
	id := f.sendText()
	f.clock.Advance(time.Minute)
	if got, want := statusesOf(f.emitted(), id), []sdk.DeliveryStatus{"read", "delivered", "sent"}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v, as they arrived", got, want)
	}
	if n := len(f.sim.Webhooks()); n < 4 {
		t.Errorf("the simulator sent %d webhooks; the reordered statuses were not all delivered", n)
	}
}

// TestStatusRanks feeds statuses out of order directly: the plugin
// reports them as they come, for the host to order.
func TestStatusRanks(t *testing.T) {
	f := newFixture(t, nil, nil)
	body := func(status string) []byte {
		return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":` +
			`{"metadata":{"phone_number_id":"` + sim.DemoPhoneNumberID + `"},"statuses":[{"id":"wamid.A","status":"` + status +
			`","timestamp":"1750030073","recipient_id":"` + user + `"}]}}]}]}`)
	}
	var got []string
	for _, st := range []string{"delivered", "sent", "delivered", "read", "delivered", "failed", "read", "played"} {
		_, events := handle(t, f.plugin, signed(sim.DemoAppSecret, body(st)))
		for _, ev := range events {
			got = append(got, ev.ID)
		}
	}
	want := []string{"st:wamid.A:delivered", "st:wamid.A:sent", "st:wamid.A:delivered", "st:wamid.A:read",
		"st:wamid.A:delivered", "st:wamid.A:failed", "st:wamid.A:read"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("event IDs = %v, want %v (each known status reported, a repeat with the same ID; unknown ones not)", got, want)
	}
}

// TestDuplicateWebhooks: every webhook delivered twice gives each event
// twice with the same ID, and inbound media is downloaded once.
func TestDuplicateWebhooks(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Duplicate: 1})
	photo := []byte("\xff\xd8\xff fake jpeg")
	wamid := f.inbound(sim.InboundMedia(user, "image", photo, "image/jpeg", "foto"))
	f.clock.Advance(0)
	res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "recebi"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(10 * time.Second)
	events := f.emitted()
	ids := map[string]int{}
	for _, ev := range events {
		ids[ev.ID]++
	}
	for _, id := range []string{"in:" + wamid, "st:" + res.MessageID + ":sent", "st:" + res.MessageID + ":delivered", "st:" + res.MessageID + ":read"} {
		if ids[id] != 2 {
			t.Errorf("event %s emitted %d times, want twice with one ID", id, ids[id])
		}
	}
	if len(ids) != 4 {
		t.Errorf("distinct events %v, want 4", ids)
	}
	in := events[0].Payload.(sdk.InboundMessage)
	if in.Media == nil || in.Media.ID == "" {
		t.Fatalf("inbound %+v has no media", in)
	}
	if n := f.served("GET /v21.0/" + in.Media.ID); n != 1 {
		t.Errorf("media resolved %d times, want once despite the duplicate", n)
	}
	if n := f.served("GET /whatsapp_business/attachments/"); n != 1 {
		t.Errorf("media downloaded %d times, want once", n)
	}
}

// TestMediaDownload: inbound media is resolved and downloaded with the
// token when it arrives, its hash checked, and kept as a blob whose ID the
// message carries.
func TestMediaDownload(t *testing.T) {
	f := newFixture(t, nil, nil)
	doc := []byte("%PDF-1.4 fake")
	f.inbound(sim.InboundMedia(user, "document", doc, "application/pdf", "nota"))
	f.clock.Advance(0)
	in := f.emitted()[0].Payload.(sdk.InboundMessage)
	m := in.Media
	want(t, m != nil && m.Type == sdk.MediaDocument && strings.HasPrefix(m.Link, f.api.URL+"/whatsapp_business/attachments/") &&
		m.MIMEType == "application/pdf" && in.Text == "nota" && m.BlobID != "", in)
	rc, blob, err := f.blobs.Get(t.Context(), m.BlobID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, _ := io.ReadAll(rc)
	sum := sha256.Sum256(doc)
	if string(data) != string(doc) || blob.ContentType != "application/pdf" || blob.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("stored %q as %+v", data, blob)
	}
}

// TestMediaDownloadTriesAgain: a download that fails once for a passing
// reason is tried again at once, and the message keeps its blob.
func TestMediaDownloadTriesAgain(t *testing.T) {
	quickMediaRetries(t)
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusInternalServerError, Times: 1})
	f.inbound(sim.InboundMedia(user, "image", []byte("jpeg"), "image/jpeg", "foto"))
	f.clock.Advance(0)
	events := f.emitted()
	if len(events) != 1 {
		t.Fatalf("%d events, want the message", len(events))
	}
	in := events[0].Payload.(sdk.InboundMessage)
	want(t, in.Media != nil && in.Media.BlobID != "" && in.Text == "foto", in)
	n := f.served("GET /whatsapp_business/attachments/")
	want(t, n == 2, n)
}

// TestMediaDownloadAsksForRedelivery: when every attempt of a delivery
// fails for a passing reason the webhook is answered 503, nothing is
// emitted, and Meta's redelivery stores the message with its media.
func TestMediaDownloadAsksForRedelivery(t *testing.T) {
	quickMediaRetries(t)
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusBadGateway, Times: len(mediaPauses)})
	f.inbound(sim.InboundMedia(user, "image", []byte("jpeg"), "image/jpeg", "foto"))
	f.clock.Advance(0) // the delivery, refused, and the simulator's first redelivery, at once as Meta's
	events := f.emitted()
	if len(events) != 1 {
		t.Fatalf("%d events after the redelivery, want the message", len(events))
	}
	in := events[0].Payload.(sdk.InboundMessage)
	want(t, in.Media != nil && in.Media.BlobID != "", in)
	f.mu.Lock()
	statuses := slices.Clone(f.statuses)
	f.mu.Unlock()
	want(t, slices.Equal(statuses, []int{http.StatusServiceUnavailable, http.StatusOK}), statuses)
}

// TestMediaDownloadGivesUp: a download that keeps failing leaves the
// message without its blob after mediaDeliveries deliveries; one that
// cannot succeed (the file is gone) leaves it without at once.
func TestMediaDownloadGivesUp(t *testing.T) {
	quickMediaRetries(t)
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusInternalServerError})
	f.inbound(sim.InboundMedia(user, "image", []byte("jpeg"), "image/jpeg", "foto"))
	f.clock.Advance(0)
	for n := 1; n < mediaDeliveries && len(f.emitted()) == 0; n++ {
		f.clock.Advance(time.Second << (2 * (n - 1))) // the simulator's 4^n s backoff
	}
	events := f.emitted()
	if len(events) != 1 {
		t.Fatalf("%d events after %d deliveries, want the message", len(events), mediaDeliveries)
	}
	in := events[0].Payload.(sdk.InboundMessage)
	want(t, in.Media != nil && in.Media.ID != "" && in.Media.BlobID == "" && in.Media.Link == "" && in.Text == "foto" &&
		len(in.Errors) == 1 && in.Errors[0].Title == "Media not downloaded", in)
	n := f.served("GET /whatsapp_business/attachments/")
	want(t, n == mediaDeliveries*len(mediaPauses), n)

	g := newFixture(t, nil, nil)
	g.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusNotFound})
	g.inbound(sim.InboundMedia(user, "image", []byte("jpeg"), "image/jpeg", "foto"))
	g.clock.Advance(0)
	events = g.emitted()
	if len(events) != 1 || events[0].Payload.(sdk.InboundMessage).Media.BlobID != "" {
		t.Fatalf("a file that is gone: %+v", events)
	}
	n = g.served("GET /whatsapp_business/attachments/")
	want(t, n == 1, n)
}

// quickMediaRetries shortens the pauses between download attempts.
func quickMediaRetries(t *testing.T) {
	saved := mediaPauses
	mediaPauses = []time.Duration{0, time.Millisecond, time.Millisecond}
	t.Cleanup(func() { mediaPauses = saved })
}

// TestHashMatches: Meta's hash in hex or base64 matches; anything else
// does not.
func TestHashMatches(t *testing.T) {
	sum := sha256.Sum256([]byte("x"))
	hexSum := hex.EncodeToString(sum[:])
	for want, ok := range map[string]bool{
		hexSum: true, strings.ToUpper(hexSum): true, base64.StdEncoding.EncodeToString(sum[:]): true, "": true,
		strings.Repeat("0", 64): false, "not a hash": false,
	} {
		if hashMatches(hexSum, want) != ok {
			t.Errorf("hashMatches(%q) = %v", want, !ok)
		}
	}
}
