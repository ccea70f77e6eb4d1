package whatsappcloud

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// handle hands req to p and fails the test on an error.
func handle(t *testing.T, p sdk.WebhookHandler, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event) {
	t.Helper()
	resp, events, err := p.HandleWebhook(context.Background(), req)
	if err != nil {
		t.Fatalf("HandleWebhook: %v", err)
	}
	return resp, events
}

// TestSignatureVector checks ValidSignature against Meta's published vector.
func TestSignatureVector(t *testing.T) {
	var v struct {
		Vectors []struct {
			AppSecret string `json:"app_secret"`
			RawBody   string `json:"raw_body"`
			Header    string `json:"expected_header_value"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(readVector(t, "x_hub_signature_256_vectors.json"), &v); err != nil || len(v.Vectors) == 0 {
		t.Fatal(err)
	}
	for _, c := range v.Vectors {
		if !ValidSignature(c.AppSecret, []byte(c.RawBody), c.Header) {
			t.Errorf("the published vector does not verify")
		}
		for _, bad := range []string{"", "sha256=", c.Header[:len(c.Header)-1] + "0", "sha1=" + c.Header[7:], c.Header + "00"} {
			if ValidSignature(c.AppSecret, []byte(c.RawBody), bad) {
				t.Errorf("header %q verifies", bad)
			}
		}
		if ValidSignature(c.AppSecret, []byte(c.RawBody+" "), c.Header) {
			t.Errorf("a changed body verifies")
		}
	}
}

// TestInboundVectors normalizes every published message vector.
func TestInboundVectors(t *testing.T) {
	f := newFixture(t, nil, nil)
	cases := map[string]func(t *testing.T, in sdk.InboundMessage){
		"webhook_message_text.json": func(t *testing.T, in sdk.InboundMessage) {
			want(t, in.Type == sdk.InboundText && in.Text == "Does it come in another color?" && in.ContactName == "Sheena Nelson" &&
				in.From == "16505551234" && in.To == "15550783881" && in.Timestamp.Unix() == 1749416383, in)
		},
		"webhook_message_text_click_to_whatsapp_ad.json": func(t *testing.T, in sdk.InboundMessage) {
			r := in.Referral
			want(t, r != nil && r.SourceType == "ad" && r.SourceID == "120226305854810726" && r.ClickID != "" &&
				r.MediaURL == "https://scontent.xx.fbcdn.net/v/t45.1..." && in.Text == "Can I get more info about this?", in)
		},
		"webhook_message_text_message_business_button.json": func(t *testing.T, in sdk.InboundMessage) {
			want(t, in.ReplyTo == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA" && in.Type == sdk.InboundText, in)
		},
		"webhook_message_image.json":   media(sdk.MediaImage, "1003383421387256", "Taj Mahal", "image/jpeg"),
		"webhook_message_video.json":   media(sdk.MediaVideo, "731675419373506", "Timelapse of growth", "video/mp4"),
		"webhook_message_sticker.json": media(sdk.MediaSticker, "1908647269898587", "", "image/webp"),
		"webhook_message_document.json": func(t *testing.T, in sdk.InboundMessage) {
			media(sdk.MediaDocument, "622684793477189", "my receipt", "application/pdf")(t, in)
			want(t, in.Media.Filename == "receipt.pdf", in.Media)
		},
		"webhook_message_audio_voice.json": func(t *testing.T, in sdk.InboundMessage) {
			media(sdk.MediaAudio, "1908647269898587", "", "audio/ogg; codecs=opus")(t, in)
			want(t, in.Media.Voice && in.Media.SHA256 == "wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=", in.Media)
		},
		"webhook_message_location.json": func(t *testing.T, in sdk.InboundMessage) {
			l := in.Location
			want(t, in.Type == sdk.InboundLocation && l != nil && l.Latitude == 37.44221496582 && l.Longitude == -122.16165924072 &&
				l.Name == "Philz Coffee" && l.Address == "101 Forest Ave, Palo Alto, CA 94301" && l.URL == "https://philzcoffee.com/", in)
		},
		"webhook_message_contacts.json": func(t *testing.T, in sdk.InboundMessage) {
			want(t, in.Type == sdk.InboundContacts && len(in.Contacts) == 1 && in.Contacts[0].Name == "Barbara J. Johnson" &&
				len(in.Contacts[0].Phones) == 1 && in.Contacts[0].Phones[0] == "+1 (415) 555-0829", in)
		},
		"webhook_message_interactive_button_reply.json": func(t *testing.T, in sdk.InboundMessage) {
			i := in.Interactive
			want(t, in.Type == sdk.InboundInteractive && i != nil && i.Type == "button_reply" && i.ID == "cancel-button" &&
				i.Title == "Cancel" && in.ReplyTo == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA", in)
		},
		"webhook_message_interactive_list_reply.json": func(t *testing.T, in sdk.InboundMessage) {
			i := in.Interactive
			want(t, i != nil && i.Type == "list_reply" && i.ID == "priority_express" && i.Description == "Next Day to 2 Days", in)
		},
		"webhook_message_button_template_quick_reply.json": func(t *testing.T, in sdk.InboundMessage) {
			i := in.Interactive
			want(t, in.Type == sdk.InboundInteractive && i != nil && i.Type == "quick_reply" && i.ID == "Unsubscribe" && in.ReplyTo != "", in)
		},
		"webhook_message_reaction.json": func(t *testing.T, in sdk.InboundMessage) {
			want(t, in.Type == sdk.InboundReaction && in.Reaction != nil && in.Reaction.Emoji == "👍" &&
				in.Reaction.MessageID == "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=", in)
		},
		"webhook_message_order.json": func(t *testing.T, in sdk.InboundMessage) {
			o := in.Order
			want(t, in.Type == sdk.InboundOrder && o != nil && o.CatalogID == "194836987003835" && len(o.Items) == 2 &&
				o.Items[0] == sdk.OrderItem{ProductID: "di9ozbzfi4", Quantity: 2, ItemPrice: 30, Currency: "USD"} && o.Text == "Love these!", in)
		},
		"webhook_message_system_user_changed_number.json": func(t *testing.T, in sdk.InboundMessage) {
			s := in.System
			want(t, in.Type == sdk.InboundSystem && s != nil && s.Type == "user_changed_number" && s.NewFrom == "12195555358", in)
		},
		"webhook_message_unsupported_131051.json": func(t *testing.T, in sdk.InboundMessage) {
			want(t, in.Type == sdk.InboundUnsupported && len(in.Errors) == 1 && in.Errors[0].Code == "131051" &&
				in.Errors[0].Details == "Message type is currently not supported.", in)
		},
	}
	for name, check := range cases {
		t.Run(name, func(t *testing.T) {
			p, _ := f.open(map[string]any{"download_media": false})
			resp, events := handle(t, p, signed(sim.DemoAppSecret, readVector(t, name)))
			if name == "webhook_message_button_template_quick_reply.json" && len(events) == 2 && len(marketingOptOuts(events[1:])) == 1 {
				events = events[:1] // its "Unsubscribe" is a marketing opt-out (TestStopPromotionsButton)
			}
			if resp.StatusCode() != http.StatusOK || len(events) != 1 || events[0].Subject != sdk.SubjectMessageReceived {
				t.Fatalf("status %d, events %+v", resp.StatusCode(), events)
			}
			in := events[0].Payload.(sdk.InboundMessage)
			if events[0].ID != "in:"+in.ProviderMessageID || in.ProviderMessageID == "" {
				t.Errorf("event ID %q for %q", events[0].ID, in.ProviderMessageID)
			}
			check(t, in)
		})
	}
}

func media(typ sdk.MediaType, id, caption, mime string) func(t *testing.T, in sdk.InboundMessage) {
	return func(t *testing.T, in sdk.InboundMessage) {
		m := in.Media
		want(t, in.Type == sdk.InboundMedia && m != nil && m.Type == typ && m.ID == id && m.Caption == caption &&
			in.Text == caption && m.MIMEType == mime, in)
	}
}

// TestStatusVectors normalizes the published statuses and system error.
func TestStatusVectors(t *testing.T) {
	f := newFixture(t, nil, nil)
	_, events := handle(t, f.plugin, signed(sim.DemoAppSecret, readVector(t, "webhook_status_failed_131049.json")))
	u := events[0].Payload.(sdk.StatusUpdate)
	want(t, u.Status == sdk.StatusFailed && u.Recipient == "16505551234" && len(u.Errors) == 1 && u.Errors[0].Code == "131049" &&
		u.Timestamp.Unix() == 1751142888 && events[0].ID == "st:"+u.ProviderMessageID+":failed", u)
	_, events = handle(t, f.plugin, signed(sim.DemoAppSecret, readVector(t, "webhook_status_sent_marketing_with_pricing.json")))
	want(t, len(events) == 1 && events[0].Payload.(sdk.StatusUpdate).Status == sdk.StatusSent, events)
	// Meta's "read" v24 example says "sent" (providers.md §0.5): it is
	// reported as what it says, with no conversation object to need.
	_, events = handle(t, f.plugin, signed(sim.DemoAppSecret, readVector(t, "webhook_status_read_v24_as_published.json")))
	want(t, len(events) == 1 && events[0].Payload.(sdk.StatusUpdate).Status == sdk.StatusSent &&
		events[0].Payload.(sdk.StatusUpdate).Timestamp.Unix() == 1750030073 &&
		events[0].ID == "st:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=:sent", events)
	_, events = handle(t, f.plugin, signed(sim.DemoAppSecret, readVector(t, "webhook_value_errors_130429.json")))
	want(t, len(events) == 1 && events[0].Subject == SubjectError && events[0].Payload.(map[string]string)["code"] == "130429", events)
	// The system-level 130429 holds the number's sends back for a second.
	wait, ok := f.plugin.pace.admit(f.clock.Now(), user)
	want(t, ok && wait == time.Second, wait)
}

// TestWebhookRefusals: bad or missing signatures, wrong methods, bad JSON,
// other numbers, and the verification handshake.
func TestWebhookRefusals(t *testing.T) {
	f := newFixture(t, nil, nil)
	body := readVector(t, "webhook_message_text.json")
	unsigned := signed(sim.DemoAppSecret, body)
	unsigned.Header.Del(SignatureHeader)
	other := []byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"999"},"messages":[{"from":"1","id":"wamid.x","type":"text","text":{"body":"x"}}]}}]}]}`)
	for name, c := range map[string]struct {
		req    sdk.WebhookRequest
		status int
	}{
		"wrong secret":  {signed("other-secret", body), http.StatusUnauthorized},
		"unsigned":      {unsigned, http.StatusUnauthorized},
		"tampered body": {sdk.WebhookRequest{Method: "POST", Header: signed(sim.DemoAppSecret, body).Header, Body: append(body, ' ')}, http.StatusUnauthorized},
		"not json":      {signed(sim.DemoAppSecret, []byte("{")), http.StatusBadRequest},
		"other object":  {signed(sim.DemoAppSecret, []byte(`{"object":"page","entry":[]}`)), http.StatusOK},
		"other number":  {signed(sim.DemoAppSecret, other), http.StatusOK},
		"put":           {sdk.WebhookRequest{Method: http.MethodPut}, http.StatusMethodNotAllowed},
		"verify ok": {sdk.WebhookRequest{Method: "GET", Query: url.Values{"hub.mode": {"subscribe"},
			"hub.verify_token": {sim.DemoVerifyToken}, "hub.challenge": {"42"}}}, http.StatusOK},
		"verify bad token": {sdk.WebhookRequest{Method: "GET", Query: url.Values{"hub.mode": {"subscribe"},
			"hub.verify_token": {"nope"}, "hub.challenge": {"42"}}}, http.StatusForbidden},
	} {
		resp, events := handle(t, f.plugin, c.req)
		if resp.StatusCode() != c.status || len(events) != 0 {
			t.Errorf("%s: status %d, %d events; want %d and none", name, resp.StatusCode(), len(events), c.status)
		}
		sdktest.CheckRefusal(t, name, resp)
	}
	if err := f.sim.VerifyWebhooks(context.Background()); err != nil {
		t.Errorf("the simulator's handshake against the plugin: %v", err)
	}
}

// TestOneOddMessageKeepsTheOthers: a change holding a text and an order
// whose quantity came as a string (the vectors have a number) yields both
// messages, the order as unsupported with the reason, and its status; the
// answer is 200 either way, so nothing lost here would be sent again.
func TestOneOddMessageKeepsTheOthers(t *testing.T) {
	f := newFixture(t, nil, nil)
	p, _ := f.open(map[string]any{"download_media": false})
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
		"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"` + sim.DemoPhoneNumberID + `"},
		"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511987650001"}],
		"messages":[
			{"from":"5511987650001","id":"wamid.BATCH1","timestamp":"1749416383","type":"text","text":{"body":"oi"}},
			{"from":"5511987650001","id":"wamid.BATCH2","timestamp":"1749416384","type":"order",
			 "order":{"catalog_id":"1","product_items":[{"product_retailer_id":"x","quantity":"2","item_price":30,"currency":"BRL"}]}}],
		"statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1749416385","recipient_id":"5511987650001"}]}}]}]}`)
	resp, events := handle(t, p, signed(sim.DemoAppSecret, body))
	if resp.StatusCode() != http.StatusOK || len(events) != 3 {
		t.Fatalf("status %d, %d events: %+v", resp.StatusCode(), len(events), events)
	}
	text, order := events[0].Payload.(sdk.InboundMessage), events[1].Payload.(sdk.InboundMessage)
	want(t, text.ProviderMessageID == "wamid.BATCH1" && text.Type == sdk.InboundText && text.Text == "oi" && text.ContactName == "Ana", text)
	want(t, order.ProviderMessageID == "wamid.BATCH2" && order.Type == sdk.InboundUnsupported && order.From == "5511987650001" &&
		order.Timestamp.Unix() == 1749416384 && len(order.Errors) == 1 && order.Errors[0].Title == "Unreadable order message", order)
	want(t, events[2].Payload.(sdk.StatusUpdate).ProviderMessageID == "wamid.OUT1", events[2])
}

// TestSignatureOverEscapedUnicode: Meta signs its escaped-unicode bytes
// (\u00e7, surrogate pairs, \/), so the signature holds over the raw body
// only: the same payload re-encoded as plain UTF-8 does not verify, and
// the verified one decodes to the text the user typed. End to end, the
// simulator's webhook (sent in that form) arrives as written.
func TestSignatureOverEscapedUnicode(t *testing.T) {
	f := newFixture(t, nil, nil)
	escaped := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",` +
		`"metadata":{"display_phone_number":"15550783881","phone_number_id":"` + sim.DemoPhoneNumberID + `"},` +
		`"contacts":[{"profile":{"name":"Jo\u00e3o"},"wa_id":"` + user + `"}],"messages":[{"from":"` + user + `","id":"wamid.ESC1",` +
		`"timestamp":"1772452800","type":"text","text":{"body":"A\u00e7\u00e3o \ud83d\udc4d https:\/\/x.example\/a"}}]},"field":"messages"}]}]}`)
	var decoded any
	if err := json.Unmarshal(escaped, &decoded); err != nil {
		t.Fatal(err)
	}
	plain, _ := json.Marshal(decoded) // the same payload, as a receiver might re-encode it
	req := signed(sim.DemoAppSecret, escaped)
	resp, events := handle(t, f.plugin, sdk.WebhookRequest{Method: http.MethodPost, Path: "/", Header: req.Header, Body: plain})
	if resp.StatusCode() != http.StatusUnauthorized || len(events) != 0 {
		t.Errorf("re-encoded body: status %d, %d events; want 401 and none", resp.StatusCode(), len(events))
	}
	resp, events = handle(t, f.plugin, req)
	if resp.StatusCode() != http.StatusOK || len(events) != 1 {
		t.Fatalf("escaped body: status %d, events %+v", resp.StatusCode(), events)
	}
	in := events[0].Payload.(sdk.InboundMessage)
	want(t, in.Text == "Ação 👍 https://x.example/a" && in.ContactName == "João", in)

	f.inbound(sim.Inbound{From: user, Name: "Zé", Type: "text", Content: json.RawMessage(`{"body":"Olá, tudo bem? 😀"}`)})
	f.clock.Advance(0)
	got := f.emitted()
	if len(got) != 1 {
		t.Fatalf("%d events from the simulator's webhook", len(got))
	}
	in = got[0].Payload.(sdk.InboundMessage)
	want(t, in.Text == "Olá, tudo bem? 😀" && in.ContactName == "Zé", in)
}

