package contacts

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

func TestCreateNormalizesAndRefusesASecondIdentity(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	events(t, s.Store)
	c, err := s.Create(ctx, p, Input{Name: ptr(" Maria "), Phone: ptr("(11) 98765-4321"), Email: ptr("Maria@Example.com"),
		Language: ptr("pt_br"), TimeZone: ptr("America/Sao_Paulo"), Tags: []string{"vip", "vip", "lead"}})
	must(t, err)
	if c.Name != "Maria" || c.Phone != "+5511987654321" || c.Email != "maria@example.com" || c.Language != "pt-BR" || len(c.Tags) != 2 {
		t.Fatalf("%+v", c)
	}
	// The 8-digit WhatsApp form of the same mobile is the same person.
	_, err = s.Create(ctx, p, Input{Name: ptr("Dup"), Phone: ptr("+55 11 8765-4321")})
	if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || e.Fields["contact_id"] != c.ID {
		t.Fatalf("duplicate phone: %v", err)
	}
	_, err = s.Create(ctx, p, Input{Phone: ptr("12"), Email: ptr("nope"), TimeZone: ptr("Mars/Base"), OwnerID: ptr("usr_nobody"), Fields: map[string]any{"x": 1}})
	e, _ := apperr.As(err)
	if e == nil || len(e.Fields) != 5 {
		t.Fatalf("every bad field at once: %v %+v", err, e)
	}
	noPhone, err := s.Create(ctx, p, Input{Username: ptr("@maria.s")})
	must(t, err)
	if noPhone.Username != "maria.s" {
		t.Fatalf("username: %+v", noPhone)
	}
	viewer := tenancy.Principal{TenantID: p.TenantID, Role: auth.RoleViewer}
	if _, err := s.Create(ctx, viewer, Input{Name: ptr("x")}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("viewer created: %v", err)
	}
	if got := events(t, s.Store); !slices.Equal(got, []string{"contact.created", "contact.created"}) {
		t.Fatalf("events: %v", got)
	}
}

func TestUpdateTagsAndCustomFields(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	_, err := s.PutField(ctx, p, FieldInput{Key: "budget", Label: "Orçamento", Type: "number"})
	must(t, err)
	c, _ := s.Create(ctx, p, Input{Name: ptr("Ana")})
	other, _ := s.Create(ctx, p, Input{Name: ptr("Bia"), Email: ptr("bia@example.com")})
	events(t, s.Store)
	c, err = s.Update(ctx, p, c.ID, Input{Fields: map[string]any{"budget": 1200.0}, OwnerID: ptr(p.UserID)})
	must(t, err)
	if c.Fields["budget"] != 1200.0 || c.OwnerID != p.UserID || c.Name != "Ana" {
		t.Fatalf("%+v", c)
	}
	if _, err := s.Update(ctx, p, c.ID, Input{Fields: map[string]any{"budget": "lots"}}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad field type: %v", err)
	}
	if _, err := s.Update(ctx, p, c.ID, Input{Email: ptr("BIA@example.com")}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("taking another's email: %v", err)
	}
	_, err = s.Tag(ctx, p, c.ID, "hot")
	must(t, err)
	_, err = s.Tag(ctx, p, c.ID, "hot") // no second event
	must(t, err)
	c, err = s.Untag(ctx, p, c.ID, "hot")
	must(t, err)
	if len(c.Tags) != 0 {
		t.Fatalf("tags: %v", c.Tags)
	}
	if got := events(t, s.Store); !slices.Equal(got, []string{"contact.updated", "contact.tagged", "contact.untagged"}) {
		t.Fatalf("events: %v", got)
	}
	foreign := tenancy.Principal{TenantID: "ten_other", Role: auth.RoleOwner}
	if _, err := s.Update(ctx, foreign, other.ID, Input{Name: ptr("x")}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("foreign update: %v", err)
	}
}

