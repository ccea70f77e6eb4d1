package whatsappcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// upload stores data in the simulator through the media endpoint and
// returns its media ID.
func (f *fixture) upload(data []byte, mimeType string) string {
	f.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("messaging_product", "whatsapp")
	_ = w.WriteField("type", mimeType)
	part, _ := w.CreateFormFile("file", "upload")
	_, _ = part.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, f.api.URL+"/v21.0/"+sim.DemoPhoneNumberID+"/media", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+sim.DemoAccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.ID == "" {
		f.t.Fatalf("upload: %d %v", resp.StatusCode, err)
	}
	return out.ID
}

// TestSendEveryType sends each kind of message to the simulator and checks
// what it received, field by field.
func TestSendEveryType(t *testing.T) {
	f := newFixture(t, nil, nil)
	inboundID := f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0) // deliver the inbound webhook: the plugin records the window
	audioID := f.upload([]byte("OggS fake audio"), "audio/ogg")
	to := "+" + user
	cases := []struct {
		name  string
		msg   sdk.OutboundMessage
		check func(t *testing.T, m sim.Message, req map[string]any)
	}{
		{"text reply", sdk.OutboundMessage{To: to, Kind: sdk.KindText, Text: "Olá!", ReplyTo: inboundID},
			func(t *testing.T, m sim.Message, _ map[string]any) {
				want(t, m.Body == "Olá!" && m.Context == inboundID, m)
			}},
		{"template positional", sdk.OutboundMessage{To: to, Kind: sdk.KindTemplate, Template: &sdk.Template{
			Name: "pedido_confirmado", Language: "pt_BR", Variables: map[string]string{"2": "#42", "1": "Ana"}}},
			func(t *testing.T, m sim.Message, _ map[string]any) {
				want(t, m.Template != nil && m.Body == "Olá Ana, seu pedido #42 foi confirmado.", m)
			}},
		{"template named", sdk.OutboundMessage{To: to, Kind: sdk.KindTemplate, Template: &sdk.Template{
			Name: "boas_vindas", Language: "pt_BR", Variables: map[string]string{"first_name": "Bia", "offer": "10% off"}}},
			func(t *testing.T, m sim.Message, _ map[string]any) {
				want(t, m.Body == "Oi Bia! Temos uma oferta para você: 10% off.", m)
			}},
		{"template components", sdk.OutboundMessage{To: to, Kind: sdk.KindTemplate, Template: &sdk.Template{
			Name: "promo_imagem", Language: "pt_BR", Components: []sdk.TemplateComponent{
				{Type: "header", Parameters: []sdk.TemplateParameter{{Type: "image", Media: &sdk.Media{Type: sdk.MediaImage, Link: "https://example.com/p.jpg"}}}},
				{Type: "body", Parameters: []sdk.TemplateParameter{{Type: "text", Text: "verão"}}}}}},
			func(t *testing.T, m sim.Message, _ map[string]any) {
				want(t, m.Body == "Confira a promoção de verão!", m)
			}},
		{"image link", sdk.OutboundMessage{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, Link: "https://example.com/a.jpg", Caption: "olha"}},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, m.Type == "image" && m.Body == "olha" && dig(req, "image", "link") == "https://example.com/a.jpg", req)
			}},
		{"audio id", sdk.OutboundMessage{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaAudio, ID: audioID, Caption: "dropped"}},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, m.Type == "audio" && dig(req, "audio", "id") == audioID && dig(req, "audio", "caption") == nil, req)
			}},
		{"video link", sdk.OutboundMessage{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaVideo, Link: "https://example.com/v.mp4"}},
			func(t *testing.T, m sim.Message, _ map[string]any) { want(t, m.Type == "video", m) }},
		{"document", sdk.OutboundMessage{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaDocument, Link: "https://example.com/n.pdf", Filename: "nota.pdf"}},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, m.Type == "document" && dig(req, "document", "filename") == "nota.pdf", req)
			}},
		{"sticker", sdk.OutboundMessage{To: to, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaSticker, Link: "https://example.com/s.webp"}},
			func(t *testing.T, m sim.Message, _ map[string]any) { want(t, m.Type == "sticker", m) }},
		{"buttons", sdk.OutboundMessage{To: to, Kind: sdk.KindInteractive, Interactive: &sdk.Interactive{Type: "button",
			Header: "Pedido", Body: "Confirma?", Footer: "Master IA", Buttons: []sdk.Button{{ID: "yes", Title: "Sim"}, {ID: "no", Title: "Não"}}}},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, m.Body == "Confirma?" && dig(req, "interactive", "action", "buttons", 1, "reply", "id") == "no", req)
			}},
		{"list", sdk.OutboundMessage{To: to, Kind: sdk.KindInteractive, Interactive: &sdk.Interactive{Type: "list",
			Body: "Frete", ListButton: "Opções", Sections: []sdk.ListSection{{Title: "Rápido", Rows: []sdk.ListRow{
				{ID: "express", Title: "Expresso", Description: "1 dia"}}}, {Title: "Barato", Rows: []sdk.ListRow{{ID: "eco", Title: "Econômico"}}}}}},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, dig(req, "interactive", "action", "sections", 0, "rows", 0, "description") == "1 dia", req)
			}},
		{"reaction", sdk.OutboundMessage{To: to, Kind: sdk.KindReaction, Emoji: "❤️", ReplyTo: inboundID},
			func(t *testing.T, m sim.Message, req map[string]any) {
				want(t, m.Body == "❤️" && dig(req, "reaction", "message_id") == inboundID, req)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := f.send(c.msg)
			if err != nil || !strings.HasPrefix(res.MessageID, "wamid.") {
				t.Fatalf("Send = %+v, %v", res, err)
			}
			m, ok := f.sim.Message(res.MessageID)
			if !ok {
				t.Fatalf("the simulator has no message %s", res.MessageID)
			}
			var req map[string]any
			if err := json.Unmarshal(m.Request, &req); err != nil {
				t.Fatal(err)
			}
			c.check(t, m, req)
		})
	}
	t.Run("read receipt", func(t *testing.T) {
		res, err := f.send(sdk.OutboundMessage{To: to, Kind: sdk.KindRead, ReplyTo: inboundID})
		if err != nil || res.MessageID != inboundID {
			t.Fatalf("Send = %+v, %v", res, err)
		}
		if r := f.sim.Received(); len(r) != 1 || r[0].ReadAt.IsZero() {
			t.Errorf("the simulator's inbound message is not read: %+v", r)
		}
	})
}

