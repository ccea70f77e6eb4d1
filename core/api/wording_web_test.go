package api

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/campaigns"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/plugin"
)

// TestDashboardWordsEveryKey: every key the server sends for the
// dashboard to word (refusals, field problems, import rows, lint
// problems, why a send waits) has its pt-BR and English text in
// web/src/i18n/sections, so none falls back to English unnoticed.
func TestDashboardWordsEveryKey(t *testing.T) {
	var src string
	for _, f := range []string{"reasons.ts", "serverTexts.ts"} {
		b, err := os.ReadFile("../../web/src/i18n/sections/" + f)
		if err != nil {
			t.Fatal(err)
		}
		src += string(b)
	}
	groups := map[string][]string{
		"refusals":     sortedKeys(apperr.Reasons),
		"fieldReasons": sortedKeys(apperr.FieldReasons),
		"importRows":   {contacts.RowCellCount, contacts.RowOwnerNotMember, contacts.RowTwoContacts},
		"importMessages": {contacts.ImportInternalError, contacts.ImportRowsHaveErrors, contacts.ImportContactsChanged,
			contacts.ImportUnreadable},
		"lintProblems":  sortedKeys(flow.Reasons),
		"checkProblems": sortedKeys(plugin.CheckReasons),
		"sendWaits": {campaigns.WaitThroughput, campaigns.WaitPair, campaigns.WaitTier, campaigns.WaitBackoff,
			campaigns.WaitPacing, campaigns.WaitOutsideHours, campaigns.WaitPaused},
	}
	for _, lang := range []string{"ptBR", "en"} {
		for group, keys := range groups {
			words := wordedKeys(t, src, lang, group)
			for _, k := range keys {
				if !words[k] && !words[k+"_one"] {
					t.Errorf("web %s has no %s.%s", lang, group, k)
				}
			}
		}
	}
}

// wordedKeys is the keys of one group (refusals: {…}) in one language's
// object (export const ptBR = {…}) of the sections' source.
func wordedKeys(t *testing.T, src, lang, group string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, obj := range strings.Split(src, "export const ")[1:] {
		if !strings.HasPrefix(obj, lang+" ") && !strings.HasPrefix(obj, lang+":") {
			continue
		}
		_, block, ok := strings.Cut(obj, "\n  "+group+": {\n")
		if !ok {
			continue
		}
		block, _, _ = strings.Cut(block, "\n  },")
		for _, m := range regexp.MustCompile(`(?m)^    ([a-z_A-Z]+):`).FindAllStringSubmatch(block, -1) {
			out[m[1]] = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("web %s has no %s group", lang, group)
	}
	return out
}