func TestConsentDecidesReachability(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	c, _ := s.Create(ctx, p, Input{Name: ptr("Ana")})
	_, err := s.Consent(ctx, p, c.ID, ConsentInput{Channel: "whatsapp", Status: "opt_out", Source: "keyword:PARAR"})
	must(t, err)
	if ok, _ := s.Reachable(ctx, p.TenantID, c.ID, "whatsapp"); ok {
		t.Fatal("opted-out contact is reachable")
	}
	if ok, _ := s.Reachable(ctx, p.TenantID, c.ID, "sms"); !ok {
		t.Fatal("other channel should stay reachable")
	}
	if _, err := s.Consent(ctx, p, c.ID, ConsentInput{Channel: "", Status: "maybe"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatal(err)
	}
	list, _ := s.ListConsents(ctx, p, c.ID)
	if len(list) != 1 || list[0].Source != "keyword:PARAR" {
		t.Fatalf("%+v", list)
	}
}

// TestConsentOptInLiftsMarketing: an agent's (or the API's) opt-in of
// WhatsApp also lifts the contact's whatsapp:marketing opt-out, as its own
// record in the history; an opt-in of the part alone, of another channel
// or of a contact without a part opted out records only itself.
func TestConsentOptInLiftsMarketing(t *testing.T) {
	s, p := newService(t)
	at := time.Now()
	s.Clock = func() time.Time { at = at.Add(time.Second); return at } // each record after the last
	ctx := context.Background()
	c, _ := s.Create(ctx, p, Input{Name: ptr("Ana")})
	for _, in := range []ConsentInput{{Channel: "whatsapp:marketing", Status: "opt_out", Source: "keyword:Descadastrar"},
		{Channel: "whatsapp", Status: "opt_out", Source: "keyword:SAIR"}, {Channel: "sms", Status: "opt_in"}} {
		_, err := s.Consent(ctx, p, c.ID, in)
		must(t, err)
	}
	if ok, _ := s.Reachable(ctx, p.TenantID, c.ID, "whatsapp:marketing"); ok {
		t.Fatal("the marketing opt-out is reachable")
	}
	_, err := s.Consent(ctx, p, c.ID, ConsentInput{Channel: "whatsapp", Status: "opt_in", Source: "form:site"})
	must(t, err)
	if ok, _ := s.Reachable(ctx, p.TenantID, c.ID, "whatsapp:marketing"); !ok {
		t.Fatal("an opt-in of WhatsApp left the marketing opt-out in place")
	}
	list, _ := s.ListConsents(ctx, p, c.ID)
	var lifted []store.Consent
	for _, r := range list {
		if r.Channel == "whatsapp:marketing" && r.Status == "opt_in" {
			lifted = append(lifted, r)
		}
	}
	if len(list) != 5 || len(lifted) != 1 || lifted[0].Source != "form:site" {
		t.Fatalf("the history after the opt-in: %+v", list)
	}
	// Nothing left to lift: a second opt-in records itself only.
	_, err = s.Consent(ctx, p, c.ID, ConsentInput{Channel: "whatsapp", Status: "opt_in"})
	must(t, err)
	if list, _ := s.ListConsents(ctx, p, c.ID); len(list) != 6 {
		t.Fatalf("a second opt-in: %+v", list)
	}
	// An opt-out of the part, then an opt-in of another channel: still out.
	_, err = s.Consent(ctx, p, c.ID, ConsentInput{Channel: "whatsapp:marketing", Status: "opt_out"})
	must(t, err)
	_, err = s.Consent(ctx, p, c.ID, ConsentInput{Channel: "sms", Status: "opt_in"})
	must(t, err)
	if ok, _ := s.Reachable(ctx, p.TenantID, c.ID, "whatsapp:marketing"); ok {
		t.Fatal("an SMS opt-in lifted the WhatsApp marketing opt-out")
	}
	if _, err := s.Consent(ctx, p, "cnt_missing", ConsentInput{Channel: "whatsapp", Status: "opt_in"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("an unknown contact: %v", err)
	}
}

// runImport starts an import and waits for it.
func runImport(t *testing.T, s *Service, p tenancy.Principal, csv string, opts ImportOptions) store.ImportJob {
	t.Helper()
	job, err := s.StartImport(context.Background(), p, ImportRequest{CSV: csv, ImportOptions: opts})
	must(t, err)
	s.Wait()
	job, err = s.GetImport(context.Background(), p, job.ID)
	must(t, err)
	return job
}

func TestImportIsAllOrNothingAndDeduplicates(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	existing, _ := s.Create(ctx, p, Input{Name: ptr("Maria"), Phone: ptr("+5511987654321"), Tags: []string{"old"}})
	events(t, s.Store)

	bad := runImport(t, s, p, "nome;telefone\nAna;+55 21 99876-5432\nBad;12\n", ImportOptions{})
	if bad.Status != ImportFailed || !strings.Contains(string(bad.Errors), `"row":3`) {
		t.Fatalf("bad import: %+v %s", bad, bad.Errors)
	}
	if bad.Message != "1 rows have errors; nothing was imported" || bad.MessageReason != ImportRowsHaveErrors || bad.MessageParams["count"] != 1 {
		t.Fatalf("bad import's message: %q %s %v", bad.Message, bad.MessageReason, bad.MessageParams)
	}
	if items, _, _ := s.List(ctx, p, store.ContactFilter{}); len(items) != 1 {
		t.Fatalf("a failed import wrote %d contacts", len(items)-1)
	}
	csv := "nome;telefone;email;etiquetas\n" +
		"Maria Silva;(11) 8765-4321;maria@example.com;cliente\n" + // existing, 8-digit form: merged
		"Ana;+55 21 99876-5432;;\n" +
		"Caio;;caio@example.com;\n" + // new, no phone
		"Ana S.;21998765432;ana@example.com;fiel\n" // the same Ana as row 3: merged into it
	job := runImport(t, s, p, csv, ImportOptions{Tags: []string{"feira"}})
	if job.Status != ImportDone || job.Created != 2 || job.Updated != 1 {
		t.Fatalf("import: %+v %s %s", job, job.Message, job.Errors)
	}
	m, _ := s.Get(ctx, p, existing.ID)
	if m.Name != "Maria Silva" || m.Email != "maria@example.com" || strings.Join(m.Tags, ",") != "cliente,feira,old" {
		t.Fatalf("merged existing: %+v", m)
	}
	items, _, _ := s.List(ctx, p, store.ContactFilter{Query: "ana"})
	if len(items) != 1 || items[0].Email != "ana@example.com" || strings.Join(items[0].Tags, ",") != "feira,fiel" {
		t.Fatalf("ana rows: %+v", items)
	}
	if got := events(t, s.Store); !slices.Equal(got, []string{"contact.import.finished", "contact.import.finished"}) {
		t.Fatalf("events: %v", got)
	}
	skip := runImport(t, s, p, "name,phone\nZé,+55 31 99999-0000\nBad,12\n", ImportOptions{SkipInvalid: true})
	if skip.Status != ImportDone || skip.Created != 1 || !strings.Contains(string(skip.Errors), `"row":3`) {
		t.Fatalf("skip invalid: %+v %s", skip, skip.Errors)
	}
}

func TestImportConflictingAddressesIsARowError(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	a, _ := s.Create(ctx, p, Input{Phone: ptr("+5511987654321")})
	b, _ := s.Create(ctx, p, Input{Email: ptr("b@example.com")})
	job := runImport(t, s, p, "phone,email\n+5511987654321,b@example.com\n", ImportOptions{})
	want := `[{"row":2,"reason":"two_contacts","params":{"first":"` + a.ID + `","second":"` + b.ID + `"},` +
		`"message":"its addresses belong to two different contacts (` + a.ID + ` and ` + b.ID + `)"}]`
	if job.Status != ImportFailed || string(job.Errors) != want {
		t.Fatalf("%+v %s\nwant %s", job, job.Errors, want)
	}
	job = runImport(t, s, p, "name,phone\nA\nB,12\n", ImportOptions{SkipInvalid: true})
	want = `[{"row":2,"reason":"cell_count","params":{"cells":1,"header":2},"message":"has 1 cells, the header has 2"},` +
		`{"row":3,"field":"phone","reason":"invalid_phone","message":"is not a valid phone number (give the country code, like +55 11 98765-4321)"}]`
	if string(job.Errors) != want {
		t.Fatalf("row errors keyed: %s\nwant %s", job.Errors, want)
	}
	if _, err := s.StartImport(ctx, p, ImportRequest{CSV: "a\n1\n", ImportOptions: ImportOptions{Mapping: map[string]string{"a": "password"}}}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad mapping must fail before a job: %v", err)
	}
}

func TestExportImportsBack(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	_, err := s.PutField(ctx, p, FieldInput{Key: "plan", Label: "Plano", Type: "select", Options: []string{"basic", "pro"}})
	must(t, err)
	for i := 0; i < 3; i++ {
		_, err := s.Create(ctx, p, Input{Name: ptr(fmt.Sprint("P", i)), Email: ptr(fmt.Sprintf("p%d@x.com", i)), Fields: map[string]any{"plan": "pro"}, Tags: []string{"a", "b"}})
		must(t, err)
	}
	var buf bytes.Buffer
	must(t, s.ExportCSV(ctx, p, store.ContactFilter{}, &buf))
	if lines := strings.Count(buf.String(), "\n"); lines != 4 || !strings.Contains(buf.String(), "field:plan") {
		t.Fatalf("export:\n%s", buf.String())
	}
	job := runImport(t, s, p, buf.String(), ImportOptions{})
	if job.Status != ImportDone || job.Created != 0 || job.Updated != 3 {
		t.Fatalf("re-import of an export: %+v %s %s", job, job.Message, job.Errors)
	}
}

func TestLGPDExportAndErase(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	c, _ := s.Create(ctx, p, Input{Name: ptr("Ana"), Phone: ptr("+5511987654321")})
	_, err := s.AddNote(ctx, p, c.ID, "prefers mornings")
	must(t, err)
	_, err = s.Consent(ctx, p, c.ID, ConsentInput{Channel: "sms", Status: "opt_in", Source: "form"})
	must(t, err)
	out, err := s.Export(ctx, p, c.ID)
	must(t, err)
	if out.Contact.ID != c.ID || len(out.Notes) != 1 || len(out.Consents) != 1 {
		t.Fatalf("export: %+v", out)
	}
	if _, err := s.Export(ctx, tenancy.Principal{TenantID: p.TenantID, Role: auth.RoleAgent}, c.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatal("an agent exported all of a contact's data")
	}
	events(t, s.Store)
	must(t, s.Erase(ctx, p, c.ID))
	if _, err := s.Get(ctx, p, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("erased contact still readable")
	}
	if notes, _ := s.Store.ListNotes(ctx, p.TenantID, c.ID); len(notes) != 0 {
		t.Fatal("notes survived erasure")
	}
	if got := events(t, s.Store); !slices.Equal(got, []string{"contact.erased"}) {
		t.Fatalf("events: %v", got)
	}
}
