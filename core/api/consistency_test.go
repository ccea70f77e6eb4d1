package api

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	fws "github.com/fasthttp/websocket"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// TestWritesAnswerWhatReadsReturn: every create and update answers with
// the object a GET right after returns, times included (the store keeps
// milliseconds; an answer of "…05.123456789Z" followed by a read of
// "…05.123Z" looks like a change to a client that caches by updated_at),
// and every event the tenant's stream carries meanwhile holds times as
// the store keeps them too. Client-given times (a due date with an
// offset and nanoseconds, a campaign's start) come back as kept.
func TestWritesAnswerWhatReadsReturn(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	ws := h.workspace("acme")
	w := writes{h: h, t: t, key: ws.APIKey}
	events := dialStream(t, h.base, ws.APIKey)
	time.Sleep(50 * time.Millisecond)
	// A client's instant with an offset and nanoseconds, and how it is kept.
	precise := time.Now().Add(48 * time.Hour).Truncate(time.Second).Add(123456789 * time.Nanosecond)
	given, kept := precise.In(time.FixedZone("BRT", -3*3600)).Format(time.RFC3339Nano), precise.UTC().Truncate(time.Millisecond).Format(time.RFC3339Nano)

	contact := w.contactWrites()
	w.inboxWrites(ws)
	w.kanbanWrites(contact["id"].(string), given, kept)
	w.campaignWrites(given)
	w.flowWrites()
	w.settingsWrites()
	w.workspaceWrites("acme@example.com", "password-acme")
	// A report's range reads the same way, whatever zone it was asked in.
	w.fine("overview", h.do("GET", "/api/v1/analytics/overview?tz=America/Sao_Paulo&from=2026-11-01", ws.APIKey, nil).Body)
	w.eventsAgree(events, contact)
}

// contactWrites: contacts, their notes, consents, custom fields, imports.
func (w writes) contactWrites() map[string]any {
	c := w.send("POST", "/api/v1/contacts", map[string]any{"name": "Maria", "phone": "+5511987654321"})
	path := "/api/v1/contacts/" + c["id"].(string)
	w.agree("contact created", c, w.get(path))
	w.agree("contact changed", w.send("PATCH", path, map[string]any{"name": "Maria Souza"}), w.get(path))
	w.agree("contact tagged", w.send("POST", path+"/tags", map[string]any{"tag": "vip"}), w.get(path))
	n := w.send("POST", path+"/notes", map[string]any{"body": "ligar amanhã"})
	w.agree("note", n, w.listed(path+"/notes", n))
	cs := w.send("POST", path+"/consents", map[string]any{"channel": "sms", "status": "opt_in"})
	w.agree("consent", cs, w.listed(path+"/consents", cs))
	f := w.send("PUT", "/api/v1/contact-fields", map[string]any{"key": "budget", "label": "Orçamento", "type": "number"})
	w.agree("field", f, w.listed("/api/v1/contact-fields", f))
	imp := w.send("POST", "/api/v1/contact-imports", map[string]any{"csv": "name,phone\nJoão,+5511987650002\n"})
	w.agree("import", imp, waitImport(w.t, w.h, w.key, imp["id"].(string)), "status", "total", "processed", "created", "finished_at")
	return c
}

