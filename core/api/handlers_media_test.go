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
