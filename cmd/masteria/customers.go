package main

import (
	"strings"

	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// demoCustomers write to the demo's WhatsApp number on its first start, so
// the inbox and the flow runs have something to show.
var demoCustomers = []wasim.Inbound{
	{From: "5511987650001", Name: "Ana Souza", Text: "menu"},
	{From: "5521987650002", Name: "Bruno Lima", Text: "menu"},
	{From: "5531987650003", Name: "Carla Dias", Text: "Olá, vocês entregam em BH?"},
}

// customerReplies plays the simulated customers: once they read the support
// menu they pick an option (the last digit of their number decides which).
func customerReplies(m wasim.Message) []wasim.Inbound {
	if !strings.Contains(m.Body, "Como posso ajudar?") {
		return nil
	}
	choice := "1"
	if strings.HasSuffix(m.WaID, "2") {
		choice = "2"
	}
	return []wasim.Inbound{{From: m.WaID, Text: choice}}
}