// TestSendOutsideWindow: a free-form message to a user who never wrote is
// refused before any API call; a template goes out.
func TestSendOutsideWindow(t *testing.T) {
	f := newFixture(t, nil, nil)
	for _, msg := range []sdk.OutboundMessage{
		{To: "+" + user, Kind: sdk.KindText, Text: "oi"},
		{To: "+" + user, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, Link: "https://example.com/a.jpg"}},
		{To: "+" + user, Kind: sdk.KindInteractive, Interactive: &sdk.Interactive{Type: "button", Body: "?", Buttons: []sdk.Button{{ID: "a", Title: "A"}}}},
	} {
		_, err := f.send(msg)
		c, _, code := sdk.ClassOf(err)
		if c != sdk.ClassPermanent || code != "131047" || !errors.Is(err, ErrOutsideWindow) {
			t.Errorf("%s outside the window: class %v code %q err %v", msg.Kind, c, code, err)
		}
	}
	if n := len(f.sim.Messages(sim.Filter{})); n != 0 {
		t.Errorf("the simulator received %d messages; the window must be enforced before the API call", n)
	}
	tmpl := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: &sdk.Template{Name: "hello_world", Language: "en_US"}}
	if _, err := f.send(tmpl); err != nil {
		t.Errorf("a template outside the window: %v", err)
	}
}

// TestWindowLifecycle: an inbound message opens the window, which closes
// 24 h later; Meta's async 131047 closes it early.
func TestWindowLifecycle(t *testing.T) {
	f := newFixture(t, nil, nil)
	text := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "oi"}
	f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0)
	if _, err := f.send(text); err != nil {
		t.Fatalf("inside the window: %v", err)
	}
	f.clock.Advance(window + time.Second)
	if _, err := f.send(text); !errors.Is(err, ErrOutsideWindow) {
		t.Fatalf("25 h later: %v, want the window closed", err)
	}
	// The plugin believes the window is open; Meta says 131047 in a status.
	f.inbound(sim.InboundText(user, "voltei"))
	f.clock.Advance(0)
	f.sim.InjectFault(sim.Fault{Code: 131047, Async: true, Times: 1})
	if _, err := f.send(text); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Second)
	if _, err := f.send(text); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("after Meta's 131047 status: %v, want the window closed", err)
	}
}

