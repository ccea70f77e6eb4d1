package inbox

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestSinkRoutesChannelEvents: the plugin host's sink sends inbound
// messages and statuses of inbox messages through the inbox, and forwards
// the rest untouched.
func TestSinkRoutesChannelEvents(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	var forwarded []string
	sink := s.Sink(nil, func(_ context.Context, _ store.Connection, subject string, _ []byte, _ string) error {
		forwarded = append(forwarded, subject)
		return nil
	})
	conn := store.Connection{ID: "conn_1", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	raw, _ := json.Marshal(sdk.InboundMessage{ProviderMessageID: "wamid.1", From: "551187654321", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()})
	must(t, sink(ctx, conn, "message.received", raw, "m1"))
	must(t, sink(ctx, conn, "message.received", raw, "m1")) // a redelivery: stored once
	convs, _, _ := s.List(ctx, p, store.ConversationFilter{})
	if len(convs) != 1 || convs[0].Channel != "whatsapp" || convs[0].ConnectionID != "conn_1" || convs[0].Unread != 1 {
		t.Fatalf("inbound via sink: %+v", convs)
	}
	campaign, _ := json.Marshal(sdk.StatusUpdate{ProviderMessageID: "wamid.campaign", Status: sdk.StatusDelivered})
	must(t, sink(ctx, conn, "message.status", campaign, "s1"))
	must(t, sink(ctx, conn, "call.ended", []byte(`{}`), "c1"))
	if len(forwarded) != 2 || forwarded[0] != "message.status" || forwarded[1] != "call.ended" {
		t.Fatalf("forwarded: %v", forwarded)
	}
	if err := sink(ctx, conn, "message.received", []byte(`{"provider_message_id": 5}`), "bad"); err == nil {
		t.Fatal("a malformed payload was accepted")
	}
}

// TestInboundMediaKeepsItsBlob: the blob a channel plugin stored for
// inbound media is recorded on the message, for the dashboard to link.
func TestInboundMediaKeepsItsBlob(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_1", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	raw, _ := json.Marshal(sdk.InboundMessage{ProviderMessageID: "wamid.img", From: "551187654321", Type: sdk.InboundMedia,
		Text: "foto", Timestamp: time.Now(), Media: &sdk.Media{Type: sdk.MediaImage, ID: "1003", MIMEType: "image/jpeg",
			Caption: "foto", BlobID: "blb_01m8ab6z1bvgtkafr9hd9y37h5"}})
	must(t, sink(ctx, conn, "message.received", raw, "m1"))
	convs, _, _ := s.List(ctx, p, store.ConversationFilter{})
	if len(convs) != 1 {
		t.Fatalf("conversations: %+v", convs)
	}
	msgs, _, err := s.Messages(ctx, p, convs[0].ID, store.Page{})
	if err != nil || len(msgs) != 1 || msgs[0].Media == nil || msgs[0].Media.BlobID != "blb_01m8ab6z1bvgtkafr9hd9y37h5" {
		t.Fatalf("messages: %+v %v", msgs, err)
	}
}

// deletedFiles records the files the inbox deletes.
type deletedFiles []string

func (d *deletedFiles) Delete(_ context.Context, tenantID, id string) error {
	*d = append(*d, tenantID+"/"+id)
	return nil
}

// TestRedeliveredMediaDropsItsCopy: a channel downloads media again for a
// redelivered message; the inbox keeps the first delivery's file and
// deletes the new copy, and never a file a message keeps.
func TestRedeliveredMediaDropsItsCopy(t *testing.T) {
	s, p := newService(t)
	var deleted deletedFiles
	s.Files = &deleted
	ctx := context.Background()
	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_1", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	deliver := func(blobID string) {
		t.Helper()
		raw, _ := json.Marshal(sdk.InboundMessage{ProviderMessageID: "wamid.img", From: "551187654321", Type: sdk.InboundMedia,
			Timestamp: time.Now(), Media: &sdk.Media{Type: sdk.MediaImage, ID: "1003", MIMEType: "image/jpeg", BlobID: blobID}})
		must(t, sink(ctx, conn, "message.received", raw, "m1"))
	}
	deliver("blb_first0000000000000000000")
	deliver("blb_first0000000000000000000") // the same file: nothing to drop
	deliver("blb_second000000000000000000")
	if len(deleted) != 1 || deleted[0] != p.TenantID+"/blb_second000000000000000000" {
		t.Fatalf("deleted %v, want only the second copy", deleted)
	}
}
