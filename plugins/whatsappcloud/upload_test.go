package whatsappcloud

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// TestSendStoredFile: a document kept in the host's Blobs is uploaded to
// the media endpoint, sent by the media ID it got, and uploaded only once
// for later sends (a template header's included); the caller's message is
// not changed, and a file that is not stored fails before any API call.
func TestSendStoredFile(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.inbound(sim.InboundText(user, "manda o boleto"))
	f.clock.Advance(0)
	ctx := context.Background()
	pdf := "%PDF-1.4 boleto 123"
	blob, err := f.blobs.Put(ctx, "application/pdf", strings.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	uploads := "POST /v21.0/" + sim.DemoPhoneNumberID + "/media"
	media := &sdk.Media{Type: sdk.MediaDocument, BlobID: blob.ID, Filename: "boleto.pdf", Caption: "Seu boleto"}
	res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindMedia, Media: media})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if media.ID != "" {
		t.Errorf("the caller's media was changed: %+v", media)
	}
	m, ok := f.sim.Message(res.MessageID)
	if !ok {
		t.Fatalf("the simulator has no message %s", res.MessageID)
	}
	var req map[string]any
	_ = json.Unmarshal(m.Request, &req)
	id, _ := dig(req, "document", "id").(string)
	if id == "" || dig(req, "document", "filename") != "boleto.pdf" || dig(req, "document", "link") != nil {
		t.Fatalf("sent %s", m.Request)
	}
	resp, node, err := f.plugin.openMedia(ctx, id)
	if err != nil {
		t.Fatalf("the uploaded media %s: %v", id, err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(got) != pdf || node.MIMEType != "application/pdf" {
		t.Fatalf("uploaded %q as %s, want %q as application/pdf", got, node.MIMEType, pdf)
	}

	res, err = f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaDocument, BlobID: blob.ID}})
	if m, _ := f.sim.Message(res.MessageID); err != nil || !strings.Contains(string(m.Request), `"id":"`+id+`"`) {
		t.Errorf("sent again: %v, without the uploaded media ID %s: %s", err, id, m.Request)
	}
	if n := f.served(uploads); n != 1 {
		t.Errorf("the file was uploaded %d times, want once", n)
	}

	photo, _ := f.blobs.Put(ctx, "image/jpeg", strings.NewReader("\xff\xd8 promo"))
	header := &sdk.Media{Type: sdk.MediaImage, BlobID: photo.ID}
	tpl := &sdk.Template{Name: "promo_imagem", Language: "pt_BR", Components: []sdk.TemplateComponent{
		{Type: "header", Parameters: []sdk.TemplateParameter{{Type: "image", Media: header}}},
		{Type: "body", Parameters: []sdk.TemplateParameter{{Type: "text", Text: "verão"}}}}}
	for range 2 {
		res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: tpl})
		if err != nil {
			t.Fatalf("send the template: %v", err)
		}
		m, _ := f.sim.Message(res.MessageID)
		if !strings.Contains(string(m.Request), `"image":{"id":"`) {
			t.Errorf("the template's header was sent without a media ID: %s", m.Request)
		}
	}
	if header.ID != "" {
		t.Errorf("the caller's template was changed: %+v", header)
	}
	if n := f.served(uploads); n != 2 {
		t.Errorf("two files made %d uploads, want 2", n)
	}

	_, err = f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, BlobID: "blb_missing00000000000000"}})
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent {
		t.Fatalf("a file that is not stored: %v (class %s), want permanent", err, class)
	}
	if n := f.served(uploads); n != 2 {
		t.Errorf("a missing file reached the media endpoint (%d uploads)", n)
	}
}

// TestSendActionTemplateHeaderFile: a campaign's template with a stored
// file as its header and variables for its body, as whatsapp.send takes
// it, goes out with the uploaded media ID in the header.
func TestSendActionTemplateHeaderFile(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := context.Background()
	photo, err := f.blobs.Put(ctx, "image/jpeg", strings.NewReader("\xff\xd8 folheto"))
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := manifest.Action(ActionSend)
	in, err := spec.ParseInput(map[string]any{"to": "+" + user, "kind": "template", "template": map[string]any{
		"name": "promo_imagem", "language": "pt_BR", "variables": map[string]any{"1": "verão"},
		"components": []any{map[string]any{"type": "header", "parameters": []any{
			map[string]any{"type": "image", "media": map[string]any{"type": "image", "blob_id": photo.ID}}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.plugin.Actions()[ActionSend].Invoke(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.sim.Message(out.Values["message_id"].(string))
	if m.Body != "Confira a promoção de verão!" || !strings.Contains(string(m.Request), `"image":{"id":"`) {
		t.Fatalf("sent %q: %s", m.Body, m.Request)
	}
}

// TestConcurrentSendsUploadOnce: sends of one stored file at the same time
// (a campaign's) upload it once and all carry its media ID.
func TestConcurrentSendsUploadOnce(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0)
	blob, err := f.blobs.Put(context.Background(), "image/jpeg", strings.NewReader("\xff\xd8 folheto"))
	if err != nil {
		t.Fatal(err)
	}
	const sends = 8
	ids := make(chan string, sends)
	var wg sync.WaitGroup
	for range sends {
		wg.Go(func() {
			res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, BlobID: blob.ID}})
			if err != nil {
				t.Error(err)
				return
			}
			m, _ := f.sim.Message(res.MessageID)
			var req map[string]any
			_ = json.Unmarshal(m.Request, &req)
			id, _ := dig(req, "image", "id").(string)
			ids <- id
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	if n := f.served("POST /v21.0/" + sim.DemoPhoneNumberID + "/media"); n != 1 || len(seen) != 1 || seen[""] {
		t.Errorf("%d sends made %d uploads and carried media IDs %v, want one upload and one ID", sends, n, seen)
	}
}