// TestWindowKnowsTheNinthDigit: an older Brazilian account's WhatsApp ID
// lacks the mobile's 9th digit (551187654321), while its contact is
// stored, and flows send, to +5511987654321. A message in either form
// opens the window for the other; a landline's number takes no 9.
func TestWindowKnowsTheNinthDigit(t *testing.T) {
	for _, c := range []struct {
		wrote, to string
		open      bool
	}{
		{"551187654321", "+5511987654321", true},
		{"5511987654322", "+55 11 8765-4322", true},
		{"551133334444", "+5511933334444", false}, // a landline, and another number
	} {
		f := newFixture(t, nil, nil)
		f.inbound(sim.InboundText(c.wrote, "oi"))
		f.clock.Advance(0)
		_, err := f.send(sdk.OutboundMessage{To: c.to, Kind: sdk.KindText, Text: "Olá!"})
		if open := !errors.Is(err, ErrOutsideWindow); open != c.open || open && err != nil {
			t.Errorf("%s wrote, a reply to %s: %v (want the window open: %v)", c.wrote, c.to, err, c.open)
		}
	}
}

// TestWindowKeptByTheOldKeyIsFound: a window an older account opened
// before keys restored the 9th digit (stored as win:551187654322) still
// lets a reply to +5511987654322 through.
func TestWindowKeptByTheOldKeyIsFound(t *testing.T) {
	f := newFixture(t, nil, nil)
	until := f.clock.Now().Add(time.Hour)
	if err := f.kv.Set(context.Background(), windowKey("551187654322"), []byte(strconv.FormatInt(until.Unix(), 10)), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := f.send(sdk.OutboundMessage{To: "+5511987654322", Kind: sdk.KindText, Text: "Olá!"}); err != nil {
		t.Fatalf("a reply inside a window kept by the old key: %v", err)
	}
	if _, err := f.send(sdk.OutboundMessage{To: "+5511987654323", Kind: sdk.KindText, Text: "Olá!"}); !errors.Is(err, ErrOutsideWindow) {
		t.Fatalf("another number: %v", err)
	}
}

func want(t *testing.T, ok bool, got any) {
	t.Helper()
	if !ok {
		t.Errorf("unexpected: %+v", got)
	}
}

// dig walks decoded JSON by keys and indexes, returning nil when a step
// is missing.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// TestSendAction: whatsapp.send's nested inputs reach Graph intact, and a
// retried step (same idempotency key) does not send twice.
func TestSendAction(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0)
	spec, _ := manifest.Action(ActionSend)
	stored, err := f.blobs.Put(context.Background(), "application/pdf", strings.NewReader("%PDF y"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := []map[string]any{
		{"to": "+" + user, "kind": "template", "template": map[string]any{"name": "promo_imagem", "language": "pt_BR",
			"components": []any{
				map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image",
					"media": map[string]any{"type": "image", "link": "https://example.com/p.jpg"}}}},
				map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "inverno"}}}}}},
		{"to": "+" + user, "kind": "interactive", "interactive": map[string]any{"type": "button", "body": "Ok?",
			"buttons": []any{map[string]any{"id": "ok", "title": "OK"}}}},
		{"to": "+" + user, "kind": "media", "media": map[string]any{"type": "document", "link": "https://example.com/x.pdf", "filename": "x.pdf"}},
		{"to": "+" + user, "kind": "media", "media": map[string]any{"type": "document", "blob_id": stored.ID, "mime_type": "application/pdf", "filename": "y.pdf"}},
	}
	for i, raw := range inputs {
		in, err := spec.ParseInput(raw)
		if err != nil {
			t.Fatal(err)
		}
		in.IdempotencyKey = "step-" + string(rune('a'+i))
		out, err := f.plugin.Actions()[ActionSend].Invoke(context.Background(), in)
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		again, err := f.plugin.Actions()[ActionSend].Invoke(context.Background(), in)
		if err != nil || again.Values["message_id"] != out.Values["message_id"] {
			t.Errorf("input %d retried: %v, %v; want the first message ID", i, again.Values, err)
		}
	}
	msgs := f.sim.Messages(sim.Filter{})
	if len(msgs) != 4 || msgs[0].Body != "Confira a promoção de inverno!" || msgs[1].Body != "Ok?" || msgs[2].Type != "document" ||
		!strings.Contains(string(msgs[3].Request), `"document":{"id":"`) || !strings.Contains(string(msgs[3].Request), `"filename":"y.pdf"`) {
		t.Errorf("the simulator has %+v", msgs)
	}
	if _, err := spec.ParseInput(map[string]any{"to": "1", "kind": "template", "template": map[string]any{"name": "x"}}); err == nil {
		t.Error("a template without language parsed")
	}
}

