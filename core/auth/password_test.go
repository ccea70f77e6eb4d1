package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/auth"
)

// Known answers for password "correct horse", salt "0123456789abcdef",
// computed with the reference C implementation (libargon2 argon2id_hash_raw).
const (
	fixedKey  = "rk2Mi3E4dgRMg0fHaYaptWVZRKqs//6b6k3/nntqGJk" // m=19456,t=2,p=1
	lightKey  = "MjZP1+1U9JUbDWvDvtLyEsZiNXOKEUxfi6O2oe46uxA" // m=64,t=1,p=1
	fixedHash = "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$" + fixedKey
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndVerifyPassword(t *testing.T) {
	encoded, err := auth.HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(encoded) {
		t.Fatalf("encoding %q is not the expected PHC form", encoded)
	}
	if again, _ := auth.HashPassword("correct horse"); again == encoded {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	tests := map[string]bool{"correct horse": true, "correct horsE": false, "": false, "correct horse ": false}
	for pw, want := range tests {
		t.Run(pw, func(t *testing.T) {
			if got, err := auth.VerifyPassword(encoded, pw); got != want || err != nil {
				t.Fatalf("VerifyPassword(%q) = %v, %v; want %v", pw, got, err, want)
			}
		})
	}
	if auth.NeedsRehash(encoded) {
		t.Fatal("fresh hash reported as needing a rehash")
	}
}

func TestVerifyPasswordKnownAnswer(t *testing.T) {
	ok, err := auth.VerifyPassword(fixedHash, "correct horse")
	if !ok || err != nil {
		t.Fatalf("known-answer hash did not verify: %v, %v", ok, err)
	}
	// Other parameters in the string must be honoured, not the defaults.
	light := "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$" + lightKey
	if ok, err := auth.VerifyPassword(light, "correct horse"); !ok || err != nil {
		t.Fatalf("hash with m=64,t=1 did not verify: %v, %v", ok, err)
	}
	if !auth.NeedsRehash(light) {
		t.Fatal("m=64,t=1 hash should need a rehash")
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	salt, key := "MDEyMzQ1Njc4OWFiY2RlZg", fixedKey
	tests := map[string]string{
		"empty":           "",
		"bcrypt":          "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"argon2i":         "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key,
		"version 16":      "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key,
		"missing part":    "$argon2id$v=19$m=19456,t=2,p=1$" + salt,
		"extra part":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$x",
		"params order":    "$argon2id$v=19$t=2,m=19456,p=1$" + salt + "$" + key,
		"params missing":  "$argon2id$v=19$m=19456,t=2$" + salt + "$" + key,
		"zero time":       "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key,
		"zero threads":    "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key,
		"threads 256":     "$argon2id$v=19$m=19456,t=2,p=256$" + salt + "$" + key,
		"huge memory":     "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key,
		"tiny memory":     "$argon2id$v=19$m=7,t=2,p=1$" + salt + "$" + key,
		"negative":        "$argon2id$v=19$m=-1,t=2,p=1$" + salt + "$" + key,
		"leading zero":    "$argon2id$v=19$m=019456,t=2,p=1$" + salt + "$" + key,
		"plus sign":       "$argon2id$v=19$m=+19456,t=2,p=1$" + salt + "$" + key,
		"padded salt":     "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + key,
		"url salt":        "$argon2id$v=19$m=19456,t=2,p=1$" + strings.Repeat("_", 22) + "$" + key,
		"short salt":      "$argon2id$v=19$m=19456,t=2,p=1$MDEy$" + key,
		"short hash":      "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$MDEyMzQ1Njc4OQ",
		"newline in hash": "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key[:20] + "\n" + key[20:],
		"no leading $":    "argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$",
	}
	for name, encoded := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := auth.VerifyPassword(encoded, "correct horse")
			if ok || !errors.Is(err, auth.ErrMalformedHash) {
				t.Fatalf("VerifyPassword(%q) = %v, %v; want ErrMalformedHash", encoded, ok, err)
			}
			if !auth.NeedsRehash(encoded) {
				t.Fatal("malformed hash should need a rehash")
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := map[string]struct {
		pw   string
		want error
	}{
		"empty":              {"", auth.ErrPasswordTooShort},
		"7 chars":            {"abcdefg", auth.ErrPasswordTooShort},
		"8 chars":            {"abcdefgh", nil},
		"8 runes 16 bytes":   {"éééééééé", nil},
		"7 runes 14 bytes":   {"ééééééé", auth.ErrPasswordTooShort},
		"256 bytes":          {strings.Repeat("a", 256), nil},
		"257 bytes":          {strings.Repeat("a", 257), auth.ErrPasswordTooLong},
		"129 runes 258 byte": {strings.Repeat("é", 129), auth.ErrPasswordTooLong},
		"invalid utf8":       {"abcdefgh\xff", auth.ErrPasswordEncoding},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if err := auth.ValidatePassword(tc.pw); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("ValidatePassword = %v, want %v", err, tc.want)
			}
		})
	}
}
