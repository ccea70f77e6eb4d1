package auth

import (
	"strings"
	"testing"
)

// FuzzParsePHC checks the stored-hash parser never panics, that anything it
// accepts is within the bounds VerifyPassword relies on, and that every
// accepted string has one spelling (it re-renders identically).
func FuzzParsePHC(f *testing.F) {
	for _, seed := range []string{
		"$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$rk2Mi3E4dgRMg0fHaYaptWVZRKqs//6b6k3/nntqGJk",
		"$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$MjZP1+1U9JUbDWvDvtLyEsZiNXOKEUxfi6O2oe46uxA",
		"", "$argon2id$", "$argon2id$v=19$m=,t=,p=$$", "$argon2id$v=19$m=4294967296,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		p, err := parsePHC(encoded)
		if err != nil {
			return
		}
		if p.time < 1 || p.threads < 1 || p.memory < 8*uint32(p.threads) || p.memory > maxMemory ||
			len(p.salt) < minSalt || len(p.key) < minKey || len(p.key) > maxKey {
			t.Fatalf("accepted out-of-bounds params %+v from %q", p, encoded)
		}
		if p.String() != encoded {
			t.Fatalf("accepted %q but it renders as %q", encoded, p.String())
		}
	})
}

// FuzzParseAPIKey checks ParseAPIKey never panics and accepts only the
// documented shape.
func FuzzParseAPIKey(f *testing.F) {
	f.Add("mia_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("mia_abcdefgh__-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-A")
	f.Add("")
	f.Fuzz(func(t *testing.T, plain string) {
		prefix, err := ParseAPIKey(plain)
		if err != nil {
			return
		}
		if len(plain) != apiKeyLen || !strings.HasPrefix(plain, "mia_"+prefix+"_") || strings.ContainsAny(plain, "\r\n=+/ ") {
			t.Fatalf("accepted %q with prefix %q", plain, prefix)
		}
	})
}
