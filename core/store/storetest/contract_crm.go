package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// NewContact is a contact of tenant with the given name, ready to insert.
func NewContact(tenantID, name string) store.Contact {
	at := time.Now()
	return store.Contact{ID: ids.New("ctc"), TenantID: tenantID, Name: name, Fields: map[string]any{}, CreatedAt: at, UpdatedAt: at}
}

func testContacts(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	c := NewContact(a.ID, "Maria Silva")
	c.Phone, c.WhatsAppID, c.Email = "+5511987654321", "551187654321", "maria@example.com"
	c.Fields, c.Tags = map[string]any{"budget": 1500.0}, []string{"lead", "vip"}
	must(t, s.CreateContact(ctx, c))
	noPhone := NewContact(a.ID, "Only username")
	noPhone.Username = "maria.s"
	must(t, s.CreateContact(ctx, noPhone))
	must(t, s.CreateContact(ctx, NewContact(a.ID, "No identity at all"))) // NULL addresses never collide
	must(t, s.CreateContact(ctx, NewContact(a.ID, "Another without identity")))

	got, err := s.GetContact(ctx, a.ID, c.ID)
	must(t, err)
	if got.Phone != c.Phone || got.WhatsAppID != c.WhatsAppID || got.Fields["budget"] != 1500.0 || fmt.Sprint(got.Tags) != "[lead vip]" {
		t.Fatalf("round trip: %+v", got)
	}
	for _, id := range []store.Identity{{Phone: c.Phone}, {WhatsAppID: "551187654321"}, {Email: "MARIA@example.com"}, {Phone: "+1", Email: c.Email}} {
		if f, err := s.FindContact(ctx, a.ID, id); err != nil || f.ID != c.ID {
			t.Fatalf("find by %+v: %v %v", id, f.ID, err)
		}
	}
	if f, err := s.FindContact(ctx, a.ID, store.Identity{Username: "maria.s"}); err != nil || f.ID != noPhone.ID {
		t.Fatalf("find by username: %v", err)
	}
	_, err = s.FindContact(ctx, b.ID, store.Identity{Phone: c.Phone})
	wantErr(t, err, store.ErrNotFound)

	dup := NewContact(a.ID, "dup")
	dup.Phone = c.Phone
	wantErr(t, s.CreateContact(ctx, dup), store.ErrConflict)
	other := NewContact(b.ID, "same phone, other tenant")
	other.Phone = c.Phone
	must(t, s.CreateContact(ctx, other))

	got.Name, got.OwnerID, got.Phone = "Maria S.", "usr_x", ""
	must(t, s.UpdateContact(ctx, got))
	again, _ := s.GetContact(ctx, a.ID, c.ID)
	if again.Name != "Maria S." || again.Phone != "" || again.OwnerID != "usr_x" {
		t.Fatalf("update: %+v", again)
	}
	got.TenantID = b.ID
	wantErr(t, s.UpdateContact(ctx, got), store.ErrNotFound)
	_, err = s.GetContact(ctx, b.ID, c.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.DeleteContact(ctx, b.ID, c.ID), store.ErrNotFound)

	if added, err := s.AddTag(ctx, a.ID, c.ID, "lead"); err != nil || added {
		t.Fatalf("re-adding a tag: %v %v", added, err)
	}
	if added, err := s.AddTag(ctx, a.ID, c.ID, "hot"); err != nil || !added {
		t.Fatalf("adding a tag: %v %v", added, err)
	}
	_, err = s.AddTag(ctx, b.ID, c.ID, "x")
	wantErr(t, err, store.ErrNotFound)
	if removed, _ := s.RemoveTag(ctx, b.ID, c.ID, "hot"); removed {
		t.Fatal("tenant b removed a's tag")
	}
	if removed, _ := s.RemoveTag(ctx, a.ID, c.ID, "hot"); !removed {
		t.Fatal("tag not removed")
	}
	idents, err := s.ContactIdentities(ctx, a.ID)
	must(t, err)
	if len(idents) != 4 {
		t.Fatalf("identities: %d", len(idents))
	}
	must(t, s.DeleteContact(ctx, a.ID, c.ID))
	_, err = s.GetContact(ctx, a.ID, c.ID)
	wantErr(t, err, store.ErrNotFound)
}

func testContactList(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	base := time.Now().Add(-time.Hour)
	var batch []store.Contact
	for i := 0; i < 25; i++ {
		c := NewContact(a.ID, fmt.Sprintf("Person %02d", i))
		c.CreatedAt, c.UpdatedAt = base.Add(time.Duration(i)*time.Second), base
		c.Email = fmt.Sprintf("p%02d@example.com", i)
		c.Phone = fmt.Sprintf("+55119876543%02d", i)
		if i%5 == 0 {
			c.Tags = []string{"five"}
		}
		batch = append(batch, c)
	}
	must(t, s.InsertContacts(ctx, batch))
	must(t, s.CreateContact(ctx, NewContact(b.ID, "Person of b")))

	var seen []string
	cursor := ""
	for {
		items, next, err := s.ListContacts(ctx, a.ID, store.ContactFilter{Page: store.Page{Cursor: cursor, Limit: 10}})
		must(t, err)
		for _, c := range items {
			seen = append(seen, c.Name)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 25 || seen[0] != "Person 24" || seen[24] != "Person 00" {
		t.Fatalf("newest first over pages: %v", seen)
	}
	byName, _, err := s.ListContacts(ctx, a.ID, store.ContactFilter{Sort: "name", Page: store.Page{Limit: 3}})
	must(t, err)
	if byName[0].Name != "Person 00" || byName[2].Name != "Person 02" {
		t.Fatalf("by name: %v", byName)
	}
	tagged, _, _ := s.ListContacts(ctx, a.ID, store.ContactFilter{Tag: "five"})
	if len(tagged) != 5 || len(tagged[0].Tags) != 1 {
		t.Fatalf("tag filter: %d", len(tagged))
	}
	found, _, _ := s.ListContacts(ctx, a.ID, store.ContactFilter{Query: "person 1"})
	if len(found) != 10 {
		t.Fatalf("prefix search: %d", len(found))
	}
	byPhone, _, _ := s.ListContacts(ctx, a.ID, store.ContactFilter{Query: "(11) 98765-4307"})
	if len(byPhone) != 1 || byPhone[0].Name != "Person 07" {
		t.Fatalf("phone search: %v", byPhone)
	}
	if pct, _, _ := s.ListContacts(ctx, a.ID, store.ContactFilter{Query: "%"}); len(pct) != 0 {
		t.Fatalf("%% is matched literally, got %d", len(pct))
	}
	_, _, err = s.ListContacts(ctx, a.ID, store.ContactFilter{Page: store.Page{Cursor: "garbage"}})
	wantErr(t, err, store.ErrBadCursor)
	_, _, err = s.ListContacts(ctx, a.ID, store.ContactFilter{Sort: "password"})
	wantErr(t, err, store.ErrBadCursor)
}
