package twiliosms

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// SignatureHeader carries Twilio's request signature.
const SignatureHeader = "X-Twilio-Signature"

// ValidSignature reports whether signature is Twilio's X-Twilio-Signature
// of a request to requestURL, the URL exactly as Twilio requested it
// (scheme, host, optional port, path and query).
//
// For a form POST, pass its parameters as form: the signed string is the
// URL followed by every name+value, names sorted byte-wise and a repeated
// name's values sorted and de-duplicated (as twilio-python and
// twilio-node do). For a JSON body, pass it as jsonBody: no parameters are
// signed, and the URL's bodySHA256 query parameter must be the body's
// SHA-256 (hex). The signature is HMAC-SHA1 keyed with the Auth Token,
// base64-encoded.
//
// Validators must accept every URL form Twilio may have signed, so the
// URL is tried as given, with its port removed or with the scheme's
// default port (:443, :80) added, and with apostrophes encoded as %27 or
// decoded from it (twilio-node's legacy query encoding). Comparison is in
// constant time.
func ValidSignature(authToken, signature, requestURL string, form url.Values, jsonBody []byte) bool {
	want, err := base64.StdEncoding.DecodeString(signature)
	if err != nil || authToken == "" || len(want) != sha1.Size {
		return false
	}
	if jsonBody != nil {
		if !bodyHashMatches(requestURL, jsonBody) {
			return false
		}
		form = nil
	}
	params := paramString(form)
	for _, u := range urlForms(requestURL) {
		mac := hmac.New(sha1.New, []byte(authToken))
		mac.Write([]byte(u))
		mac.Write([]byte(params))
		if hmac.Equal(want, mac.Sum(nil)) {
			return true
		}
	}
	return false
}

// Sign returns the X-Twilio-Signature of a request to fullURL with form
// params, in the one canonical form (the URL as given).
func Sign(authToken, fullURL string, form url.Values) string {
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(fullURL + paramString(form)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// paramString is the form's part of the signed string.
func paramString(form url.Values) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(form)) {
		vals := slices.Compact(slices.Sorted(slices.Values(form[k])))
		for _, v := range vals {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	return b.String()
}

// bodyHashMatches checks the URL's bodySHA256 against body.
func bodyHashMatches(requestURL string, body []byte) bool {
	u, err := url.Parse(requestURL)
	if err != nil {
		return false
	}
	got := strings.ToLower(u.Query().Get("bodySHA256"))
	sum := sha256.Sum256(body)
	want := hex.EncodeToString(sum[:])
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// urlForms returns the URL forms Twilio may have signed for raw.
func urlForms(raw string) []string {
	forms := []string{raw}
	if alt, ok := withOtherPort(raw); ok {
		forms = append(forms, alt)
	}
	for _, f := range slices.Clone(forms) {
		for _, q := range []string{strings.ReplaceAll(f, "'", "%27"), strings.ReplaceAll(f, "%27", "'")} {
			forms = append(forms, q)
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(forms)))
}

// withOtherPort returns raw without its port, or with the scheme's default
// port when it has none. Userinfo, path and query are kept byte for byte.
func withOtherPort(raw string) (string, bool) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return "", false
	}
	start := i + 3
	end := len(raw)
	if j := strings.IndexAny(raw[start:], "/?#"); j >= 0 {
		end = start + j
	}
	authority := raw[start:end]
	hostStart := start + strings.LastIndex(authority, "@") + 1
	hostport := raw[hostStart:end]
	if c := strings.LastIndex(hostport, ":"); c > strings.LastIndex(hostport, "]") {
		return raw[:hostStart] + hostport[:c] + raw[end:], true
	}
	port := map[string]string{"https": ":443", "http": ":80"}[strings.ToLower(raw[:i])]
	if port == "" {
		return "", false
	}
	return raw[:end] + port + raw[end:], true
}
