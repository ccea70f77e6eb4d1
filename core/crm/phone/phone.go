// Package phone turns the ways people write phone numbers into E.164, the
// one form contacts are stored and matched by. It knows Brazil's mobile
// "9th digit": since 2016 every Brazilian mobile number has nine digits
// after the area code, but WhatsApp IDs of older accounts (and old address
// books) still carry the eight-digit form. Both land on the same number.
package phone

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Errors for numbers that cannot be stored.
var (
	ErrEmpty   = errors.New("phone: empty number")
	ErrInvalid = errors.New("phone: not a valid phone number")
)

// maxLen bounds the input: no real number, however formatted, is longer.
const maxLen = 64

// Normalize parses raw as written by a person ("(11) 98765-4321",
// "+55 11 98765 4321", "011 98765 4321") and returns its E.164 form
// ("+5511987654321"). A number without a country code is read as a
// number of region (ISO 3166 code, "BR" when empty).
func Normalize(raw, region string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", ErrEmpty
	}
	if len(raw) > maxLen {
		return "", ErrInvalid
	}
	if region == "" {
		region = "BR"
	}
	n, err := phonenumbers.Parse(raw, strings.ToUpper(region))
	if err != nil {
		return "", ErrInvalid
	}
	return finish(n)
}

// FromWhatsAppID returns the E.164 number of a WhatsApp ID: the digits of
// the number with its country code and no "+" ("5511987654321", or the
// older "551187654321", which is the same Brazilian mobile).
func FromWhatsAppID(waID string) (string, error) {
	waID = strings.TrimPrefix(strings.TrimSpace(waID), "+")
	if waID == "" {
		return "", ErrEmpty
	}
	if len(waID) > 20 || strings.IndexFunc(waID, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return "", ErrInvalid
	}
	return cachedWhatsAppID(waID, parseWhatsAppID)
}

// parseWhatsAppID parses the digits of a WhatsApp ID.
func parseWhatsAppID(waID string) (string, error) {
	n, err := phonenumbers.Parse("+"+waID, "")
	if err != nil {
		return "", ErrInvalid
	}
	return finish(n)
}

// finish restores the Brazilian 9th digit, validates and formats.
func finish(n *phonenumbers.PhoneNumber) (string, error) {
	if n.GetCountryCode() == 55 {
		nsn := phonenumbers.GetNationalSignificantNumber(n)
		if fixed, ok := brazilNinthDigit(nsn); ok {
			if err := phonenumbers.ParseToNumber("+55"+fixed, "", n); err != nil {
				return "", ErrInvalid
			}
		}
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// brazilNinthDigit adds the 9 to an eight-digit Brazilian mobile number
// (area code + subscriber starting 6–9; landlines start 2–5).
func brazilNinthDigit(nsn string) (string, bool) {
	if len(nsn) != 10 || nsn[2] < '6' || nsn[2] > '9' {
		return nsn, false
	}
	return nsn[:2] + "9" + nsn[2:], true
}

// WhatsAppID is the WhatsApp ID form of an E.164 number (its digits).
func WhatsAppID(e164 string) string { return strings.TrimPrefix(e164, "+") }
