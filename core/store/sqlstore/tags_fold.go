package sqlstore

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldTag is a tag as tag conditions compare it: without accents, in
// lower case, so an audience's "VIP" selects contacts tagged "vip" and
// "promoção" those tagged "PROMOCAO".
func foldTag(tag string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.TrimSpace(tag)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// distinctTags lists the tenant's tags, one index seek on
// contact_tags(tenant_id, tag) per tag (a loose index scan) rather than a
// walk over every contact's tags.
const distinctTags = `WITH RECURSIVE d(tag) AS (
	SELECT min(tag) FROM contact_tags WHERE tenant_id = $1
	UNION ALL
	SELECT (SELECT min(tag) FROM contact_tags WHERE tenant_id = $1 AND tag > d.tag) FROM d WHERE d.tag IS NOT NULL
) SELECT tag FROM d WHERE tag IS NOT NULL`

// tagSpellings maps each of the wanted tags to the tenant's stored tags
// that fold as it does (foldTag), so a tag condition matches with the
// tag index's plain IN; a tag no contact has maps to itself, which
// matches nothing. No query is made when nothing is wanted.
func (q queries) tagSpellings(ctx context.Context, tenantID string, wanted ...[]string) (map[string][]string, error) {
	out := map[string][]string{}
	byFold := map[string][]string{}
	for _, tags := range wanted {
		for _, t := range tags {
			out[t] = []string{t}
			byFold[foldTag(t)] = nil
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	r, err := q.c.query(ctx, distinctTags, tenantID)
	stored, err := collect(r, err, func(r rows) (string, error) {
		var t string
		return t, r.Scan(&t)
	})
	if err != nil {
		return nil, err
	}
	for _, t := range stored {
		if f := foldTag(t); wantedFold(byFold, f) {
			byFold[f] = append(byFold[f], t)
		}
	}
	for t := range out {
		if s := byFold[foldTag(t)]; len(s) > 0 {
			out[t] = s
		}
	}
	return out, nil
}

// wantedFold reports whether a wanted tag folds to f.
func wantedFold(byFold map[string][]string, f string) bool { _, ok := byFold[f]; return ok }
