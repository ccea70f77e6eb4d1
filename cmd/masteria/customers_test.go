package main

import "testing"

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
