package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

func TestContactsScenario(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	k := ws.APIKey
	events := dialStream(t, h.base, k)
	time.Sleep(50 * time.Millisecond)

	if r := h.do("PUT", "/api/v1/contact-fields", k, map[string]string{"key": "budget", "label": "Orçamento", "type": "number"}); r.Status != 200 {
		t.Fatalf("field: %d %s", r.Status, r.Body)
	}
	r := h.do("POST", "/api/v1/contacts", k, map[string]any{"name": "Maria", "phone": "(11) 98765-4321", "fields": map[string]any{"budget": 900}})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := r.json(t)["id"].(string)
	if r := h.do("POST", "/api/v1/contacts", k, map[string]any{"name": "Dup", "phone": "+55 11 8765-4321"}); r.Status != 409 {
		t.Fatalf("same mobile without the 9: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/contacts", k, `{"name":"x","phone":"12","nickname":"y"}`); r.Status != 400 || !strings.Contains(string(r.Body), "nickname") {
		t.Fatalf("strict binding: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/contacts/"+id+"/tags", k, map[string]string{"tag": "vip"}); r.Status != 200 {
		t.Fatalf("tag: %d %s", r.Status, r.Body)
	}
	nextFrame(t, events, "contact.created")
	nextFrame(t, events, "contact.tagged")

	csv := "nome;telefone;budget\n"
	for i := 0; i < 30; i++ {
		csv += fmt.Sprintf("Pessoa %d;+55 21 9%04d-0000;%d\n", i, 1000+i, i)
	}
	imp := h.do("POST", "/api/v1/contact-imports", k, map[string]any{"csv": csv, "tags": []string{"feira"}})
	if imp.Status != 202 || imp.json(t)["status"] != "pending" {
		t.Fatalf("import: %d %s", imp.Status, imp.Body)
	}
	job := waitImport(t, h, k, imp.json(t)["id"].(string))
	if job["created"].(float64) != 30 {
		t.Fatalf("job: %v", job)
	}
	nextFrame(t, events, "contact.import.finished")

	var names []string
	cursor := ""
	for {
		page := h.do("GET", "/api/v1/contacts?tag=feira&sort=name&limit=7&cursor="+cursor, k, nil).json(t)
		for _, c := range page["items"].([]any) {
			names = append(names, c.(map[string]any)["name"].(string))
		}
		if cursor = page["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if len(names) != 30 || names[0] != "Pessoa 0" || names[1] != "Pessoa 1" || names[2] != "Pessoa 10" {
		t.Fatalf("paged by name: %v", names)
	}
	if r := h.do("GET", "/api/v1/contacts?cursor=bogus", k, nil); r.Status != 400 || r.errorCode(t) != "invalid_input" {
		t.Fatalf("bad cursor: %d %s", r.Status, r.Body)
	}
	exp := h.do("GET", "/api/v1/contact-export?tag=feira", k, nil)
	if exp.Status != 200 || !strings.HasPrefix(exp.Header.Get("Content-Type"), "text/csv") || strings.Count(string(exp.Body), "\n") != 31 {
		t.Fatalf("export: %d %s", exp.Status, exp.Header)
	}
	lgpd := h.do("GET", "/api/v1/contacts/"+id+"/export", k, nil)
	if lgpd.Status != 200 || lgpd.json(t)["contact"].(map[string]any)["id"] != id {
		t.Fatalf("lgpd export: %d %s", lgpd.Status, lgpd.Body)
	}
	if r := h.do("DELETE", "/api/v1/contacts/"+id, k, nil); r.Status != 204 {
		t.Fatalf("erase: %d", r.Status)
	}
	nextFrame(t, events, "contact.erased")
	if r := h.do("GET", "/api/v1/contacts/"+id, k, nil); r.Status != 404 {
		t.Fatalf("erased contact: %d", r.Status)
	}
}

func TestInboxScenario(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	k := ws.APIKey
	events := dialStream(t, h.base, k)
	time.Sleep(50 * time.Millisecond)
	in := inbox.New(h.store)
	var convID string
	for i := 0; i < 12; i++ {
		r, err := in.Receive(context.Background(), ws.Tenant.ID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
			ProviderMessageID: fmt.Sprint("wamid.", i), From: "551187654321", ContactName: "Maria",
			Timestamp: time.Now().Add(time.Duration(i-20) * time.Second), Type: sdk.InboundText, Text: fmt.Sprintf("mensagem %d sobre orçamento", i)}})
		if err != nil {
			t.Fatal(err)
		}
		convID = r.Conversation.ID
	}
	f := nextFrame(t, events, "message.received")
	if !strings.Contains(string(f.Data), `"phone":"+5511987654321"`) {
		t.Fatalf("message.received payload: %s", f.Data)
	}
	list := h.do("GET", "/api/v1/conversations?status=open", k, nil).json(t)
	conv := list["items"].([]any)[0].(map[string]any)
	if conv["id"] != convID || conv["window_open"] != true || conv["unread"].(float64) != 12 {
		t.Fatalf("inbox: %v", conv)
	}
	page := h.do("GET", "/api/v1/conversations/"+convID+"/messages?limit=5", k, nil).json(t)
	items := page["items"].([]any)
	if len(items) != 5 || items[0].(map[string]any)["text"] != "mensagem 11 sobre orçamento" || page["next_cursor"] == "" {
		t.Fatalf("newest first: %v", page)
	}
	found := h.do("GET", "/api/v1/messages/search?q=mensagem+7", k, nil).json(t)
	if n := len(found["items"].([]any)); n != 1 {
		t.Fatalf("search: %v", found)
	}
	reply := h.do("POST", "/api/v1/conversations/"+convID+"/messages", k, map[string]string{"text": "Olá Maria!"})
	if reply.Status != 202 || reply.json(t)["status"] != "pending" {
		t.Fatalf("reply: %d %s", reply.Status, reply.Body)
	}
	out := nextFrame(t, events, "message.outbound")
	if !strings.Contains(string(out.Data), `"to":"551187654321"`) {
		t.Fatalf("outbound goes to the WhatsApp ID the contact wrote from: %s", out.Data)
	}
	if r := h.do("POST", "/api/v1/conversations/"+convID+"/handoff", k, map[string]string{"note": "cliente pediu humano"}); r.Status != 200 || r.json(t)["handler"] != "human" {
		t.Fatalf("handoff: %d %s", r.Status, r.Body)
	}
	nextFrame(t, events, "conversation.handoff")
	if r := h.do("POST", "/api/v1/conversations/"+convID+"/release", k, nil); r.Status != 200 || r.json(t)["handler"] != "bot" {
		t.Fatalf("release: %d %s", r.Status, r.Body)
	}
	nextFrame(t, events, "conversation.released")
	if r := h.do("PATCH", "/api/v1/conversations/"+convID, k, map[string]string{"status": "done"}); r.Status != 400 {
		t.Fatalf("bad status: %d", r.Status)
	}
	if r := h.do("POST", "/api/v1/canned-responses", k, map[string]string{"shortcut": "oi", "title": "Saudação", "body": "Olá!"}); r.Status != 201 {
		t.Fatalf("canned: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/api/v1/canned-responses?q=sau", k, nil).json(t); len(r["items"].([]any)) != 1 {
		t.Fatalf("canned search: %v", r)
	}
}

func TestKanbanScenario(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	k := ws.APIKey
	events := dialStream(t, h.base, k)
	time.Sleep(50 * time.Millisecond)
	contact := h.do("POST", "/api/v1/contacts", k, map[string]string{"name": "Maria"}).json(t)["id"].(string)
	board := h.do("POST", "/api/v1/boards", k, map[string]any{"name": "Vendas", "stages": []string{"Novo", "Ganho"}}).json(t)
	stages := board["stages"].([]any)
	novo, ganho := stages[0].(map[string]any)["id"].(string), stages[1].(map[string]any)["id"].(string)
	var cards []string
	for _, title := range []string{"A", "B"} {
		r := h.do("POST", "/api/v1/cards", k, map[string]any{"stage_id": novo, "contact_id": contact, "title": title, "value_cents": 150000, "currency": "BRL"})
		if r.Status != 201 {
			t.Fatalf("card: %d %s", r.Status, r.Body)
		}
		cards = append(cards, r.json(t)["id"].(string))
	}
	mv := h.do("POST", "/api/v1/cards/"+cards[1]+"/move", k, map[string]string{"stage_id": novo, "before_id": cards[0]})
	if mv.Status != 200 {
		t.Fatalf("move: %d %s", mv.Status, mv.Body)
	}
	if r := h.do("POST", "/api/v1/cards/"+cards[0]+"/move", k, map[string]string{"stage_id": ganho}); r.Status != 200 {
		t.Fatalf("move: %d %s", r.Status, r.Body)
	}
	list := h.do("GET", "/api/v1/boards/"+board["id"].(string)+"/cards", k, nil).json(t)["items"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["title"] != "B" || list[1].(map[string]any)["stage_id"] != ganho {
		t.Fatalf("board: %v", list)
	}
	nextFrame(t, events, "kanban.card.moved")
	f := nextFrame(t, events, "kanban.card.moved")
	if !strings.Contains(string(f.Data), `"to_stage":"Ganho"`) || !strings.Contains(string(f.Data), `"from_stage":"Novo"`) {
		t.Fatalf("moved event: %s", f.Data)
	}
	hist := h.do("GET", "/api/v1/cards/"+cards[0]+"/history", k, nil).json(t)["items"].([]any)
	if len(hist) != 2 {
		t.Fatalf("history: %v", hist)
	}
	if r := h.do("POST", "/api/v1/cards/"+cards[0]+"/move", k, map[string]string{"stage_id": "stg_nope"}); r.Status != 400 {
		t.Fatalf("unknown stage: %d %s", r.Status, r.Body)
	}
}
