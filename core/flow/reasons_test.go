package flow

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintProblemsCarryTheirReasons: problems people commonly meet carry
// a documented reason and the params the message names, beside the
// unchanged English; the did-you-mean is a param of its own.
func TestLintProblemsCarryTheirReasons(t *testing.T) {
	cat := testCatalog(t)
	cases := map[string][]string{ // golden file → "reason params" of each problem, in order
		"dangling-reference": {
			`dangling_step {"step":"suport","suggestion":"support"}`,
			`dangling_step {"step":"menu","suggestion":""}`,
			`dangling_step {"step":"fallback","suggestion":""}`,
			`dangling_step {"step":"transcribe","suggestion":""}`,
			`dangling_step {"step":"begin","suggestion":""}`,
		},
	}
	for name, want := range cases {
		src, err := os.ReadFile(filepath.Join("testdata", "lint", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		diags := Lint("f.yaml", src, cat)
		if len(diags) != len(want) {
			t.Fatalf("%s: %v", name, diags)
		}
		for i, d := range diags {
			params, _ := json.Marshal(d.Params)
			if got := d.Reason + " " + string(params); got != want[i] {
				t.Fatalf("%s[%d]: %s, want %s (%s)", name, i, got, want[i], d.Message)
			}
			if _, ok := Reasons[d.Reason]; !ok {
				t.Fatalf("%s is not documented", d.Reason)
			}
		}
	}
	src := "version: 1\nname: Bad Name\ntrigger: { on: mesage.received }\nsteps:\n  - id: a\n    uses: whatsapp.sendd\n  - id: b\n    uses: wait.reply\n    with: { timout: 1h }\n"
	var got []string
	for _, d := range Lint("f.yaml", []byte(src), cat) {
		params, _ := json.Marshal(d.Params)
		got = append(got, d.Reason+" "+string(params))
	}
	want := []string{`invalid_name {"name":"Bad Name"}`, `unknown_trigger {"suggestion":"message.received","trigger":"mesage.received"}`,
		`unknown_action {"action":"whatsapp.sendd","suggestion":"whatsapp.send"}`, `unknown_input {"input":"timout","suggestion":"timeout"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