// inboxWrites: a received message (its provider's stamp finer than a
// millisecond), a conversation's changes, a reply, a note, canned responses.
func (w writes) inboxWrites(ws tenancy.Workspace) {
	rcv, err := inbox.New(w.h.store).Receive(context.Background(), ws.Tenant.ID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.1", From: "5511987654321", Type: sdk.InboundText, Text: "oi",
			Timestamp: time.Now().Add(-time.Hour).Add(456789 * time.Nanosecond)}})
	if err != nil {
		w.t.Fatal(err)
	}
	conv := "/api/v1/conversations/" + rcv.Conversation.ID
	w.agree("received message", w.jsonOf(rcv.Message), w.listed(conv+"/messages", w.jsonOf(rcv.Message)))
	for _, op := range []struct {
		method, path string
		body         any
	}{
		{"PATCH", "", map[string]any{"status": "pending"}}, {"POST", "/assign", map[string]any{"user_id": ws.Owner.ID}},
		{"POST", "/labels", map[string]any{"label": "quente"}}, {"POST", "/read", nil},
		{"POST", "/handoff", map[string]any{"note": "cliente pediu humano"}}, {"POST", "/release", nil},
	} {
		w.agree("conversation "+op.method+" "+op.path, w.send(op.method, conv+op.path, op.body), w.get(conv))
	}
	m := w.send("POST", conv+"/messages", map[string]any{"text": "Olá!"})
	w.agree("reply", m, w.listed(conv+"/messages", m))
	m = w.send("POST", conv+"/notes", map[string]any{"text": "nota interna"})
	w.agree("conversation note", m, w.listed(conv+"/messages", m))
	cr := w.send("POST", "/api/v1/canned-responses", map[string]any{"shortcut": "oi", "title": "Saudação", "body": "Olá!"})
	w.agree("canned response", cr, w.listed("/api/v1/canned-responses", cr))
	cr = w.send("PUT", "/api/v1/canned-responses/"+cr["id"].(string), map[string]any{"shortcut": "ola", "title": "Saudação", "body": "Olá!!"})
	w.agree("canned response replaced", cr, w.listed("/api/v1/canned-responses", cr))
}

// kanbanWrites: boards, stages, cards with a client's due date.
func (w writes) kanbanWrites(contactID, given, kept string) {
	b := w.send("POST", "/api/v1/boards", map[string]any{"name": "Vendas", "stages": []string{"Novo", "Ganho"}})
	board := "/api/v1/boards/" + b["id"].(string)
	w.agree("board", b, w.get(board))
	b = w.send("POST", board+"/stages", map[string]any{"name": "Perdido"})
	w.agree("stage added", b, w.get(board))
	stage := b["stages"].([]any)[0].(map[string]any)["id"].(string)
	w.agree("stage renamed", w.send("PATCH", "/api/v1/stages/"+stage, map[string]any{"name": "Novos"}), w.get(board))
	card := w.send("POST", "/api/v1/cards", map[string]any{"stage_id": stage, "contact_id": contactID, "title": "Plano anual", "due_at": given})
	path := "/api/v1/cards/" + card["id"].(string)
	w.agree("card", card, w.get(path))
	if card["due_at"] != kept {
		w.t.Errorf("due_at %v, want %s as kept: %s", card["due_at"], given, kept)
	}
	w.agree("card changed", w.send("PATCH", path, map[string]any{"title": "Plano anual 2", "due_at": given}), w.get(path))
	moved := w.send("POST", path+"/move", map[string]any{"stage_id": b["stages"].([]any)[1].(map[string]any)["id"]})
	w.agree("card moved", moved["card"].(map[string]any), w.get(path))
	w.fine("card history", w.h.do("GET", path+"/history", w.key, nil).Body)
}

// campaignWrites: a campaign scheduled for a client's instant, through
// its controls.
func (w writes) campaignWrites(given string) {
	spec := map[string]any{"message": map[string]any{"text": "Oi {{ contact.first_name }}"}, "schedule": map[string]any{"at": given}}
	cp := w.send("POST", "/api/v1/campaigns", map[string]any{"name": "boas-vindas", "channel": "sms", "spec": spec})
	camp := "/api/v1/campaigns/" + cp["id"].(string)
	w.agree("campaign", cp, w.get(camp))
	w.agree("campaign replaced", w.send("PUT", camp, map[string]any{"name": "boas-vindas 2", "channel": "sms", "spec": spec}), w.get(camp))
	for _, op := range []string{"start", "pause", "resume", "cancel"} {
		w.agree("campaign "+op, w.send("POST", camp+"/"+op, nil), w.get(camp))
	}
}

