package main

import (
	"bytes"
	"image/jpeg"
	"testing"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
)

// TestCustomersAnswer: what a simulated customer says follows what they
// read and their number's last digit, a thank-you comes once, and nobody
// answers more than maxReplies times.
func TestCustomersAnswer(t *testing.T) {
	c := newCustomers()
	for _, tc := range []struct {
		number, body string
		template     bool
		channel      string
		want         string
	}{
		{"5511987650001", "Olá! Como posso ajudar?\n1. Pedidos", false, "whatsapp", "1"},
		{"5521987650002", "Olá! Como posso ajudar?", false, "whatsapp", "2"},
		{"5511900000010", "", true, "whatsapp", "Quero saber mais!"},
		{"5511900000014", "", true, "whatsapp", "Qual o preço?"},
		{"5511900000016", "", true, "whatsapp", "Não tenho interesse, obrigado."},
		{"5511900000019", "", true, "whatsapp", ""},
		{"+5511900000021", "Promoção de sábado", false, "sms", "Tenho interesse, pode me ligar?"},
		{"+5511900000023", "Promoção de sábado", false, "sms", "SAIR"},
		{"+5511900000024", "Promoção de sábado", false, "sms", smsPhotoCaption},
		{"+5511900000028", "Promoção de sábado", false, "sms", ""},
		{"5511900000031", "Seu pedido saiu para entrega", false, "whatsapp", "Obrigado! 👍"},
		{"5511900000031", "Chega amanhã", false, "whatsapp", ""}, // thanked already
	} {
		if got := c.answer(tc.number, tc.body, tc.template, tc.channel); got != tc.want {
			t.Errorf("%s reading %q (template %v, %s) says %q, want %q", tc.number, tc.body, tc.template, tc.channel, got, tc.want)
		}
	}
	said := 0
	for range maxReplies + 3 {
		if c.answer("5511900000040", "Como posso ajudar?", false, "whatsapp") != "" {
			said++
		}
	}
	if said != maxReplies {
		t.Fatalf("a customer answered the menu %d times, want at most %d", said, maxReplies)
	}
}

// TestCustomersTextAPhoto: an SMS customer whose number ends in 4 answers
// with an MMS, one JPEG photo under the caption, from their number to the
// sender; the others answer with text alone.
func TestCustomersTextAPhoto(t *testing.T) {
	c := newCustomers()
	got := c.sms(twiliosim.Message{From: twiliosim.DemoNumber, To: "+5511900000024", Body: "Promoção de sábado"})
	if len(got) != 1 || got[0].From != "+5511900000024" || got[0].To != twiliosim.DemoNumber || got[0].Body != smsPhotoCaption ||
		len(got[0].Media) != 1 || got[0].Media[0].ContentType != "image/jpeg" {
		t.Fatalf("the answer: %+v", got)
	}
	if _, err := jpeg.Decode(bytes.NewReader(got[0].Media[0].Data)); err != nil {
		t.Fatalf("the photo is no JPEG: %v", err)
	}
	if text := c.sms(twiliosim.Message{From: twiliosim.DemoNumber, To: "+5511900000021", Body: "Promoção de sábado"}); len(text) != 1 || text[0].Media != nil {
		t.Fatalf("an interested customer's answer: %+v", text)
	}
}
