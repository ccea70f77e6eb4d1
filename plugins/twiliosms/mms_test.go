package twiliosms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// The handset's photos: a JPEG and a PNG, told apart by their bytes.
var (
	jpegPhoto = append([]byte("\xff\xd8\xff\xe0 a jpeg "), bytes.Repeat([]byte{1}, 300)...)
	pngPhoto  = append([]byte("\x89PNG\r\n\x1a\n a png "), bytes.Repeat([]byte{2}, 200)...)
)

// mms has the handset send media with a caption and returns the message's
// SID and the events it produced.
func (f *fixture) mms(caption string, files ...sim.MediaFile) (string, []sdk.InboundMessage) {
	f.t.Helper()
	sid, err := f.sim.InjectInbound(sim.Inbound{From: handset, Body: caption, Media: files})
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Advance(0)
	return sid, f.received()
}

// received lists the payloads of the message-received events so far.
func (f *fixture) received() []sdk.InboundMessage {
	var out []sdk.InboundMessage
	for _, ev := range f.emitted() {
		if in, ok := ev.Payload.(sdk.InboundMessage); ok {
			out = append(out, in)
		}
	}
	return out
}

// blob reads a stored blob.
func (f *fixture) blob(id string) ([]byte, sdk.Blob) {
	f.t.Helper()
	rc, b, err := f.blobs.Get(f.t.Context(), id)
	if err != nil {
		f.t.Fatalf("blob %q: %v", id, err)
	}
	defer rc.Close()
	data, _ := io.ReadAll(rc)
	return data, b
}

// apiFetches counts the media requests the simulator's REST API served,
// and checks that none reached the CDN with credentials.
func (f *fixture) apiFetches() int {
	n := 0
	for _, g := range f.sim.MediaFetches() {
		switch {
		case g.Via == "api":
			n++
		case g.Authorization:
			f.t.Errorf("the CDN got credentials: %+v", g)
		}
	}
	return n
}

// TestInboundMMS: an MMS with two photos and a caption becomes two inbound
// messages, the first with the MessageSid and the caption, the second
// MessageSid/1; each blob holds exactly the bytes the handset sent, typed
// as it typed them. Twilio's media URLs are fetched with the API's
// credentials, and a redirect to the CDN (another port) does not carry
// them.
func TestInboundMMS(t *testing.T) {
	for name, mutate := range map[string]func(*sim.Config){
		"through the CDN": nil,
		"served directly": func(c *sim.Config) { c.MediaCDNURL = "" },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, mutate, nil)
			sid, got := f.mms("olha as fotos", sim.MediaFile{ContentType: "image/jpeg", Data: jpegPhoto},
				sim.MediaFile{ContentType: "image/png", Data: pngPhoto})
			links := f.sim.Received()[0].MediaURLs
			if len(got) != 2 || len(links) != 2 {
				t.Fatalf("%d messages for %d links: %+v", len(got), len(links), got)
			}
			for i, c := range []struct {
				id, text, mime string
				data           []byte
			}{{sid, "olha as fotos", "image/jpeg", jpegPhoto}, {sid + "/1", "", "image/png", pngPhoto}} {
				in := got[i]
				md := in.Media
				want(t, in.ProviderMessageID == c.id && in.Type == sdk.InboundMedia && in.Text == c.text && in.From == handset &&
					md != nil && md.Type == sdk.MediaImage && md.MIMEType == c.mime && md.Caption == c.text &&
					md.Link == links[i] && md.BlobID != "" && len(in.Errors) == 0, in)
				if md == nil || md.BlobID == "" {
					continue
				}
				data, b := f.blob(md.BlobID)
				if !bytes.Equal(data, c.data) || b.ContentType != c.mime {
					t.Errorf("blob %d: %d bytes of %s, want the %d the handset sent as %s", i, len(data), b.ContentType, len(c.data), c.mime)
				}
			}
			if n := f.apiFetches(); n != 2 {
				t.Errorf("the API served %d media requests, want 2", n)
			}
		})
	}
}

