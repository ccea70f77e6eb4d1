package phone

import (
	"errors"
	"fmt"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		name, raw, region, want string
		err                     error
	}{
		{"e164 br mobile", "+5511987654321", "", "+5511987654321", nil},
		{"br formatted", "(11) 98765-4321", "BR", "+5511987654321", nil},
		{"br trunk prefix", "011 98765 4321", "BR", "+5511987654321", nil},
		{"br spaces and dashes", "+55 11 9 8765-4321", "", "+5511987654321", nil},
		{"br mobile without the 9", "+55 11 8765-4321", "", "+5511987654321", nil},
		{"br national without the 9", "(21) 7654-3210", "BR", "+5521976543210", nil},
		{"br landline keeps 8 digits", "(11) 3333-4444", "BR", "+551133334444", nil},
		{"br landline 2", "+55 61 2345-6789", "", "+556123456789", nil},
		{"us number", "+1 415 555 2671", "", "+14155552671", nil},
		{"us national in US region", "(415) 555-2671", "us", "+14155552671", nil},
		{"portugal", "+351 912 345 678", "", "+351912345678", nil},
		{"empty", "   ", "", "", ErrEmpty},
		{"letters", "call me", "", "", ErrInvalid},
		{"too short", "+55 11 123", "", "", ErrInvalid},
		{"too long", "+5511987654321000000000000000000000000000000000000000000000000000000", "", "", ErrInvalid},
		{"unknown region", "98765-4321", "ZZ", "", ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalize(c.raw, c.region)
			if !errors.Is(err, c.err) || got != c.want {
				t.Fatalf("Normalize(%q, %q) = %q, %v; want %q, %v", c.raw, c.region, got, err, c.want, c.err)
			}
		})
	}
}

func TestFromWhatsAppID(t *testing.T) {
	cases := []struct {
		name, id, want string
		err            error
	}{
		{"br with 9", "5511987654321", "+5511987654321", nil},
		{"br without 9 is the same contact", "551187654321", "+5511987654321", nil},
		{"br landline", "551133334444", "+551133334444", nil},
		{"us", "14155552671", "+14155552671", nil},
		{"plus tolerated", "+5511987654321", "+5511987654321", nil},
		{"empty", "", "", ErrEmpty},
		{"letters", "55119876x4321", "", ErrInvalid},
		{"username is not a number", "maria.silva", "", ErrInvalid},
		{"not a number", "999", "", ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := FromWhatsAppID(c.id)
			if !errors.Is(err, c.err) || got != c.want {
				t.Fatalf("FromWhatsAppID(%q) = %q, %v; want %q, %v", c.id, got, err, c.want, c.err)
			}
		})
	}
}

func TestWhatsAppIDRoundTrip(t *testing.T) {
	e, _ := Normalize("(11) 98765-4321", "BR")
	back, err := FromWhatsAppID(WhatsAppID(e))
	if err != nil || back != e {
		t.Fatalf("%q → %q (%v)", e, back, err)
	}
}

// TestWhatsAppIDCache: a remembered answer is the parser's, errors
// included, and the cache never holds more than maxCached IDs.
func TestWhatsAppIDCache(t *testing.T) {
	for _, id := range []string{"551187654321", "5511987654321", "999", "14155550123"} {
		want, wantErr := parseWhatsAppID(id)
		for range 2 {
			got, err := FromWhatsAppID(id)
			if got != want || err != wantErr {
				t.Errorf("FromWhatsAppID(%s) = %q, %v; parsing gives %q, %v", id, got, err, want, wantErr)
			}
		}
	}
	for i := range maxCached + 10 {
		_, _ = FromWhatsAppID(fmt.Sprintf("55119%08d", i))
	}
	waCache.Lock()
	n := len(waCache.m)
	waCache.Unlock()
	if n > maxCached || n == 0 {
		t.Fatalf("cache holds %d IDs, bound %d", n, maxCached)
	}
}
