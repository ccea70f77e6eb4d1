package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSQLiteTokensMatchFTS5 indexes "q<r>q" for every rune of Latin-1 and
// of symbolBlocks and checks that FTS5 made the tokens ftsTokens makes
// wherever foldRune vouches for the rune.
func TestSQLiteTokensMatchFTS5(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	_, err = db.ExecContext(ctx, `CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61 remove_diacritics 2');
		CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)`)
	if err != nil {
		t.Fatal(err)
	}
	var runes []rune
	for r := rune(1); r <= 0xff; r++ {
		runes = append(runes, r)
	}
	for _, b := range symbolBlocks {
		for r := b[0]; r <= b[1]; r++ {
			runes = append(runes, r)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO f(rowid, body) VALUES ($1, $2)`, int64(r), "q"+string(r)+"q"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := map[rune][]string{}
	rs, err := db.QueryContext(ctx, `SELECT doc, term FROM v ORDER BY doc, offset`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	for rs.Next() {
		var doc int64
		var term string
		if err := rs.Scan(&doc, &term); err != nil {
			t.Fatal(err)
		}
		got[rune(doc)] = append(got[rune(doc)], term)
	}
	vouched := 0
	for _, r := range runes {
		want, ok := ftsTokens("q" + string(r) + "q")
		if !ok && r <= 0xff {
			t.Errorf("%U: Latin-1 not vouched for", r)
		}
		if !ok {
			continue
		}
		vouched++
		if !slices.Equal(want, got[r]) {
			t.Errorf("%U: FTS5 made %q, ftsTokens %q", r, got[r], want)
		}
	}
	if vouched < len(runes)-100 {
		t.Errorf("only %d of %d runes vouched for", vouched, len(runes))
	}
	if toks, ok := ftsTokens("Obrigado!🎂👍🏽 kkk🤣"); !ok || !slices.Equal(toks, []string{"obrigado", "🏽", "kkk🤣"}) {
		t.Errorf("a chat text: %q (%v)", toks, ok)
	}
	if _, ok := ftsTokens("obrigado Ω"); ok {
		t.Error("a Greek letter (unverified) was vouched for")
	}
}

// TestPrefixMatcher covers the Go side of the window: folding, every term
// as a prefix of some token, and undecided texts.
func TestPrefixMatcher(t *testing.T) {
	m, ok := newPrefixMatcher([]string{"orçam", "pra"})
	if !ok {
		t.Fatal("terms refused")
	}
	for text, want := range map[string][2]bool{
		"Orçamento do PRAZO":                       {true, true},
		"orcamento, prazo!":                        {true, true},
		"orçamento e entrega":                      {false, true},
		"prazo: orçam.":                            {true, true},
		"xorcamento prazo":                         {false, true},
		"orçamento prazo 🎂":                        {true, true},
		"orçamento🎂 prazo✅":                        {true, true},
		"orçamento prazo Ω":                        {false, false},
		"orçamento prazo \x00":                     {false, false},
		"orçamento prazo \xff":                     {false, false},
		"orçamentoprazo":                           {false, true},
		"prazo " + strings.Repeat("orçamento", 20): {true, true},
		"prazo orçax":                              {false, true},
	} {
		matched, decided := m.match([]byte(text))
		if [2]bool{matched, decided} != want {
			t.Errorf("%q: matched %v decided %v, want %v", text, matched, decided, want)
		}
	}
	if _, ok := newPrefixMatcher([]string{"okΩ"}); ok {
		t.Error("a term with an unverified rune was accepted")
	}
}
