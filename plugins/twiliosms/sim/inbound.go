package sim

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Inbound is a message a simulated handset sends to a Twilio number. The
// simulator posts it, signed, to the number's SMS URL (or its Messaging
// Service's inbound URL) and applies Advanced Opt-Out keywords.
type Inbound struct {
	From string `json:"from"`           // the handset, E.164
	To   string `json:"to,omitempty"`   // the Twilio number; default the first configured
	Body string `json:"body,omitempty"` // text
	// Media are the files of an MMS, served as Twilio serves them: at
	// /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}
	// on [Config.PublicURL], behind the API's Basic auth.
	Media []MediaFile `json:"media,omitempty"`
	// MediaURLs are links put in the webhook as they are, after Media's,
	// with MediaTypes as their content types; the simulator serves nothing
	// at them.
	MediaURLs  []string `json:"media_urls,omitempty"`
	MediaTypes []string `json:"media_types,omitempty"`
}

// countries maps calling codes to the ISO codes of FromCountry/ToCountry.
var countries = []struct{ prefix, iso string }{{"+55", "BR"}, {"+1", "US"}, {"+44", "GB"},
	{"+351", "PT"}, {"+54", "AR"}, {"+52", "MX"}, {"+34", "ES"}}

func countryOf(n string) string {
	for _, c := range countries {
		if strings.HasPrefix(n, c.prefix) {
			return c.iso
		}
	}
	return ""
}

// InjectInbound delivers a message from a simulated handset and returns its
// SID. STOP (and the other opt-out keywords) makes later sends from that
// sender or service to the handset fail with 21610 until START.
func (s *Server) InjectInbound(in Inbound) (string, error) {
	if !e164.MatchString(in.From) {
		return "", fmt.Errorf("sim: inbound From %q is not an E.164 number", in.From)
	}
	if err := checkMedia(in); err != nil {
		return "", err
	}
	if strings.TrimSpace(in.Body) == "" && len(in.Media)+len(in.MediaURLs) == 0 {
		return "", errors.New(`sim: an inbound message needs its text in "body" (or media in "media" or "media_urls"); a handset sends no empty SMS`)
	}
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	snd := s.reg.senders[in.To]
	if in.To == "" && len(s.reg.order) > 0 {
		snd = s.reg.order[0]
	}
	if snd == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("sim: %q is not a configured Twilio number", in.To)
	}
	optType := s.applyKeywords(snd, in)
	m := &Message{SID: s.ids.sid(sidPrefix(len(in.Media) + len(in.MediaURLs))),
		AccountSID: snd.acct.SID, From: in.From, To: snd.Number, Body: in.Body,
		NumSegments: Segments(in.Body), Direction: "inbound", Status: "received", CreatedAt: now,
		History: []StatusChange{{"received", now}}}
	urls, types := s.hostMedia(m, in.Media)
	m.MediaURLs = append(urls, in.MediaURLs...)
	if len(snd.services) > 0 {
		m.MessagingServiceSID = snd.services[0].SID
	}
	s.record(m)
	target, method := inboundURL(snd)
	token := snd.acct.AuthToken
	s.mu.Unlock()
	if target != "" {
		s.post(callback{kind: "inbound", url: target, method: method, token: token, messageSID: m.SID,
			params: inboundParams(m, append(types, in.MediaTypes...), optType), onReply: func(b []byte) { s.replyWithTwiML(m, b) }})
	}
	return m.SID, nil
}

// inboundURL is where and how a message to snd is delivered, as Twilio
// routes it: a number in a Messaging Service follows the service's inbound
// request URL (none: the message is dropped), unless the service defers to
// its numbers' own URLs (use_inbound_webhook_on_number), when the number's
// SMS URL wins; if the number has none, the service's is used [K: Twilio
// documents only that the number's URL "overrides" the service's]. A
// number in no service uses its SMS URL.
func inboundURL(snd *sender) (target, method string) {
	if len(snd.services) == 0 {
		return snd.SMSURL, snd.method()
	}
	svc := snd.services[0] // Twilio puts a number in one service at most
	if svc.UseInboundWebhookOnNumber && snd.SMSURL != "" {
		return snd.SMSURL, snd.method()
	}
	return svc.InboundRequestURL, svc.inboundMethod()
}

