package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func testContactData(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	c := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, c))

	d, err := s.PutFieldDef(ctx, store.FieldDef{ID: ids.New("fld"), TenantID: a.ID, Key: "plan", Label: "Plan", Type: "select", Options: []string{"a", "b"}, CreatedAt: time.Now()})
	must(t, err)
	d2, err := s.PutFieldDef(ctx, store.FieldDef{ID: ids.New("fld"), TenantID: a.ID, Key: "plan", Label: "Plano", Type: "text", CreatedAt: time.Now()})
	must(t, err)
	if d2.ID != d.ID || d2.Label != "Plano" || len(d2.Options) != 0 {
		t.Fatalf("upsert kept the first ID and replaced the rest: %+v %+v", d, d2)
	}
	wantErr(t, s.DeleteFieldDef(ctx, b.ID, d.ID), store.ErrNotFound)
	if defs, _ := s.ListFieldDefs(ctx, b.ID); len(defs) != 0 {
		t.Fatal("b sees a's fields")
	}

	must(t, s.AddNote(ctx, store.Note{ID: ids.New("not"), TenantID: a.ID, ContactID: c.ID, Body: "called", CreatedAt: time.Now()}))
	wantErr(t, s.AddNote(ctx, store.Note{ID: ids.New("not"), TenantID: b.ID, ContactID: c.ID, Body: "x", CreatedAt: time.Now()}), store.ErrNotFound)
	if notes, _ := s.ListNotes(ctx, a.ID, c.ID); len(notes) != 1 || notes[0].Body != "called" {
		t.Fatalf("notes: %+v", notes)
	}

	reach := func(ch string) bool {
		ok, err := s.ContactReachable(ctx, a.ID, c.ID, ch)
		must(t, err)
		return ok
	}
	consent := func(ch, status string, at time.Time) {
		must(t, s.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: a.ID, ContactID: c.ID, Channel: ch, Status: status, Source: "test", CreatedAt: at}))
	}
	t0 := time.Now()
	if !reach("whatsapp") {
		t.Fatal("a contact without records is reachable")
	}
	consent("whatsapp", "opt_out", t0)
	if reach("whatsapp") || !reach("sms") || reach("whatsapp:marketing") {
		t.Fatal("opt-out is per channel, and covers the channel's parts")
	}
	consent("whatsapp", "opt_in", t0.Add(time.Second))
	if !reach("whatsapp") {
		t.Fatal("a later opt-in wins")
	}
	consent("whatsapp:marketing", "opt_out", t0.Add(1500*time.Millisecond))
	if !reach("whatsapp") || reach("whatsapp:marketing") || !reach("sms") {
		t.Fatal("an opt-out of a channel's marketing blocks its marketing sends only")
	}
	consent("all", "opt_out", t0.Add(2*time.Second))
	if reach("sms") || reach("whatsapp") || reach("whatsapp:marketing") {
		t.Fatal("opt-out of all channels")
	}
	_, err = s.ContactReachable(ctx, b.ID, c.ID, "sms")
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: b.ID, ContactID: c.ID, Channel: "sms", Status: "opt_in", CreatedAt: t0}), store.ErrNotFound)
	if cs, _ := s.ListConsents(ctx, a.ID, c.ID); len(cs) != 4 || cs[0].Channel != "all" {
		t.Fatalf("consents newest first: %+v", cs)
	}

	job := store.ImportJob{ID: ids.New("imp"), TenantID: a.ID, Status: "pending", Options: []byte(`{"region":"BR"}`), Source: []byte("name\nAna\n"), CreatedAt: t0}
	must(t, s.CreateImport(ctx, job))
	job.Status, job.Total, job.Processed, job.Errors = "failed", 1, 1, []byte(`[{"row":2}]`)
	wantErr(t, s.UpdateImport(ctx, store.ImportJob{ID: job.ID, TenantID: b.ID, Status: "done"}), store.ErrNotFound)
	if left, _ := s.UnfinishedImports(ctx); len(left) != 1 {
		t.Fatalf("unfinished: %d", len(left))
	}
	fin := time.Now()
	job.FinishedAt = &fin
	must(t, s.UpdateImport(ctx, job))
	got, err := s.GetImport(ctx, a.ID, job.ID)
	must(t, err)
	if got.Status != "failed" || string(got.Errors) != `[{"row":2}]` || string(got.Source) != "name\nAna\n" || got.FinishedAt == nil {
		t.Fatalf("import: %+v", got)
	}
	_, err = s.GetImport(ctx, b.ID, job.ID)
	wantErr(t, err, store.ErrNotFound)
}
