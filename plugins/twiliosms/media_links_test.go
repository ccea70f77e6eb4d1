package twiliosms

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

// sendAction invokes sms.send with raw input.
func (f *fixture) sendAction(raw map[string]any, key string) (sdk.Output, error) {
	f.t.Helper()
	spec, _ := manifest.Action(ActionSend)
	in, err := spec.ParseInput(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	in.IdempotencyKey = key
	return f.plugin.Actions()[ActionSend].Invoke(context.Background(), in)
}

// stored keeps a file with the host's blobs.
func (f *fixture) stored(contentType string, data []byte) sdk.Blob {
	f.t.Helper()
	b, err := f.blobs.Put(context.Background(), contentType, bytes.NewReader(data))
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

// get fetches a link as Twilio does: no credentials.
func get(t *testing.T, method, link string) (int, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, link, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// TestAStoredFileGoesAsMMS: sms.send with a stored file sends an MMS whose
// MediaUrl is a signed link under the connection's webhook URL; the
// simulator fetches it as the message leaves the queue, without
// credentials, and gets the file's bytes with its type; the message is
// delivered. A retried step sends nothing more.
func TestAStoredFileGoesAsMMS(t *testing.T) {
	f := newFixture(t, nil, nil)
	photo := f.stored("image/png", pngPhoto)
	for range 2 {
		out, err := f.sendAction(map[string]any{"to": handset, "text": "segue a foto", "media_blobs": []any{photo.ID}}, "step-mms")
		if err != nil || !strings.HasPrefix(out.Values["message_id"].(string), "MM") {
			t.Fatalf("sms.send = %v, %v", out.Values, err)
		}
	}
	if n := f.createCount(); n != 1 {
		t.Fatalf("%d creates for one idempotency key", n)
	}
	m := f.sim.Messages(sim.Filter{To: handset})[0]
	prefix := f.hooks.URL + hooksPrefix + "/media/" + photo.ID + "?"
	if len(m.MediaURLs) != 1 || !strings.HasPrefix(m.MediaURLs[0], prefix) || m.Body != "segue a foto" {
		t.Fatalf("the MMS at Twilio: %+v (want its MediaUrl under %s)", m, prefix)
	}
	f.clock.Advance(time.Minute)
	m, _ = f.sim.Message(m.SID)
	if len(m.SentMedia) != 1 || m.SentMedia[0].Status != 200 || m.SentMedia[0].ContentType != "image/png" ||
		m.SentMedia[0].SHA256 != sha(pngPhoto) || m.Status != "delivered" {
		t.Fatalf("Twilio fetched %+v and the message is %s; want the photo, delivered", m.SentMedia, m.Status)
	}
	if got := statusesOf(f.emitted(), m.SID); !slices.Equal(got, []sdk.DeliveryStatus{"sent", "delivered"}) {
		t.Errorf("status events: %v", got)
	}
}

// TestAStoredFilesLinkOpensThatFileOnly: the link serves its file (by GET
// and HEAD) until it expires; a link with another file's ID, a changed
// expiry or no signature is not found, as is one whose file was deleted.
func TestAStoredFilesLinkOpensThatFileOnly(t *testing.T) {
	f := newFixture(t, nil, nil)
	photo, other := f.stored("image/jpeg", jpegPhoto), f.stored("image/png", pngPhoto)
	links, err := f.plugin.mediaLinks(context.Background(), []string{photo.ID})
	if err != nil {
		t.Fatal(err)
	}
	link := links[0]
	if status, ct, body := get(t, http.MethodGet, link); status != 200 || ct != "image/jpeg" || !bytes.Equal(body, jpegPhoto) {
		t.Fatalf("GET the link: %d %s, %d bytes", status, ct, len(body))
	}
	if status, ct, body := get(t, http.MethodHead, link); status != 200 || ct != "image/jpeg" || len(body) != 0 {
		t.Fatalf("HEAD the link: %d %s, %d bytes", status, ct, len(body))
	}
	u, _ := url.Parse(link)
	q := u.Query()
	forged := map[string]string{
		"another file":    strings.Replace(link, photo.ID, other.ID, 1),
		"a later expiry":  strings.Replace(link, "expires="+q.Get("expires"), "expires=9999999999", 1),
		"no signature":    strings.Replace(link, "signature="+q.Get("signature"), "", 1),
		"a bad signature": strings.Replace(link, "signature="+q.Get("signature"), "signature=AAAA", 1),
	}
	for name, l := range forged {
		if status, _, body := get(t, http.MethodGet, l); status != http.StatusNotFound || bytes.Contains(body, pngPhoto[:8]) {
			t.Errorf("%s: %d", name, status)
		}
	}
	f.clock.Advance(mediaLinkTTL + time.Second)
	if status, _, _ := get(t, http.MethodGet, link); status != http.StatusNotFound {
		t.Errorf("an expired link: %d", status)
	}
	fresh, _ := f.plugin.mediaLinks(context.Background(), []string{photo.ID})
	if err := f.blobs.Delete(context.Background(), photo.ID); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := get(t, http.MethodGet, fresh[0]); status != http.StatusNotFound {
		t.Errorf("a deleted file's link: %d", status)
	}
}

// TestAStoredFileThatCannotGo: a file the host does not have, one over an
// MMS's 5 MB, and a connection without a webhook URL fail for good before
// Twilio is called; a file deleted before Twilio fetches it fails the
// message with 11200.
func TestAStoredFileThatCannotGo(t *testing.T) {
	f := newFixture(t, nil, nil)
	big := f.stored("image/jpeg", make([]byte, maxMedia+1))
	// In order: the last case reopens the plugin without its webhook URL.
	for _, c := range []struct {
		name  string
		extra map[string]any
		blob  string
		says  string
	}{
		{name: "not stored", blob: "blb_nope", says: "not stored"},
		{name: "over 5 MB", blob: big.ID, says: "at most 5 MB"},
		{name: "no webhook URL", extra: map[string]any{"webhook_base_url": nil}, blob: f.stored("image/png", pngPhoto).ID, says: "no webhook URL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.extra != nil {
				f.plugin = f.open(c.extra)
			}
			before := f.createCount()
			_, err := f.sendAction(map[string]any{"to": handset, "media_blobs": []any{c.blob}}, "")
			if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent || !strings.Contains(err.Error(), c.says) || f.createCount() != before {
				t.Fatalf("sms.send: %v (%d creates)", err, f.createCount()-before)
			}
		})
	}

	f.plugin = f.open(nil)
	gone := f.stored("image/png", pngPhoto)
	res, err := f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, BlobID: gone.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.blobs.Delete(context.Background(), gone.ID); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	m, _ := f.sim.Message(res.MessageID)
	if m.Status != "failed" || m.ErrorCode != 11200 || len(m.SentMedia) != 1 || m.SentMedia[0].Status != http.StatusNotFound {
		t.Fatalf("the MMS whose file went: %s %d, fetched %+v", m.Status, m.ErrorCode, m.SentMedia)
	}
	events := f.emitted()
	last := events[len(events)-1].Payload.(sdk.StatusUpdate)
	want(t, last.Status == sdk.StatusFailed && len(last.Errors) == 1 && last.Errors[0].Code == "11200", last)
}
