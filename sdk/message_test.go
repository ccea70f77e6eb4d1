package sdk

import (
	"strings"
	"testing"
)

func TestOutboundMessageValidate(t *testing.T) {
	tests := []struct {
		name string
		msg  OutboundMessage
		want string // substring of the error, "" for valid
	}{
		{"text", OutboundMessage{To: "+1", Kind: KindText, Text: "oi"}, ""},
		{"text empty", OutboundMessage{To: "+1", Kind: KindText}, "needs text"},
		{"no recipient", OutboundMessage{Kind: KindText, Text: "oi"}, "recipient"},
		{"template", OutboundMessage{To: "+1", Kind: KindTemplate, Template: &Template{Name: "promo", Language: "pt_BR"}}, ""},
		{"template no language", OutboundMessage{To: "+1", Kind: KindTemplate, Template: &Template{Name: "promo"}}, "language"},
		{"media by id", OutboundMessage{To: "+1", Kind: KindMedia, Media: &Media{Type: MediaImage, ID: "9"}}, ""},
		{"media stored", OutboundMessage{To: "+1", Kind: KindMedia, Media: &Media{Type: MediaDocument, BlobID: "blb_1"}}, ""},
		{"media empty", OutboundMessage{To: "+1", Kind: KindMedia, Media: &Media{Type: MediaImage}}, "a link, an ID or a stored file"},
		{"interactive", OutboundMessage{To: "+1", Kind: KindInteractive, Interactive: &Interactive{Type: "button", Body: "?"}}, ""},
		{"reaction", OutboundMessage{To: "+1", Kind: KindReaction, Emoji: "👍", ReplyTo: "wamid.1"}, ""},
		{"read without target", OutboundMessage{To: "+1", Kind: KindRead}, "reply_to"},
		{"unknown kind", OutboundMessage{To: "+1", Kind: "fax"}, "not a known kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.msg.Validate()
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestKindCapability(t *testing.T) {
	spec := ChannelSpec{Name: "sms", Capabilities: []Capability{CapText}}
	if !spec.Supports(KindText.Capability()) || spec.Supports(KindReaction.Capability()) {
		t.Error("capability mapping is wrong")
	}
}

func TestEventIDs(t *testing.T) {
	in := MessageReceived(InboundMessage{ProviderMessageID: "wamid.1"})
	st := MessageStatus(StatusUpdate{ProviderMessageID: "wamid.1", Status: StatusRead})
	if in.Subject != SubjectMessageReceived || in.ID != "in:wamid.1" {
		t.Errorf("received = %+v", in)
	}
	if st.Subject != SubjectMessageStatus || st.ID != "st:wamid.1:read" {
		t.Errorf("status = %+v", st)
	}
}
