package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/masteria/masteria/core/store"
)

// testTagsFold: an audience's tags and the contact list's tag filter
// match a contact's tags whatever their case and accents ("VIP" selects
// "vip", "promoção" selects "PROMOCAO"), and only the tenant's.
func testTagsFold(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "tf")
	b, _ := Seed(t, s, "tf-other")
	byName := map[string]store.Contact{}
	for i, c := range []struct {
		name string
		tags []string
	}{{"ana", []string{"vip"}}, {"bia", []string{"VIP", "Promoção"}}, {"caio", []string{"Vip", "churned"}},
		{"davi", []string{"PROMOCAO"}}, {"eva", []string{"lead"}}} {
		ct := NewContact(a.ID, c.name)
		ct.Tags, ct.Phone = c.tags, "+551190000001"+string(rune('0'+i))
		must(t, s.CreateContact(ctx, ct))
		byName[c.name] = ct
	}
	foreign := NewContact(b.ID, "fora")
	foreign.Tags = []string{"vip"}
	must(t, s.CreateContact(ctx, foreign))

	names := func(cs []store.Contact) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Name)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name string
		q    store.AudienceQuery
		want []string
	}{
		{"all", store.AudienceQuery{AllTags: []string{"VIP"}}, []string{"ana", "bia", "caio"}},
		{"all, two", store.AudienceQuery{AllTags: []string{"vip", "promocao"}}, []string{"bia"}},
		{"any, accents", store.AudienceQuery{AnyTags: []string{"PROMOÇÃO"}}, []string{"bia", "davi"}},
		{"none", store.AudienceQuery{AllTags: []string{"vip"}, NoneTags: []string{"Churned"}}, []string{"ana", "bia"}},
		{"unknown", store.AudienceQuery{AllTags: []string{"nada"}}, []string{}},
		{"none unknown", store.AudienceQuery{NoneTags: []string{"nada"}}, []string{"ana", "bia", "caio", "davi", "eva"}},
	} {
		tc.q.Limit = 50
		page, err := s.AudiencePage(ctx, a.ID, tc.q)
		must(t, err)
		if got := names(page); !slices.Equal(got, tc.want) {
			t.Errorf("audience %s: %v, want %v", tc.name, got, tc.want)
		}
	}
	for tag, want := range map[string][]string{"VIP": {"ana", "bia", "caio"}, "promoçao": {"bia", "davi"}, "nada": {}} {
		list, _, err := s.ListContacts(ctx, a.ID, store.ContactFilter{Tag: tag})
		must(t, err)
		if got := names(list); !slices.Equal(got, want) {
			t.Errorf("contacts tagged %q: %v, want %v", tag, got, want)
		}
	}
}
