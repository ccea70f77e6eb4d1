package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteTokensMatchFTS5 indexes "q<r>q" for every rune foldRune vouches
// for and checks that FTS5 made the tokens ftsTokens makes.
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
	for r := rune(1); r <= 0xff; r++ {
		if _, err := db.ExecContext(ctx, `INSERT INTO f(rowid, body) VALUES ($1, $2)`, int64(r), "q"+string(r)+"q"); err != nil {
			t.Fatal(err)
		}
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
	for r := rune(1); r <= 0xff; r++ {
		want, ok := ftsTokens("q" + string(r) + "q")
		if !ok || len(want) != len(got[r]) || len(want) > 0 && (want[0] != got[r][0] || want[len(want)-1] != got[r][len(got[r])-1]) {
			t.Errorf("%U: FTS5 made %q, ftsTokens %q (%v)", r, got[r], want, ok)
		}
	}
	if _, ok := ftsTokens("obrigado 🎂"); ok {
		t.Error("an emoji was vouched for")
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
		"orçamento prazo 🎂":                        {false, false},
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
	if _, ok := newPrefixMatcher([]string{"ok🎂"}); ok {
		t.Error("a term with an emoji was accepted")
	}
}
