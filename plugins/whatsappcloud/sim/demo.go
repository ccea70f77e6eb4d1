package sim

import (
	"encoding/json"
	"fmt"
)

// The identifiers of [DefaultConfig], taken from Meta's published examples.
const (
	DemoWABAID        = "102290129340398"
	DemoPhoneNumberID = "106540352242922"
	DemoDisplayNumber = "15550783881"
	DemoAccessToken   = "sim-whatsapp-access-token"
	DemoAppSecret     = "sim-whatsapp-app-secret"
	DemoVerifyToken   = "sim-whatsapp-verify-token"
)

// DefaultConfig is one business account with one number and a few
// templates (positional, named, image header, paused, text header and URL button), ready for the demo
// and for tests; set WebhookURL (and Clock) before use.
func DefaultConfig() Config {
	return Config{
		AppSecret:   DemoAppSecret,
		VerifyToken: DemoVerifyToken,
		Accounts: []BusinessAccount{{
			ID: DemoWABAID, Name: "Master IA Demo", AccessTokens: []string{DemoAccessToken},
			MessagingLimit: Tier250,
			PhoneNumbers: []PhoneNumber{{ID: DemoPhoneNumberID, DisplayPhoneNumber: DemoDisplayNumber,
				VerifiedName: "Master IA Demo"}},
			Templates: demoTemplates(),
		}},
	}
}

func demoTemplates() []Template {
	return []Template{
		{Name: "hello_world", Language: "en_US", Category: "UTILITY", Status: "APPROVED", Quality: "GREEN",
			Components: []TemplateComponent{
				{Type: "HEADER", Format: "TEXT", Text: "Hello World"},
				{Type: "BODY", Text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us."},
				{Type: "FOOTER", Text: "WhatsApp Business Platform sample message"}}},
		{Name: "pedido_confirmado", Language: "pt_BR", Category: "UTILITY", Status: "APPROVED", Quality: "GREEN",
			Components: []TemplateComponent{
				{Type: "BODY", Text: "Olá {{1}}, seu pedido {{2}} foi confirmado.",
					Example: &TemplateExample{BodyText: [][]string{{"Maria", "#1042"}}}},
				{Type: "BUTTONS", Buttons: []TemplateButton{{Type: "QUICK_REPLY", Text: "Falar com atendente"}}}}},
		{Name: "boas_vindas", Language: "pt_BR", Category: "MARKETING", Status: "APPROVED", Quality: "YELLOW",
			Components: []TemplateComponent{
				{Type: "BODY", Text: "Oi {{first_name}}! Temos uma oferta para você: {{offer}}.",
					Example: &TemplateExample{BodyTextNamedParams: []NamedParam{
						{ParamName: "first_name", Example: "Maria"}, {ParamName: "offer", Example: "frete grátis"}}}}}},
		{Name: "promo_imagem", Language: "pt_BR", Category: "MARKETING", Status: "APPROVED", Quality: "GREEN",
			Components: []TemplateComponent{
				{Type: "HEADER", Format: "IMAGE",
					Example: &TemplateExample{HeaderHandle: []string{"https://scontent.whatsapp.net/v/promo_imagem.jpg"}}},
				{Type: "BODY", Text: "Confira a promoção de {{1}}!",
					Example: &TemplateExample{BodyText: [][]string{{"verão"}}}}}},
		{Name: "promo_pausada", Language: "pt_BR", Category: "MARKETING", Status: "PAUSED", Quality: "RED",
			Components: []TemplateComponent{{Type: "BODY", Text: "Promoção"}}},
		{Name: "promo_desativada", Language: "pt_BR", Category: "MARKETING", Status: "DISABLED", Quality: "RED",
			Components: []TemplateComponent{{Type: "BODY", Text: "Promoção antiga"}}},
		{Name: "pedido_enviado", Language: "pt_BR", Category: "UTILITY", Status: "APPROVED", Quality: "GREEN",
			Components: []TemplateComponent{
				{Type: "HEADER", Format: "TEXT", Text: "Pedido {{1}} a caminho",
					Example: &TemplateExample{HeaderText: []string{"#1042"}}},
				{Type: "BODY", Text: "Olá {{1}}, seu pedido saiu para entrega e chega em até {{2}} dias úteis.",
					Example: &TemplateExample{BodyText: [][]string{{"Maria", "3"}}}},
				{Type: "BUTTONS", Buttons: []TemplateButton{
					{Type: "URL", Text: "Rastrear pedido", URL: "https://loja.example.com.br/rastreio/{{1}}",
						Example: []string{"https://loja.example.com.br/rastreio/BR1042"}},
					{Type: "QUICK_REPLY", Text: "Falar com atendente"}}}}},
	}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sim: %v", err))
	}
	return b
}

// InboundText is a text message from a user.
func InboundText(from, body string) Inbound {
	return Inbound{From: from, Type: "text", Text: body}
}

// InboundButtonReply is a tap on a reply button of the business message
// contextID.
func InboundButtonReply(from, contextID, id, title string) Inbound {
	return Inbound{From: from, Type: "interactive",
		Context: mustJSON(map[string]string{"id": contextID}),
		Content: mustJSON(map[string]any{"type": "button_reply",
			"button_reply": map[string]string{"id": id, "title": title}})}
}

// InboundListReply is a choice from the list message contextID.
func InboundListReply(from, contextID, id, title, description string) Inbound {
	return Inbound{From: from, Type: "interactive",
		Context: mustJSON(map[string]string{"id": contextID}),
		Content: mustJSON(map[string]any{"type": "list_reply",
			"list_reply": map[string]string{"id": id, "title": title, "description": description}})}
}

// InboundReaction is an emoji reaction to the message messageID.
func InboundReaction(from, messageID, emoji string) Inbound {
	return Inbound{From: from, Type: "reaction",
		Content: mustJSON(map[string]string{"message_id": messageID, "emoji": emoji})}
}

// InboundLocation is a shared location.
func InboundLocation(from string, latitude, longitude float64, name, address string) Inbound {
	return Inbound{From: from, Type: "location", Content: mustJSON(map[string]any{
		"latitude": latitude, "longitude": longitude, "name": name, "address": address})}
}

// InboundMedia is an image, audio, video, document or sticker message whose
// bytes the business can download through the media endpoints.
func InboundMedia(from, typ string, data []byte, mimeType, caption string) Inbound {
	return Inbound{From: from, Type: typ, Media: data, MediaType: mimeType, Text: caption}
}
