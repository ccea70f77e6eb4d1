package contacts

import (
	"strconv"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/store"
)

var budget = []store.FieldDef{{Key: "budget", Type: "number"}, {Key: "plan", Type: "select", Options: []string{"basic", "pro"}}}

func TestParseCSV(t *testing.T) {
	cases := []struct {
		name      string
		csv       string
		opts      ImportOptions
		rows      int
		problems  []string // "row:field:reason"
		fatal     string
		checkLast func(t *testing.T, c store.Contact)
	}{
		{name: "synonyms, semicolons and BOM", csv: "\ufeffNome;Telefone;E-mail;Etiquetas\nMaria;(11) 8765-4321;Maria@Example.com;vip,lead\n",
			rows: 1, checkLast: func(t *testing.T, c store.Contact) {
				if c.Name != "Maria" || c.Phone != "+5511987654321" || c.Email != "maria@example.com" || strings.Join(c.Tags, "|") != "vip|lead" {
					t.Fatalf("%+v", c)
				}
			}},
		{name: "explicit mapping skips other columns", csv: "Cliente,Cel,Obs\nAna,+55 21 99876-5432,ignored\n",
			opts: ImportOptions{Mapping: map[string]string{"Cliente": "name", "Cel": "phone", "Obs": ""}}, rows: 1,
			checkLast: func(t *testing.T, c store.Contact) {
				if c.Phone != "+5521998765432" || c.Name != "Ana" {
					t.Fatalf("%+v", c)
				}
			}},
		{name: "custom fields convert text", csv: "name,budget,field:plan\nBia,\"1500,50\",pro\n", rows: 1,
			checkLast: func(t *testing.T, c store.Contact) {
				if c.Fields["budget"] != 1500.5 || c.Fields["plan"] != "pro" {
					t.Fatalf("%+v", c.Fields)
				}
			}},
		{name: "options tags on every row", csv: "name\nA\nB\n", opts: ImportOptions{Tags: []string{"feira-2025"}}, rows: 2,
			checkLast: func(t *testing.T, c store.Contact) {
				if len(c.Tags) != 1 || c.Tags[0] != "feira-2025" {
					t.Fatalf("%+v", c.Tags)
				}
			}},
		{name: "empty rows are skipped", csv: "name,phone\n,\nCaio,\n", rows: 1},
		{name: "bad cells are reported per row", csv: "name,phone,email,budget,plan\nok,,,,\nx,123,not-an-email,abc,gold\ny,,,NaN,\n",
			rows: 1, problems: []string{"3:email:invalid_email", "3:fields.budget:not_number", "3:fields.plan:one_of", "3:phone:invalid_phone", "4:fields.budget:not_number"}},
		{name: "wrong cell count", csv: "name,phone\nA\n", problems: []string{"2::cell_count"}},
		{name: "unknown mapping target", csv: "a\n1\n", opts: ImportOptions{Mapping: map[string]string{"a": "password"}}, fatal: "not a contact field"},
		{name: "mapping names a missing column", csv: "a\n1\n", opts: ImportOptions{Mapping: map[string]string{"b": "name"}}, fatal: "does not have"},
		{name: "two columns to one field", csv: "phone,celular\n1,2\n", fatal: "two columns"},
		{name: "malformed quotes", csv: "name\n\"unterminated\n", fatal: "malformed CSV"},
		{name: "no header", csv: "", fatal: "no header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, problems, err := ParseCSV([]byte(c.csv), c.opts, budget, nil)
			if c.fatal != "" {
				if err == nil || !strings.Contains(err.Error(), c.fatal) {
					t.Fatalf("error %v, want %q", err, c.fatal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, strconv.Itoa(p.Row)+":"+p.Field+":"+p.Reason)
			}
			if len(rows) != c.rows || strings.Join(got, " ") != strings.Join(c.problems, " ") {
				t.Fatalf("rows %d (want %d), problems %v (want %v)", len(rows), c.rows, problems, c.problems)
			}
			if c.checkLast != nil {
				c.checkLast(t, rows[len(rows)-1].Contact)
			}
		})
	}
}

// FuzzParseCSV: any file either fails as a whole with an error, or yields
// rows whose contacts carry only normalized addresses, and problems that
// name a row after the header.
func FuzzParseCSV(f *testing.F) {
	f.Add("nome;telefone\nMaria;(11) 8765-4321\n", "")
	f.Add("name,phone,email,tags,budget\nA,+5511987654321,a@b.co,x;y,12\n", "")
	f.Add("a,b\n\"x\"\"y\",2\n", "name")
	f.Add("\ufeffphone\n+1 415 555 2671\n", "")
	f.Fuzz(func(t *testing.T, data, mapTo string) {
		var opts ImportOptions
		if mapTo != "" {
			opts.Mapping = map[string]string{"a": mapTo}
		}
		rows, problems, err := ParseCSV([]byte(data), opts, budget, nil)
		if err != nil {
			return
		}
		for _, r := range rows {
			c := r.Contact
			if c.Phone != "" && !strings.HasPrefix(c.Phone, "+") || c.Email != strings.ToLower(c.Email) {
				t.Fatalf("row %d not normalized: %+v", r.Line, c)
			}
		}
		for _, p := range problems {
			if p.Row < 2 || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}
