package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// TestReplyWithStoredFile: an agent uploads a file and sends it in a reply
// by its blob_id; the stored message and the outbound event carry it, the
// file's type fills in the media kind, and bad uploads and another
// tenant's file are refused with nothing stored.
func TestReplyWithStoredFile(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	a, b := h.workspace("acme"), h.workspace("bravo")
	events := dialStream(t, h.base, a.APIKey)
	time.Sleep(50 * time.Millisecond)
	receive := func(tenantID, from string) string {
		r, err := inbox.New(h.store).Receive(context.Background(), tenantID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
			Message: sdk.InboundMessage{ProviderMessageID: "wamid." + tenantID, From: from, Type: sdk.InboundText, Text: "manda o boleto", Timestamp: time.Now()}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Conversation.ID
	}
	convA, convB := receive(a.Tenant.ID, "5511987654321"), receive(b.Tenant.ID, "5521987654321")

	up := h.doRaw("POST", "/api/v1/media", a.APIKey, "application/pdf", "%PDF-1.4 boleto")
	if up.Status != 201 {
		t.Fatalf("upload: %d %s", up.Status, up.Body)
	}
	blob := up.json(t)
	id, _ := blob["id"].(string)
	if id == "" || blob["content_type"] != "application/pdf" || blob["size"].(float64) != 15 {
		t.Fatalf("upload answered %s", up.Body)
	}
	if got := h.do("GET", "/api/v1/media/"+id, a.APIKey, nil); got.Status != 200 || string(got.Body) != "%PDF-1.4 boleto" {
		t.Fatalf("the stored file: %d %q", got.Status, got.Body)
	}

	sent := h.do("POST", "/api/v1/conversations/"+convA+"/messages", a.APIKey,
		map[string]any{"media": map[string]string{"blob_id": id, "filename": "boleto.pdf", "caption": "Seu boleto"}})
	if sent.Status != 202 {
		t.Fatalf("reply: %d %s", sent.Status, sent.Body)
	}
	m := sent.json(t)
	media, _ := m["media"].(map[string]any)
	if m["type"] != "document" || m["text"] != "Seu boleto" || media["blob_id"] != id || media["mime_type"] != "application/pdf" || media["filename"] != "boleto.pdf" {
		t.Fatalf("stored reply: %s", sent.Body)
	}
	out := nextFrame(t, events, "message.outbound")
	if !strings.Contains(string(out.Data), `"blob_id":"`+id+`"`) || !strings.Contains(string(out.Data), `"kind":"media"`) {
		t.Fatalf("message.outbound: %s", out.Data)
	}

	before := h.do("GET", "/api/v1/conversations/"+convB+"/messages", b.APIKey, nil).Body
	for name, r := range map[string]reply{
		"another tenant's file": h.do("POST", "/api/v1/conversations/"+convB+"/messages", b.APIKey,
			map[string]any{"media": map[string]string{"blob_id": id}}),
		"no such file": h.do("POST", "/api/v1/conversations/"+convB+"/messages", b.APIKey,
			map[string]any{"media": map[string]string{"blob_id": "blb_00000000000000000000"}}),
		"another tenant's file as a template header": h.do("POST", "/api/v1/conversations/"+convB+"/messages", b.APIKey,
			map[string]any{"template": map[string]any{"name": "promo_imagem", "language": "pt_BR", "components": []any{
				map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image", "media": map[string]string{"type": "image", "blob_id": id}}}}}}}),
	} {
		if r.Status != 404 || strings.Contains(string(r.Body), "boleto") {
			t.Errorf("%s: %d %s, want 404", name, r.Status, r.Body)
		}
	}
	if after := h.do("GET", "/api/v1/conversations/"+convB+"/messages", b.APIKey, nil).Body; string(after) != string(before) {
		t.Errorf("refused replies changed the conversation:\n%s\n%s", before, after)
	}

	for name, c := range map[string]struct {
		ctype, body string
		status      int
	}{
		"empty":     {"image/png", "", 400},
		"a form":    {"multipart/form-data; boundary=x", "--x--", 400},
		"no type":   {"", "bytes", 400},
		"too large": {"video/mp4", strings.Repeat("v", 70<<10), 413},
	} {
		if r := h.doRaw("POST", "/api/v1/media", b.APIKey, c.ctype, c.body); r.Status != c.status {
			t.Errorf("upload %s: %d %s, want %d", name, r.Status, r.Body, c.status)
		}
	}
}

// TestDiscardUpload: an upload nothing has used yet can be discarded (an
// attachment removed before sending); one a reply or a campaign used is a
// conflict and stays; another tenant's, or none, is not found.
func TestDiscardUpload(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("acme"), h.workspace("bravo")
	upload := func(body string) string {
		r := h.doRaw("POST", "/api/v1/media", a.APIKey, "image/png", body)
		if r.Status != 201 || r.json(t)["pending"] != true {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		return r.json(t)["id"].(string)
	}
	removed, replied, inCampaign := upload("png removed"), upload("png replied"), upload("png campaign")

	for name, r := range map[string]reply{
		"another tenant's": h.do("DELETE", "/api/v1/media/"+removed, b.APIKey, nil),
		"unknown":          h.do("DELETE", "/api/v1/media/blb_00000000000000000000", a.APIKey, nil),
		"not an ID":        h.do("DELETE", "/api/v1/media/..%2F..%2Fetc", a.APIKey, nil),
	} {
		if r.Status != 404 {
			t.Errorf("discard %s: %d %s, want 404", name, r.Status, r.Body)
		}
	}
	if r := h.do("DELETE", "/api/v1/media/"+removed, a.APIKey, nil); r.Status != 204 {
		t.Fatalf("discard: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/api/v1/media/"+removed, a.APIKey, nil); r.Status != 404 {
		t.Fatalf("a discarded file is still served: %d", r.Status)
	}

	conv, err := inbox.New(h.store).Receive(context.Background(), a.Tenant.ID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.discard", From: "5511987654321", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	if r := h.do("POST", "/api/v1/conversations/"+conv.Conversation.ID+"/messages", a.APIKey,
		map[string]any{"media": map[string]string{"blob_id": replied}}); r.Status != 202 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/campaigns", a.APIKey, map[string]any{"name": "Folheto", "channel": "whatsapp", "spec": map[string]any{
		"message": map[string]any{"media": map[string]string{"type": "image", "blob_id": inCampaign}}}}); r.Status != 201 {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	for _, id := range []string{replied, inCampaign} {
		if r := h.do("DELETE", "/api/v1/media/"+id, a.APIKey, nil); r.Status != 409 {
			t.Errorf("discard a used file: %d %s, want 409", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/media/"+id, a.APIKey, nil); r.Status != 200 {
			t.Errorf("a used file is gone: %d", r.Status)
		}
	}
}