// applyKeywords records opt-out and opt-in keywords and returns the
// OptOutType Twilio adds to the webhook. Called with s.mu held.
func (s *Server) applyKeywords(snd *sender, in Inbound) string {
	key := optOutScope(snd, in.From)
	switch {
	case matchKeyword(in.Body, s.cfg.OptOutKeywords):
		s.st.optOuts[key] = true
		return "STOP"
	case matchKeyword(in.Body, s.cfg.OptInKeywords):
		delete(s.st.optOuts, key)
		return "START"
	case matchKeyword(in.Body, s.cfg.HelpKeywords):
		return "HELP"
	}
	return ""
}

// inboundParams are the form fields of an incoming-message webhook; types
// are the content types of m's media, in order.
func inboundParams(m *Message, types []string, optType string) url.Values {
	v := url.Values{"AccountSid": {m.AccountSID}, "ApiVersion": {"2010-04-01"}, "Body": {m.Body},
		"From": {m.From}, "FromCity": {""}, "FromCountry": {countryOf(m.From)}, "FromState": {""},
		"FromZip": {""}, "MessageSid": {m.SID}, "NumMedia": {strconv.Itoa(len(m.MediaURLs))},
		"NumSegments": {strconv.Itoa(m.NumSegments)}, "SmsMessageSid": {m.SID}, "SmsSid": {m.SID},
		"SmsStatus": {"received"}, "To": {m.To}, "ToCity": {""}, "ToCountry": {countryOf(m.To)},
		"ToState": {""}, "ToZip": {""}}
	if m.MessagingServiceSID != "" {
		v.Set("MessagingServiceSid", m.MessagingServiceSID)
	}
	if optType != "" {
		v.Set("OptOutType", optType)
	}
	for i, u := range m.MediaURLs {
		v.Set("MediaUrl"+strconv.Itoa(i), u)
		if i < len(types) {
			v.Set("MediaContentType"+strconv.Itoa(i), types[i])
		}
	}
	return v
}

// twiml is the part of a TwiML messaging response the simulator acts on.
type twiml struct {
	Messages []struct {
		To    string   `xml:"to,attr"`
		Text  string   `xml:",chardata"`
		Body  string   `xml:"Body"`
		Media []string `xml:"Media"`
	} `xml:"Message"`
}

// replyWithTwiML sends the <Message> replies of the application's TwiML
// answer to an inbound message, as Twilio does: an MMS for a <Message>
// holding <Media>. Other verbs (<Redirect>) are not followed.
func (s *Server) replyWithTwiML(in *Message, body []byte) {
	var doc twiml
	if xml.Unmarshal(body, &doc) != nil {
		return
	}
	for _, msg := range doc.Messages {
		text := strings.TrimSpace(msg.Text + msg.Body)
		to := in.From
		if msg.To != "" {
			to = msg.To
		}
		s.mu.Lock()
		var media []string
		for _, u := range msg.Media {
			if u = strings.TrimSpace(u); u != "" {
				media = append(media, u)
			}
		}
		m, p := s.admitReply(in, to, text, media)
		s.mu.Unlock()
		if m != nil {
			s.schedule(m, p)
		}
	}
}

// admitReply records a TwiML reply as an outbound-reply message. Called
// with s.mu held.
func (s *Server) admitReply(in *Message, to, text string, media []string) (*Message, *plan) {
	snd := s.reg.senders[in.To]
	if snd == nil || (text == "" && len(media) == 0) || !e164.MatchString(to) || s.optedOut(snd, nil, to) {
		return nil, nil
	}
	now := s.cfg.Clock.Now()
	segments := Segments(text)
	if len(media) > 0 {
		segments = 1 // as create counts an MMS
	}
	p, e := s.reserve(snd, nil, segments, 0, now)
	if e != nil {
		return nil, nil
	}
	p.failCode = s.recipients[to].ErrorCode
	m := &Message{SID: s.ids.sid(sidPrefix(len(media))), AccountSID: in.AccountSID, From: snd.Number, To: to, Body: text,
		MediaURLs: media, NumSegments: segments, Direction: "outbound-reply", Status: "queued", CreatedAt: now,
		History: []StatusChange{{"queued", now}}}
	s.record(m)
	return m, p
}

// autoReply lets Config.AutoReply answer a delivered message.
func (s *Server) autoReply(m Message) {
	if s.cfg.AutoReply == nil || m.Direction == "inbound" {
		return
	}
	for _, in := range s.cfg.AutoReply(m) {
		if in.From == "" {
			in.From = m.To
		}
		if in.To == "" {
			in.To = m.From
		}
		s.sched.After(s.cfg.Progression.Reply, func() { _, _ = s.InjectInbound(in) })
	}
}
