package contacts

import (
	"maps"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDashboardMatchesHeadersLikeTheServer keeps the import dialog's
// automatic column mapping (web/src/pages/contacts/csvMapping.ts, which
// pre-fills the mapping screen) equal to the server's synonyms.
func TestDashboardMatchesHeadersLikeTheServer(t *testing.T) {
	src, err := os.ReadFile("../../../web/src/pages/contacts/csvMapping.ts")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(src), "const SYNONYMS: Record<string, string> = {")
	block, _, ok2 := strings.Cut(block, "};")
	if !ok || !ok2 {
		t.Fatal("csvMapping.ts has no SYNONYMS object")
	}
	web := map[string]string{}
	for _, m := range regexp.MustCompile(`"?([^",{}\n]+?)"?: "([a-z_]+)"`).FindAllStringSubmatch(block, -1) {
		web[strings.TrimSpace(m[1])] = m[2]
	}
	if !maps.Equal(web, synonyms) {
		t.Fatalf("the dashboard's synonyms differ from the server's:\nweb    %v\nserver %v", web, synonyms)
	}
}