// flowWrites: flows, versions and runs.
func (w writes) flowWrites() {
	fl := w.send("POST", "/api/v1/flows", map[string]any{"yaml": alphaFlow})
	flow := "/api/v1/flows/" + fl["id"].(string)
	w.agree("flow", fl, w.get(flow))
	w.agree("flow draft replaced", w.send("PUT", flow, map[string]any{"yaml": alphaFlow + "title: Olá\n"}), w.get(flow))
	v := w.send("POST", flow+"/publish", nil)
	w.agree("flow version", v, w.get(flow + "/versions")["items"].([]any)[0].(map[string]any))
	run := w.send("POST", flow+"/runs", map[string]any{})
	w.agree("run", run, w.get("/api/v1/runs/"+run["id"].(string)), "trace")
}

// settingsWrites: connections, API keys, members, secrets.
func (w writes) settingsWrites() {
	cn := w.send("POST", "/api/v1/connections", map[string]any{"plugin_id": "notes", "name": "notas", "config": map[string]string{"token": "t"}})
	connection := "/api/v1/connections/" + cn["id"].(string)
	w.agree("connection", cn, w.get(connection))
	w.agree("connection changed", w.send("PATCH", connection, map[string]any{"config": map[string]string{"label": "x"}}), w.get(connection))
	w.agree("connection checked", w.send("POST", connection+"/check", nil), w.get(connection))
	k := w.send("POST", "/api/v1/api-keys", map[string]any{"name": "ci", "role": "viewer"})
	w.agree("api key", k, w.listed("/api/v1/api-keys", k), "key")
	mb := w.send("POST", "/api/v1/members", map[string]any{"email": "agente@acme.example", "password": "password-agente", "role": "agent"})
	w.agree("member", mb, w.member(mb))
	w.agree("member's role", w.send("PATCH", "/api/v1/members/"+mb["user_id"].(string), map[string]any{"role": "viewer"}), w.member(mb))
	sec := w.send("PUT", "/api/v1/secrets", map[string]any{"name": "crm_token", "value": "s3cr3t"})
	w.agree("secret", sec, w.listed("/api/v1/secrets", sec))
}

// workspaceWrites: a workspace, created from a session.
func (w writes) workspaceWrites(email, password string) {
	login := w.h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password})
	created := w.h.do("POST", "/api/v1/tenants", "cookie="+sessionFrom(w.t, login), map[string]string{"name": "filial", "password": password})
	if created.Status != 201 {
		w.t.Fatalf("workspace: %d %s", created.Status, created.Body)
	}
	ws := created.json(w.t)
	w.agree("workspace", ws["tenant"].(map[string]any), (writes{h: w.h, t: w.t, key: ws["api_key"].(string)}).get("/api/v1/tenant"))
}

// eventsAgree: every event the scenario emitted carries times as the
// store keeps them; contact.created carries the contact its POST
// answered (and a GET read).
func (w writes) eventsAgree(events *fws.Conn, contact map[string]any) {
	created := false
	for _, f := range drainFrames(events) {
		w.fine("event "+f.Type, f.Data)
		if f.Type == "contact.created" && strings.Contains(string(f.Data), contact["id"].(string)) {
			var p map[string]any
			_ = json.Unmarshal(f.Data, &p)
			w.agree("contact.created event", p["contact"].(map[string]any), contact)
			created = true
		}
	}
	if !created {
		w.t.Error("no contact.created event reached the stream")
	}
}

// writes is the scenario's client: it sends, reads and compares.
type writes struct {
	h   *harness
	t   *testing.T
	key string
}

func (w writes) send(method, path string, body any) map[string]any {
	w.t.Helper()
	r := w.h.do(method, path, w.key, body)
	if r.Status >= 300 {
		w.t.Fatalf("%s %s: %d %s", method, path, r.Status, r.Body)
	}
	w.fine(method+" "+path, r.Body)
	return r.json(w.t)
}