// TestRedeliveredMMS: a webhook delivered twice gives the same events (IDs
// and payloads, blobs included) and downloads nothing the second time.
func TestRedeliveredMMS(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Duplicate: 1})
	f.mms("duas", sim.MediaFile{ContentType: "image/jpeg", Data: jpegPhoto}, sim.MediaFile{ContentType: "image/png", Data: pngPhoto})
	events := f.emitted()
	if len(events) != 4 || len(f.sim.Callbacks()) != 2 {
		t.Fatalf("%d events from %d deliveries, want 4 from 2", len(events), len(f.sim.Callbacks()))
	}
	for i := range 2 {
		first, _ := json.Marshal(events[i])
		again, _ := json.Marshal(events[i+2])
		if !bytes.Equal(first, again) {
			t.Errorf("redelivery changed event %d:\n%s\n%s", i, first, again)
		}
	}
	if n := f.apiFetches(); n != 2 {
		t.Errorf("the API served %d media requests, want 2 (one per item, none for the redelivery)", n)
	}
	if n := f.blobs.Len(); n != 2 {
		t.Errorf("%d blobs, want 2", n)
	}
}

// TestMMSMediaNotStored: media that cannot be fetched or kept leaves the
// message with its link, no blob and an error saying why, and the webhook
// still succeeds (the fixture fails a test on a webhook error). A passing
// failure is tried again, up to three times.
func TestMMSMediaNotStored(t *testing.T) {
	photo := sim.MediaFile{ContentType: "image/jpeg", Data: jpegPhoto}
	for name, c := range map[string]struct {
		setup   func(*fixture)
		file    sim.MediaFile
		fetches int
	}{
		"not found": {setup: func(f *fixture) { f.sim.InjectFault(sim.Fault{Endpoint: "media", Code: 20404}) }, file: photo, fetches: 1},
		"wrong credentials": {setup: func(f *fixture) {
			f.plugin = f.open(map[string]any{"api_key_sid": sim.DemoAPIKeySID, "api_key_secret": "not-the-secret"})
		}, file: photo, fetches: 1},
		"unavailable": {setup: func(f *fixture) {
			f.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusServiceUnavailable})
		}, file: photo, fetches: 3},
		"too large": {file: sim.MediaFile{ContentType: "video/mp4", Data: make([]byte, maxMedia+1)}, fetches: 1},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, nil, nil)
			if c.setup != nil {
				c.setup(f)
			}
			sid, got := f.mms("olha", c.file)
			link := f.sim.Received()[0].MediaURLs[0]
			want(t, len(got) == 1 && got[0].ProviderMessageID == sid && got[0].Text == "olha" && got[0].Media != nil &&
				got[0].Media.Link == link && got[0].Media.BlobID == "" && len(got[0].Errors) == 1, got)
			if n := f.apiFetches(); n != c.fetches {
				t.Errorf("the API served %d media requests, want %d", n, c.fetches)
			}
			if f.blobs.Len() != 0 {
				t.Errorf("%d blobs kept", f.blobs.Len())
			}
		})
	}
}

// TestMMSMediaRetried: a passing failure (503 once) is tried again, and
// the media is stored.
func TestMMSMediaRetried(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Endpoint: "media", Status: http.StatusServiceUnavailable, Times: 1})
	_, got := f.mms("", sim.MediaFile{ContentType: "image/png", Data: pngPhoto})
	want(t, len(got) == 1 && got[0].Media.BlobID != "" && got[0].Text == "" && len(got[0].Errors) == 0, got)
	if n := f.apiFetches(); n != 2 {
		t.Errorf("the API served %d media requests, want 2", n)
	}
}