// TestWindowMemo: a chatty contact's messages rewrite the stored window end
// at most once a minute, while the connection sends by the exact end.
func TestWindowMemo(t *testing.T) {
	f := newFixture(t, nil, nil)
	stored := func() string {
		b, _ := f.kv.Get(context.Background(), windowKey(user))
		return string(b)
	}
	say := func(after time.Duration) {
		f.clock.Advance(after)
		f.inbound(sim.InboundText(user, "oi"))
		f.clock.Advance(0)
	}
	say(0)
	first := stored()
	if first == "" {
		t.Fatal("the first message stored no window")
	}
	for range 5 {
		say(10 * time.Second)
	}
	if got := stored(); got != first {
		t.Errorf("messages within a minute rewrote the stored end: %s, then %s", first, got)
	}
	say(20 * time.Second) // 70 s after the first
	if got := stored(); got == first {
		t.Error("a message 70 s later did not move the stored end")
	}
	say(10 * time.Second) // the exact end is now 10 s past the stored one
	text := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "oi"}
	f.clock.Advance(window - 5*time.Second)
	if _, err := f.send(text); err != nil {
		t.Errorf("5 s before the exact end (past the stored one): %v", err)
	}
	f.clock.Advance(10 * time.Second)
	if _, err := f.send(text); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("5 s after the exact end: %v, want the window closed", err)
	}
}

// TestWindowReadFromKVIsRemembered: a window another process of the
// connection stored is read from KV once, then sent by from memory until
// it ends (no KV round trip per send to a contact in conversation).
func TestWindowReadFromKVIsRemembered(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := context.Background()
	end := t0.Add(time.Hour)
	if err := f.kv.Set(ctx, windowKey(user), []byte(strconv.FormatInt(end.Unix(), 10)), 0); err != nil {
		t.Fatal(err)
	}
	text := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "oi"}
	if _, err := f.send(text); err != nil {
		t.Fatalf("inside the window another process stored: %v", err)
	}
	if err := f.kv.Delete(ctx, windowKey(user)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.send(text); err != nil {
		t.Errorf("the window read once was not remembered: %v", err)
	}
	f.clock.Advance(time.Hour + time.Second)
	if _, err := f.send(text); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("after the remembered end: %v, want the window closed", err)
	}
	if n := len(f.sim.Messages(sim.Filter{})); n != 2 {
		t.Errorf("the simulator received %d messages, want 2", n)
	}
}

// TestConcurrentRetriesSendOnce: tries of one step (one idempotency key)
// running at the same time send once and all answer its message ID.
func TestConcurrentRetriesSendOnce(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.inbound(sim.InboundText(user, "oi"))
	f.clock.Advance(0)
	const tries = 6
	ids := make(chan string, tries)
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() {
			res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "Seu pedido saiu", IdempotencyKey: "run_1:step_2"})
			if err != nil {
				t.Error(err)
				return
			}
			ids <- res.MessageID
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	if n := f.served("POST /v21.0/" + sim.DemoPhoneNumberID + "/messages"); n != 1 || len(seen) != 1 {
		t.Errorf("%d tries made %d sends and answered %v, want one send and one ID", tries, n, seen)
	}
}

// TestLate131047KeepsAReopenedWindow: webhooks come unordered and Meta
// redelivers them for days, so a 131047 status about a send that failed
// before the contact wrote again can arrive after that message. It says
// the window was closed when that send failed, not that the one the
// message opened is: free-form replies still go.
func TestLate131047KeepsAReopenedWindow(t *testing.T) {
	f := newFixture(t, nil, nil)
	now := f.clock.Now().Unix()
	value := func(items string) []byte {
		return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"` + sim.DemoWABAID + `","changes":[{"field":"messages","value":{` +
			`"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"` + sim.DemoPhoneNumberID + `"},` + items + `}}]}]}`)
	}
	inbound := value(`"messages":[{"from":"` + user + `","id":"wamid.LATE1","timestamp":"` + strconv.FormatInt(now, 10) + `","type":"text","text":{"body":"voltei"}}]`)
	failed := func(id string, at int64) []byte {
		return value(`"statuses":[{"id":"` + id + `","status":"failed","timestamp":"` + strconv.FormatInt(at, 10) + `","recipient_id":"` + user + `",` +
			`"errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"more than 24 hours"}}]}]`)
	}
	text := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "oi"}
	handle(t, f.plugin, signed(sim.DemoAppSecret, inbound))
	handle(t, f.plugin, signed(sim.DemoAppSecret, failed("wamid.OLD", now-90)))
	if _, err := f.send(text); err != nil {
		t.Fatalf("a 131047 from before the contact wrote closed the window: %v", err)
	}
	// The same status from after the message closes it: Meta says so.
	handle(t, f.plugin, signed(sim.DemoAppSecret, failed("wamid.NEW", now+5)))
	if _, err := f.send(text); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("after a 131047 from after the message: %v, want the window closed", err)
	}
}