func (w writes) get(path string) map[string]any {
	w.t.Helper()
	r := w.h.do("GET", path, w.key, nil)
	if r.Status != 200 {
		w.t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	return r.json(w.t)
}

// listed is the item of the list at path with the ID of want.
func (w writes) listed(path string, want map[string]any) map[string]any {
	w.t.Helper()
	for _, it := range w.get(path)["items"].([]any) {
		if m := it.(map[string]any); m["id"] == want["id"] {
			return m
		}
	}
	w.t.Fatalf("GET %s lists no %v", path, want["id"])
	return nil
}

func (w writes) member(m map[string]any) map[string]any {
	w.t.Helper()
	for _, it := range w.get("/api/v1/members")["items"].([]any) {
		if it.(map[string]any)["user_id"] == m["user_id"] {
			return it.(map[string]any)
		}
	}
	w.t.Fatalf("no member %v", m["user_id"])
	return nil
}

func (w writes) jsonOf(v any) map[string]any {
	raw, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// agree fails with every field where a write's answer and the read after
// it differ, fields named in skip aside.
func (w writes) agree(what string, answer, read map[string]any, skip ...string) {
	w.t.Helper()
	var diffs []string
	for k := range keysOf(answer, read) {
		if !slices.Contains(skip, k) && !reflect.DeepEqual(answer[k], read[k]) {
			a, _ := json.Marshal(answer[k])
			r, _ := json.Marshal(read[k])
			diffs = append(diffs, fmt.Sprintf("%s: answered %s, read %s", k, a, r))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		w.t.Errorf("%s: the answer and the GET after it differ:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

func keysOf(ms ...map[string]any) map[string]bool {
	keys := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			keys[k] = true
		}
	}
	return keys
}

// rfc3339 matches a JSON string holding an instant.
var rfc3339 = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"`)

// fine fails if body holds an instant finer than the store keeps or not
// in UTC.
func (w writes) fine(what string, body []byte) {
	w.t.Helper()
	for _, m := range rfc3339.FindAllSubmatch(body, -1) {
		if len(m[1]) > 4 || string(m[2]) != "Z" {
			w.t.Errorf("%s: %s is not as the store keeps times (UTC, milliseconds)", what, m[0])
		}
	}
}

// drainFrames reads the frames the socket has until it is quiet.
func drainFrames(conn *fws.Conn) []streamFrame {
	var out []streamFrame
	for {
		conn.SetReadDeadline(time.Now().Add(time.Second))
		var f streamFrame
		if err := conn.ReadJSON(&f); err != nil {
			return out
		}
		out = append(out, f)
	}
}

// TestListsPageAlike: the runs list pages like every other page (items,
// next_cursor, cursor, a checked limit; before still read).
func TestListsPageAlike(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	w := writes{h: h, t: t, key: ws.APIKey}
	fl := w.send("POST", "/api/v1/flows", map[string]any{"yaml": alphaFlow})["id"].(string)
	w.send("POST", "/api/v1/flows/"+fl+"/publish", nil)
	var made []string
	for range 3 {
		made = append(made, w.send("POST", "/api/v1/flows/"+fl+"/runs", map[string]any{})["id"].(string))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(made))) // newest first: by ID (two runs may share a millisecond)
	var seen []string
	cursor := ""
	for pages := 0; pages < 3; pages++ {
		p := w.get("/api/v1/runs?limit=2&cursor=" + cursor)
		for _, r := range p["items"].([]any) {
			seen = append(seen, r.(map[string]any)["id"].(string))
		}
		if cursor, _ = p["next_cursor"].(string); cursor == "" {
			break
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint(made) || cursor != "" {
		t.Fatalf("runs paged %v (cursor %q), want %v newest first", seen, cursor, made)
	}
	if old := w.get("/api/v1/runs?limit=2&before=" + made[0])["items"].([]any); len(old) != 2 || old[0].(map[string]any)["id"] != made[1] {
		t.Fatalf("before: %v", old)
	}
	for path, field := range map[string]string{"/api/v1/runs?limit=abc": "limit", "/api/v1/runs?limit=501": "limit", "/api/v1/runs?cursor=zzz": "cursor"} {
		refused(t, h.do("GET", path, ws.APIKey, nil), "GET "+path, field)
	}
}

// TestListFiltersAreChecked: a list filter with an unknown value is
// refused naming it, as the runs' and the sends' lists refuse theirs,
// rather than answered with nothing.
func TestListFiltersAreChecked(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	for path, field := range map[string]string{"/api/v1/conversations?status=closed": "status", "/api/v1/conversations?handler=robot": "handler",
		"/api/v1/conversations?sort=oldest": "sort", "/api/v1/conversations?q=" + strings.Repeat("a", 101): "q"} {
		refused(t, h.do("GET", path, ws.APIKey, nil), "GET "+path, field)
	}
	if r := h.do("GET", "/api/v1/conversations?status=resolved&handler=human", ws.APIKey, nil); r.Status != 200 {
		t.Fatalf("known filters: %d %s", r.Status, r.Body)
	}
}

// TestBodyIDsAreFieldErrors: an ID the request body names that the
// workspace does not have (unknown, or another tenant's) is invalid_input
// naming that field, on every route; not_found is for the path's ID.
func TestBodyIDsAreFieldErrors(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("alpha"), h.workspace("bravo")
	wa, wb := writes{h: h, t: t, key: a.APIKey}, writes{h: h, t: t, key: b.APIKey}
	theirs := wa.send("POST", "/api/v1/contacts", map[string]any{"name": "Alpha"})["id"].(string)
	theirStage := wa.send("POST", "/api/v1/boards", map[string]any{"name": "A", "stages": []string{"x"}})["stages"].([]any)[0].(map[string]any)["id"].(string)
	contact := wb.send("POST", "/api/v1/contacts", map[string]any{"name": "Bravo"})["id"].(string)
	stage := wb.send("POST", "/api/v1/boards", map[string]any{"name": "B", "stages": []string{"y"}})["stages"].([]any)[0].(map[string]any)["id"].(string)
	card := wb.send("POST", "/api/v1/cards", map[string]any{"stage_id": stage, "contact_id": contact, "title": "t"})["id"].(string)
	rcv, err := inbox.New(h.store).Receive(context.Background(), b.Tenant.ID, inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp",
		Message: sdk.InboundMessage{ProviderMessageID: "wamid.1", From: "5511987654321", Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path  string
		body  map[string]any
		field string
	}{
		{"/api/v1/cards", map[string]any{"stage_id": theirStage, "contact_id": contact, "title": "t"}, "stage_id"},
		{"/api/v1/cards", map[string]any{"stage_id": "stg_nope", "contact_id": contact, "title": "t"}, "stage_id"},
		{"/api/v1/cards", map[string]any{"stage_id": stage, "contact_id": theirs, "title": "t"}, "contact_id"},
		{"/api/v1/cards/" + card + "/move", map[string]any{"stage_id": theirStage}, "stage_id"},
		{"/api/v1/conversations/" + rcv.Conversation.ID + "/assign", map[string]any{"user_id": a.Owner.ID}, "user_id"},
		{"/api/v1/conversations/" + rcv.Conversation.ID + "/handoff", map[string]any{"agent_id": a.Owner.ID}, "agent_id"},
	} {
		refused(t, h.do("POST", c.path, b.APIKey, c.body), fmt.Sprint("POST ", c.path, " ", c.body), c.field)
	}
}

// refused fails unless r is invalid_input naming field.
func refused(t *testing.T, r reply, what, field string) {
	t.Helper()
	var e struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	if json.Unmarshal(r.Body, &e) != nil || r.Status != 400 || e.Error.Code != "invalid_input" || e.Error.Fields[field] == "" {
		t.Errorf("%s: %d %s, want 400 invalid_input naming %s", what, r.Status, r.Body, field)
	}
}
