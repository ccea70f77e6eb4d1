package contacts

import (
	"fmt"
	"testing"
)

// TestImportMessagesReadBackAsKeys: each message an import ends with reads
// back as its reason and params; a file the parser could not read is
// unreadable with the parser's words; no message is no key.
func TestImportMessagesReadBackAsKeys(t *testing.T) {
	for _, tc := range []struct {
		msg, reason, params string
	}{
		{importText(ImportInternalError, 0), ImportInternalError, "map[]"},
		{importText(ImportRowsHaveErrors, 12), ImportRowsHaveErrors, "map[count:12]"},
		{importText(ImportContactsChanged, 0), ImportContactsChanged, "map[]"},
		{`record on line 3: wrong number of fields`, ImportUnreadable, "map[detail:record on line 3: wrong number of fields]"},
		{"", "", "map[]"},
	} {
		reason, params := ImportMessageKey(tc.msg)
		if reason != tc.reason || fmt.Sprint(params) != tc.params {
			t.Errorf("%q: %s %v", tc.msg, reason, params)
		}
	}
}
