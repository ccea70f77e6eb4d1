package main

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"sync"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// demoCustomers write to the demo's WhatsApp number on its first start, so
// the inbox and the flow runs have something to show.
var demoCustomers = []wasim.Inbound{
	{From: "5511987650001", Name: "Ana Souza", Text: "menu"},
	{From: "5521987650002", Name: "Bruno Lima", Text: "menu"},
	{From: "5531987650003", Name: "Carla Dias", Text: "Olá, vocês entregam em BH?"},
}

// demoTexters write to the demo's SMS number on its first start.
var demoTexters = []twiliosim.Inbound{
	{From: "+5511987650004", Body: "Oi! Vocês abrem no sábado?"},
	{From: "+5541987650005", Body: "Recebi o cupom por SMS, ainda vale?"},
}

// maxReplies bounds how often one simulated customer answers, so a bot
// that answers every message cannot loop with them.
const maxReplies = 4

// customers play the people on the other end of the simulators. What a
// customer says depends on what they read and on the last digit of their
// number, so a demo or a test sees the same conversation every time:
//   - the support menu ("Como posso ajudar?"): they pick option 1, or 2
//     when their number ends in 2;
//   - a campaign's WhatsApp template: digits 0–3 ask for more, 4–5 ask the
//     price, 6 declines, the rest stay silent;
//   - an SMS: digits 0–2 show interest, 3 texts SAIR (an opt-out), 4 sends
//     a photo (an MMS), the rest stay silent;
//   - anything else (an agent's or a bot's text): a short thank-you, once.
type customers struct {
	mu      sync.Mutex
	replies map[string]int // by number
	thanked map[string]bool
}

func newCustomers() *customers {
	return &customers{replies: map[string]int{}, thanked: map[string]bool{}}
}

// whatsapp answers a message the customer has read.
func (c *customers) whatsapp(m wasim.Message) []wasim.Inbound {
	text := c.answer(m.WaID, m.Body, m.Template != nil, "whatsapp")
	if text == "" {
		return nil
	}
	return []wasim.Inbound{{From: m.WaID, Text: text}}
}

// sms answers a delivered SMS; the photo answer is an MMS, its picture
// hosted by the simulator at a Twilio media URL.
func (c *customers) sms(m twiliosim.Message) []twiliosim.Inbound {
	text := c.answer(m.To, m.Body, false, "sms")
	if text == "" {
		return nil
	}
	in := twiliosim.Inbound{From: m.To, To: m.From, Body: text}
	if text == smsPhotoCaption {
		in.Media = []twiliosim.MediaFile{{ContentType: "image/jpeg", Data: customerPhoto()}}
	}
	return []twiliosim.Inbound{in}
}

// smsPhotoCaption goes with the photo an SMS customer texts back.
const smsPhotoCaption = "Quero este, tem em estoque? Segue a foto."

// customerPhoto is the photo simulated customers text: a small JPEG,
// drawn once.
var customerPhoto = sync.OnceValue(func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for y := range 120 {
		for x := range 160 {
			img.Set(x, y, color.RGBA{R: uint8(60 + x), G: uint8(90 + y), B: 140, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		panic(err) // encoding an in-memory image into a buffer does not fail
	}
	return b.Bytes()
})

// answer is what the customer at number says to body, or "" for silence.
func (c *customers) answer(number, body string, template bool, channel string) string {
	digit := byte('0')
	if number != "" {
		digit = number[len(number)-1]
	}
	var text string
	switch {
	case strings.Contains(body, "Como posso ajudar?"):
		text = "1"
		if digit == '2' {
			text = "2"
		}
	case template:
		text = pick(digit, map[string]string{"0123": "Quero saber mais!", "45": "Qual o preço?", "6": "Não tenho interesse, obrigado."})
	case channel == "sms":
		text = pick(digit, map[string]string{"012": "Tenho interesse, pode me ligar?", "3": "SAIR", "4": smsPhotoCaption})
	default:
		c.mu.Lock()
		thanked := c.thanked[number]
		c.thanked[number] = true
		c.mu.Unlock()
		if !thanked {
			text = "Obrigado! 👍"
		}
	}
	if text == "" {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.replies[number] >= maxReplies {
		return ""
	}
	c.replies[number]++
	return text
}

// pick is the answer whose digits hold digit.
func pick(digit byte, answers map[string]string) string {
	for digits, text := range answers {
		if strings.IndexByte(digits, digit) >= 0 {
			return text
		}
	}
	return ""
}
