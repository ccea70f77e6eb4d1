package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// SearchPages checks that searching pages through exactly the matches,
// newest first by arrival (not by provider time), whatever the page size,
// across conversations or in one, never showing another tenant's messages.
// Drivers that search in steps run it with their steps made small.
func SearchPages(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	conv := func(tenant string) store.Conversation {
		c := NewContact(tenant, "x")
		must(t, s.CreateContact(ctx, c))
		cv, _, err := s.ConversationFor(ctx, NewConversation(tenant, c.ID, "conn"))
		must(t, err)
		return cv
	}
	ca, ca2, cb := conv(a.ID), conv(a.ID), conv(b.ID)
	t0 := time.Now()
	var texts []string // tenant a's, in arrival order
	convOf := map[string]string{}
	for i := 0; i < 40; i++ {
		c, text := ca, fmt.Sprintf("nada a ver %d", i)
		if i%2 == 1 {
			c = ca2
		}
		if i%3 == 0 {
			text = fmt.Sprintf("pedido de bolo %d", i)
		}
		if i < 4 {
			text += " antigo"
		}
		if i == 9 || i == 30 { // a rune SQLite's Go-side matcher leaves to FTS5
			text += " 🎂"
		}
		// Provider times run backwards: arrival decides the order.
		m := NewMessage(c, text, t0.Add(-time.Duration(i)*time.Second))
		m.ProviderMessageID = fmt.Sprint("pa", i)
		_, err := s.InsertMessage(ctx, m)
		must(t, err)
		texts, convOf[text] = append(texts, text), c.ID
		if i%4 == 0 {
			other := NewMessage(cb, fmt.Sprintf("bolo antigo de b %d", i), t0)
			other.ProviderMessageID = fmt.Sprint("pb", i)
			_, err = s.InsertMessage(ctx, other)
			must(t, err)
		}
	}
	want := func(convID string, match func(string) bool) []string {
		var out []string
		for _, text := range slices.Backward(texts) {
			if match(text) && (convID == "" || convOf[text] == convID) {
				out = append(out, text)
			}
		}
		return out
	}
	has := func(words ...string) func(string) bool {
		return func(text string) bool {
			for _, w := range words {
				if !containsWordPrefix(text, w) {
					return false
				}
			}
			return true
		}
	}
	for _, c := range []struct {
		q, convID string
		match     func(string) bool
	}{
		{"bolo", "", has("bolo")},
		{"antig", "", has("antigo")},
		{"pedido antigo", "", has("pedido", "antigo")},
		{"ver", "", has("ver")},
		{"zzz", "", has("zzz")},
		{"bolo", ca.ID, has("bolo")},
		{"nada", ca2.ID, has("nada")},
	} {
		for _, size := range []int{1, 2, 3, 5, 50} {
			var got []string
			cursor := ""
			for pages := 0; ; pages++ {
				if pages > 40 {
					t.Fatalf("%q: endless paging", c.q)
				}
				items, next, err := s.SearchMessages(ctx, a.ID, c.q, c.convID, store.Page{Limit: size, Cursor: cursor})
				must(t, err)
				if len(items) > size {
					t.Fatalf("%q: %d items on a page of %d", c.q, len(items), size)
				}
				for _, m := range items {
					got = append(got, m.Text)
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			if w := want(c.convID, c.match); !slices.Equal(got, w) {
				t.Fatalf("search %q in %q, pages of %d:\n got %q\nwant %q", c.q, c.convID, size, got, w)
			}
		}
	}
}

// containsWordPrefix reports whether a word of text starts with prefix.
func containsWordPrefix(text, prefix string) bool {
	for _, w := range strings.Fields(text) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}
