package crmflow

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/crm/kanban"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
)

func TestTheFlowStepsChangeTheCRM(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ten, _ := storetest.Seed(t, st, "acme")
	w := New(st)
	r, err := w.Inbox.Receive(ctx, ten.ID, inbox.Inbound{ConnectionID: "conn", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.1", From: "5511987654321", ContactName: "maria souza", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	id := r.Contact.ID
	must(t, w.TagContact(ctx, ten.ID, id, "lead-quente", true))
	must(t, w.UpdateContact(ctx, ten.ID, id, map[string]any{"first_name": "Maria", "email": "maria@example.com"}))
	c, _ := w.Contacts.Get(ctx, crm.System(ten.ID), id)
	if c.Name != "Maria souza" || c.Email != "maria@example.com" || len(c.Tags) != 1 {
		t.Fatalf("contact: %+v", c)
	}
	if err := w.UpdateContact(ctx, ten.ID, id, map[string]any{"email": "not an email"}); sdkClass(err) != sdk.ClassPermanent {
		t.Fatalf("bad input should be permanent: %v", err)
	}
	if _, err := kanban.New(st).CreateBoard(ctx, crm.System(ten.ID), kanban.BoardInput{Name: "Vendas", Stages: []string{"Novo", "Qualificado"}}); err != nil {
		t.Fatal(err)
	}
	out, err := w.MoveCard(ctx, ten.ID, id, "Vendas", "Qualificado")
	if err != nil || out["created"] != true || out["stage"] != "Qualificado" {
		t.Fatalf("move: %v %v", out, err)
	}
	if _, err := w.MoveCard(ctx, ten.ID, id, "Vendas", "Perdido"); sdkClass(err) != sdk.ClassPermanent {
		t.Fatalf("unknown stage should be permanent: %v", err)
	}
	must(t, w.Handoff(ctx, ten.ID, id, map[string]any{"note": "quer falar com humano"}))
	conv, _ := w.Inbox.Get(ctx, crm.System(ten.ID), r.Conversation.ID)
	if conv.Handler != inbox.HandlerHuman {
		t.Fatalf("handoff: %+v", conv)
	}
	if err := w.Handoff(ctx, ten.ID, "con_nobody", nil); sdkClass(err) != sdk.ClassPermanent {
		t.Fatalf("no conversation: %v", err)
	}
}

func sdkClass(err error) sdk.Class {
	c, _, _ := sdk.ClassOf(err)
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
