package sim

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestInboundWebhook(t *testing.T) {
	f := newFixture(t, nil)
	sid, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "Quero um orçamento",
		MediaURLs: []string{"https://media.example/a.jpg"}, MediaTypes: []string{"image/jpeg"}})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	hooks := f.hooks.hooks("/sms")
	if len(hooks) != 1 {
		t.Fatalf("%d inbound webhooks", len(hooks))
	}
	p := hooks[0].params
	want := map[string]string{"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "AccountSid": DemoAccountSID,
		"From": handset, "To": DemoNumber, "Body": "Quero um orçamento", "NumMedia": "1", "NumSegments": "1",
		"ApiVersion": "2010-04-01", "FromCountry": "BR", "ToCountry": "US", "SmsStatus": "received",
		"MediaUrl0": "https://media.example/a.jpg", "MediaContentType0": "image/jpeg"}
	for k, v := range want {
		if p.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, p.Get(k), v)
		}
	}
	if sid[:2] != "MM" || p.Has("OptOutType") {
		t.Fatalf("sid %s, params %v", sid, p)
	}
	if got := f.sim.Received(); len(got) != 1 || got[0].Direction != "inbound" {
		t.Fatalf("received %+v", got)
	}
}

func TestAdvancedOptOut(t *testing.T) {
	f := newFixture(t, nil)
	inbound := func(to, body string) {
		if _, err := f.sim.InjectInbound(Inbound{From: handset, To: to, Body: body}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
	}
	inbound(DemoNumber, " stop ")
	hooks := f.hooks.hooks("/sms")
	if hooks[len(hooks)-1].params.Get("OptOutType") != "STOP" {
		t.Fatalf("STOP webhook lacks OptOutType: %v", hooks[len(hooks)-1].params)
	}
	status, body := f.create(f.sms("promo"))
	assertAPIError(t, status, body, 400, 21610)
	if _, err := f.sim.InjectInbound(Inbound{From: "+5511900000000", To: DemoNumber, Body: "oi"}); err != nil {
		t.Fatal(err)
	}
	other := url.Values{"From": {DemoNumber}, "To": {"+5511900000000"}, "Body": {"x"}}
	if status, _ := f.create(other); status != 201 {
		t.Fatalf("another handset is not opted out: %d", status)
	}
	inbound(DemoNumber, "START")
	if status, _ := f.create(f.sms("de volta")); status != 201 {
		t.Fatalf("after START: %d", status)
	}

	// A STOP to one number of a service opts out of the whole service.
	inbound(DemoPoolNumber2, "UNSUBSCRIBE")
	status, body = f.create(url.Values{"MessagingServiceSid": {DemoServiceSID}, "To": {handset}, "Body": {"x"}})
	assertAPIError(t, status, body, 400, 21610)
	status, body = f.create(url.Values{"From": {DemoPoolNumber1}, "To": {handset}, "Body": {"x"}})
	assertAPIError(t, status, body, 400, 21610)
}

func TestCustomOptOutKeywords(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.OptOutKeywords = append(append([]string{}, defaultOptOut...), "SAIR", "PARAR", "CANCELAR")
	})
	if _, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "Sair"}); err != nil {
		t.Fatal(err)
	}
	status, body := f.create(f.sms("x"))
	assertAPIError(t, status, body, 400, 21610)
}

