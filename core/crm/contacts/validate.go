package contacts

import (
	"maps"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm/phone"
	"github.com/masteria/masteria/core/store"
)

var (
	languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8}){0,2}$`)
	waDigits    = regexp.MustCompile(`^[0-9]{6,20}$`)
	tagRe       = regexp.MustCompile(`^[^\x00-\x1f,;]{1,64}$`)
)

// apply writes in's fields onto c, normalizing each. It returns the bad
// fields (by JSON name) and the names of the fields that changed.
func apply(c *store.Contact, in Input, defs []store.FieldDef) (map[string]apperr.Field, []string) {
	bad := map[string]apperr.Field{}
	var changed []string
	set := func(name string, dst *string, v *string, norm func(string) (string, apperr.Field)) {
		if v == nil {
			return
		}
		val, problem := strings.TrimSpace(*v), apperr.Field{}
		if val != "" && norm != nil {
			val, problem = norm(val)
		}
		if problem.Text != "" {
			bad[name] = problem
			return
		}
		if *dst != val {
			*dst = val
			changed = append(changed, name)
		}
	}
	set("name", &c.Name, in.Name, maxLen(200))
	set("phone", &c.Phone, in.Phone, func(v string) (string, apperr.Field) { return normPhone(v, in.Region) })
	set("whatsapp_id", &c.WhatsAppID, in.WhatsAppID, normWhatsApp)
	set("bsuid", &c.BSUID, in.BSUID, maxLen(128))
	set("username", &c.Username, in.Username, func(v string) (string, apperr.Field) { return maxLen(64)(strings.TrimPrefix(v, "@")) })
	set("email", &c.Email, in.Email, normEmail)
	set("owner_id", &c.OwnerID, in.OwnerID, maxLen(64))
	set("time_zone", &c.TimeZone, in.TimeZone, normTimeZone)
	set("language", &c.Language, in.Language, normLanguage)
	if len(in.Fields) > 0 {
		if setFields(c, in.Fields, defs, bad) {
			changed = append(changed, "fields")
		}
	}
	return bad, changed
}

func maxLen(n int) func(string) (string, apperr.Field) {
	return func(v string) (string, apperr.Field) {
		if len(v) > n {
			return "", apperr.Keyed("too long", apperr.FieldTooLong, apperr.P{"max": n})
		}
		return v, apperr.Field{}
	}
}

func normPhone(v, region string) (string, apperr.Field) {
	e, err := phone.Normalize(v, region)
	if err != nil {
		return "", apperr.Keyed("is not a valid phone number (give the country code, like +55 11 98765-4321)", apperr.FieldInvalidPhone, nil)
	}
	return e, apperr.Field{}
}

func normWhatsApp(v string) (string, apperr.Field) {
	v = strings.TrimPrefix(v, "+")
	if !waDigits.MatchString(v) {
		return "", apperr.Keyed("must be the digits of a WhatsApp number with its country code", apperr.FieldInvalidWhatsApp, nil)
	}
	return v, apperr.Field{}
}

func normEmail(v string) (string, apperr.Field) {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 {
		return "", apperr.Keyed("is not an email address", apperr.FieldInvalidEmail, nil)
	}
	return strings.ToLower(v), apperr.Field{}
}

func normTimeZone(v string) (string, apperr.Field) {
	if _, err := time.LoadLocation(v); err != nil || v == "Local" {
		return "", apperr.Keyed("is not an IANA time zone (like America/Sao_Paulo)", apperr.FieldInvalidTimeZone, nil)
	}
	return v, apperr.Field{}
}

func normLanguage(v string) (string, apperr.Field) {
	if !languageTag.MatchString(v) {
		return "", apperr.Keyed("is not a language tag (like pt-BR)", apperr.FieldInvalidLanguage, nil)
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '_' })
	parts[0] = strings.ToLower(parts[0])
	if len(parts) > 1 && len(parts[1]) == 2 {
		parts[1] = strings.ToUpper(parts[1])
	}
	return strings.Join(parts, "-"), apperr.Field{}
}

// normTags trims tags, drops duplicates and reports a bad one.
func normTags(tags []string) ([]string, apperr.Field) {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if !tagRe.MatchString(t) {
			return nil, apperr.Keyed("tags are 1 to 64 characters without commas or semicolons", apperr.FieldInvalidTags, nil)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, apperr.Field{}
}

// setFields validates custom field values against the tenant's
// definitions; null removes a value. It reports whether anything changed.
func setFields(c *store.Contact, in map[string]any, defs []store.FieldDef, bad map[string]apperr.Field) bool {
	before := maps.Clone(c.Fields)
	if c.Fields == nil {
		c.Fields = map[string]any{}
	}
	byKey := map[string]store.FieldDef{}
	for _, d := range defs {
		byKey[d.Key] = d
	}
	for k, v := range in {
		d, ok := byKey[k]
		switch {
		case !ok:
			bad["fields."+k] = apperr.Keyed("is not a custom field of this workspace", apperr.FieldNotCustomField, nil)
		case v == nil:
			delete(c.Fields, k)
		default:
			val, problem := fieldValue(d, v)
			if problem.Text != "" {
				bad["fields."+k] = problem
				continue
			}
			c.Fields[k] = val
		}
	}
	return !maps.EqualFunc(before, c.Fields, func(a, b any) bool { return a == b })
}