// TestSeveralEntriesAndChanges: Meta batches updates, several entries
// each with several changes. Every "messages" change for this number is
// read, in order; another number's change and other fields are skipped,
// and the whole notification is answered 200.
func TestSeveralEntriesAndChanges(t *testing.T) {
	f := newFixture(t, nil, nil)
	p, _ := f.open(map[string]any{"download_media": false})
	meta := `"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"` + sim.DemoPhoneNumberID + `"}`
	other := `"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"999999999"}`
	body := []byte(`{"object":"whatsapp_business_account","entry":[
		{"id":"` + sim.DemoWABAID + `","changes":[
			{"field":"messages","value":{` + meta + `,"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511987650001"}],
				"messages":[{"from":"5511987650001","id":"wamid.M1","timestamp":"1749416383","type":"text","text":{"body":"um"}}]}},
			{"field":"messages","value":{` + other + `,
				"messages":[{"from":"5511987650002","id":"wamid.OTHER","timestamp":"1749416383","type":"text","text":{"body":"not ours"}}]}},
			{"field":"messages","value":{` + meta + `,
				"statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1749416384","recipient_id":"5511987650001"},
				            {"id":"wamid.S1","status":"read","timestamp":"1749416385","recipient_id":"5511987650001"}]}}]},
		{"id":"` + sim.DemoWABAID + `","changes":[
			{"field":"account_update","value":{"phone_number":"15550783881","event":"VERIFIED_ACCOUNT"}},
			{"field":"messages","value":{` + meta + `,"contacts":[{"profile":{"name":"Bia"},"wa_id":"5511987650003"}],
				"messages":[{"from":"5511987650003","id":"wamid.M2","timestamp":"1749416386","type":"text","text":{"body":"dois"}}],
				"errors":[{"code":131000,"title":"Something went wrong","message":"Something went wrong","error_data":{"details":"x"}}]}}]}]}`)
	resp, events := handle(t, p, signed(sim.DemoAppSecret, body))
	if resp.StatusCode() != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode())
	}
	var got []string
	for _, ev := range events {
		switch x := ev.Payload.(type) {
		case sdk.InboundMessage:
			got = append(got, "in "+x.ProviderMessageID+" "+x.ContactName+" "+x.Text)
		case sdk.StatusUpdate:
			got = append(got, "st "+x.ProviderMessageID+" "+string(x.Status))
		default:
			got = append(got, ev.Subject)
		}
	}
	wantEvents := []string{"in wamid.M1 Ana um", "st wamid.S1 delivered", "st wamid.S1 read", "in wamid.M2 Bia dois", SubjectError}
	if !slices.Equal(got, wantEvents) {
		t.Errorf("events %q, want %q", got, wantEvents)
	}
}
