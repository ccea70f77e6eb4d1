package inbox

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/masteria/masteria/core/store"
)

// The message.received payload is encoded with go-json for speed; it must
// read back exactly as encoding/json's encoding of the same value does,
// every field set, with text that needs escaping.
func TestReceivedPayloadEncodesAsEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 26, 7, 8, 9, 123456789, time.FixedZone("BRT", -3*3600))
	text := "Olá <b>&</b> \"aspas\" \\ \u2028 😀 \x01 \xff"
	c := store.Contact{ID: "con_1", TenantID: "ten_1", Name: text, Phone: "+5511980000012", WhatsAppID: "5511980000012",
		BSUID: "bs", Username: "user", Email: "a@b.c", OwnerID: "usr_1", TimeZone: "America/Sao_Paulo", Language: "pt-BR",
		Fields: map[string]any{"z": 1.5, "a": []any{"x", true, nil}, "m": map[string]any{"k": text}}, Tags: []string{"vip", text},
		CreatedAt: at, UpdatedAt: at}
	cv := store.Conversation{ID: "cnv_1", ContactID: c.ID, ConnectionID: "conn_1", Channel: "whatsapp", Status: "open",
		AssigneeID: "usr_2", Handler: "bot", Labels: []string{"a", "b"}, Unread: 3, Preview: text, LastMessageAt: at,
		LastInboundAt: &at, WindowOpen: true, WindowClosesAt: &at, CreatedAt: at, UpdatedAt: at}
	m := store.Message{Seq: 7, ID: "msg_1", ConversationID: cv.ID, ContactID: c.ID, Direction: "in", Type: "image", Text: text,
		Media: &store.MediaLink{Type: "image", Link: "https://x/y?a=1&b=<2>", ID: "m1", MIMEType: "image/jpeg", Filename: "f.jpg", Caption: text, BlobID: "blb_1"},
		Extra: json.RawMessage(`{ "context" : {"from":"5511"}, "n": [1, 2.5e3] }`), ProviderMessageID: "wamid.1", ReplyTo: "wamid.0",
		Status: "received", Error: text, AuthorID: "usr_3", CreatedAt: at, StatusAt: at}
	p := receivedPayload{Channel: "whatsapp", ConnectionID: "conn_1", Contact: c, ContactID: c.ID, Conversation: cv, ConversationID: cv.ID,
		Message: flowMessage{Message: m, Channel: "whatsapp", From: "5511980000012", MediaURL: "/api/v1/media/blb_1", ConnectionID: "conn_1"}}
	std, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := gojson.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(std, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fast, &b); err != nil {
		t.Fatalf("go-json wrote invalid JSON: %v\n%s", err, fast)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("go-json's payload differs:\n%s\nencoding/json's:\n%s", fast, std)
	}
	// And go-json reads a payload back as encoding/json does.
	var viaStd, viaFast receivedPayload
	if err := json.Unmarshal(std, &viaStd); err != nil {
		t.Fatal(err)
	}
	if err := gojson.Unmarshal(std, &viaFast); err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(viaStd)
	y, _ := json.Marshal(viaFast)
	if string(x) != string(y) || viaFast.Message.Text == "" {
		t.Errorf("go-json read back:\n%s\nencoding/json:\n%s", y, x)
	}
}