func TestTwiMLReplyIsSent(t *testing.T) {
	f := newFixture(t, nil)
	f.hooks.reply = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Olá! Já te respondo.</Message></Response>`
	if _, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "oi"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	got := f.sim.Messages(Filter{To: handset})
	if len(got) != 1 || got[0].Direction != "outbound-reply" || got[0].Body != "Olá! Já te respondo." ||
		got[0].From != DemoNumber || got[0].Status != "delivered" {
		t.Fatalf("TwiML reply: %+v", got)
	}
}

func TestAutoReplyPlaysTheHandset(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.AutoReply = func(m Message) []Inbound { return []Inbound{{Body: "Recebi: " + m.Body}} }
	})
	f.mustCreate(f.sms("Seu pedido saiu"))
	f.clock.Advance(time.Minute)
	got := f.sim.Received()
	if len(got) != 1 || got[0].From != handset || got[0].To != DemoNumber || got[0].Body != "Recebi: Seu pedido saiu" {
		t.Fatalf("received %+v", got)
	}
	if len(f.hooks.hooks("/sms")) != 1 {
		t.Fatal("the reply was not posted to the SMS URL")
	}
}

func TestInboundRejectsBadInput(t *testing.T) {
	f := newFixture(t, nil)
	eleven := make([]MediaFile, 11)
	for i := range eleven {
		eleven[i] = MediaFile{ContentType: "image/png", Data: pngBytes}
	}
	for _, in := range []Inbound{{From: "5511", Body: "x"}, {From: handset, To: "+15550000000", Body: "x"},
		{From: handset, Media: eleven}, {From: handset, Media: []MediaFile{{ContentType: "image/png"}}}} {
		if _, err := f.sim.InjectInbound(in); err == nil {
			t.Errorf("InjectInbound(%+v) succeeded", in)
		}
	}
}

// TestInboundWithoutSMSURLIsRefused: with no SMS URL on the number, POST
// /_sim/inbound answers 409 saying how to set one, and records nothing.
func TestInboundWithoutSMSURLIsRefused(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		for i := range c.Accounts[0].PhoneNumbers {
			c.Accounts[0].PhoneNumbers[i].SMSURL = ""
		}
	})
	status, body := postJSON(t, f.api.URL+"/_sim/inbound", `{"from":"`+handset+`","body":"oi"}`)
	if status != 409 || !strings.Contains(body, `"code":"no_webhook"`) || !strings.Contains(body, "--twilio-inbound") {
		t.Fatalf("%d %s", status, body)
	}
	if len(f.sim.Received()) != 0 || len(f.sim.Callbacks()) != 0 {
		t.Fatalf("recorded: %v %v", f.sim.Received(), f.sim.Callbacks())
	}
}

// TestTwiMLVectorsAreActedOn answers an inbound message with each of the
// published messaging TwiML strings and checks what the simulator sends
// back, as Twilio would: nothing for an empty <Response />, the <Message>
// text (a <Redirect> beside it fetches no more here), and an MMS for a
// <Message> holding <Media>.
func TestTwiMLVectorsAreActedOn(t *testing.T) {
	var v struct {
		Cases []struct {
			Source string `json:"source"`
			XML    string `json:"expected_xml"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(readVector(t, "twiml_serialization_vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		body  string
		media []string
	}{
		"test_messaging_response.py::test_empty_response": {},
		"test_messaging_response.py::test_response":       {body: "Hello"},
		"test_messaging_response.py::test_nested_verbs":   {body: "Hello", media: []string{"example.com"}},
	}
	seen := 0
	for _, c := range v.Cases {
		name := c.Source[strings.LastIndex(c.Source, "/")+1:]
		w, ok := want[name]
		if !ok {
			continue // voice TwiML
		}
		seen++
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.hooks.reply = c.XML
			if _, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "oi"}); err != nil {
				t.Fatal(err)
			}
			f.clock.Advance(time.Minute)
			got := f.sim.Messages(Filter{To: handset})
			if w.body == "" {
				if len(got) != 0 {
					t.Fatalf("an empty response sent %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Body != w.body || !slices.Equal(got[0].MediaURLs, w.media) ||
				got[0].Direction != "outbound-reply" || (len(w.media) > 0) != strings.HasPrefix(got[0].SID, "MM") {
				t.Fatalf("reply %+v, want body %q, media %v", got, w.body, w.media)
			}
		})
	}
	if seen != len(want) {
		t.Fatalf("%d messaging vectors, want %d", seen, len(want))
	}
}
