package phone

import (
	"strings"
	"testing"
)

// FuzzNormalize: any input either fails cleanly or yields a stable E.164
// number that normalizes to itself and round-trips as a WhatsApp ID.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"+5511987654321", "(11) 8765-4321", "011 98765 4321", "+1 415 555 2671", "tel:+55-11", "", "+", "٠١٢٣"} {
		f.Add(s, "BR")
	}
	f.Add("415 555 2671", "US")
	f.Fuzz(func(t *testing.T, raw, region string) {
		got, err := Normalize(raw, region)
		if err != nil {
			return
		}
		if !strings.HasPrefix(got, "+") || len(got) > 16 {
			t.Fatalf("%q → %q is not E.164", raw, got)
		}
		again, err := Normalize(got, "")
		if err != nil || again != got {
			t.Fatalf("%q → %q → %q (%v): not stable", raw, got, again, err)
		}
		if back, err := FromWhatsAppID(WhatsAppID(got)); err != nil || back != got {
			t.Fatalf("%q: WhatsApp ID round trip %q (%v)", got, back, err)
		}
	})
}