// TestMMSBlobsDeletedWhenNotRecorded: when recording an inbound MMS fails
// (the KV write after its media were stored), the webhook fails, so
// Twilio tries it again, and the blobs already stored are deleted: none
// is left that no message names. The next delivery, recorded, stores
// them anew.
func TestMMSBlobsDeletedWhenNotRecorded(t *testing.T) {
	f := newFixture(t, nil, nil)
	kv := &unrecordedKV{blobs: f.blobs, failing: true}
	f.wrapKV = func(inner sdk.KV) sdk.KV { kv.KV = inner; return kv }
	f.plugin = f.open(nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Drop: 1}) // the test delivers the signed webhook itself
	if _, err := f.sim.InjectInbound(sim.Inbound{From: handset, Body: "duas", Media: []sim.MediaFile{
		{ContentType: "image/jpeg", Data: jpegPhoto}, {ContentType: "image/png", Data: pngPhoto}}}); err != nil {
		t.Fatal(err)
	}
	d := f.sim.Callbacks()[0]
	req := sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Body: []byte(d.Params.Encode()),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, SignatureHeader: {d.Signature}}}

	_, events, err := f.plugin.HandleWebhook(t.Context(), req)
	if err == nil || len(events) != 0 {
		t.Fatalf("recording failed, yet the webhook gave %d events and error %v", len(events), err)
	}
	if kv.blobsAtFailure != 2 {
		t.Fatalf("%d blobs stored when the record failed, want the MMS's 2", kv.blobsAtFailure)
	}
	if n := f.blobs.Len(); n != 0 {
		t.Errorf("%d blobs left after the failed record, want none", n)
	}

	kv.failing = false // Twilio's next try
	_, events, err = f.plugin.HandleWebhook(t.Context(), req)
	if err != nil || len(events) != 2 || f.blobs.Len() != 2 {
		t.Fatalf("the next delivery: %d events, %d blobs, %v; want 2 and 2", len(events), f.blobs.Len(), err)
	}
	for _, ev := range events {
		if in := ev.Payload.(sdk.InboundMessage); in.Media == nil || in.Media.BlobID == "" {
			t.Errorf("the next delivery's message has no blob: %+v", in)
		}
	}
}

// unrecordedKV fails to record inbound messages (the "in:" keys) while
// failing is set, noting how many blobs the host held then.
type unrecordedKV struct {
	sdk.KV
	blobs          *sdktest.MemoryBlobs
	failing        bool
	blobsAtFailure int
}

func (kv *unrecordedKV) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if kv.failing && strings.HasPrefix(key, "in:") {
		kv.blobsAtFailure = kv.blobs.Len()
		return errors.New("kv: the store is unavailable")
	}
	return kv.KV.Set(ctx, key, value, ttl)
}

// TestMMSMediaFromTwiliosCDNHosts: Twilio's media URLs redirect to its
// CDN, mms.twiliocdn.com, or still to the legacy
// s3-external-1.amazonaws.com; the manifest lets the download follow
// either (the host's egress guard checks every redirect), and neither
// gets the API's credentials.
func TestMMSMediaFromTwiliosCDNHosts(t *testing.T) {
	for _, host := range []string{"mms.twiliocdn.com", "s3-external-1.amazonaws.com"} {
		t.Run(host, func(t *testing.T) {
			f := newFixture(t, func(c *sim.Config) { c.MediaCDNURL = "https://" + host }, nil)
			f.transport = routeHost{host: host, to: hostOf(f.cdn.URL)}
			f.plugin = f.open(nil)
			_, got := f.mms("olha", sim.MediaFile{ContentType: "image/jpeg", Data: jpegPhoto})
			want(t, len(got) == 1 && got[0].Media != nil && got[0].Media.BlobID != "" && len(got[0].Errors) == 0, got)
			cdn := 0
			for _, g := range f.sim.MediaFetches() {
				if g.Via == "cdn" && g.Status == http.StatusOK {
					cdn++
				}
			}
			if n := f.apiFetches(); n != 1 || cdn != 1 {
				t.Errorf("%d API and %d CDN fetches, want one of each", n, cdn)
			}
		})
	}
}

// routeHost sends requests for host to the test server at to (plain
// HTTP), as DNS would send them to Twilio's CDN.
type routeHost struct{ host, to string }

func (r routeHost) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Hostname() == r.host {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host = "http", r.to
	}
	return http.DefaultTransport.RoundTrip(req)
}
