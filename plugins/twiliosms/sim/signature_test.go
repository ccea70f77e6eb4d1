package sim

import (
	"encoding/json"
	"net/url"
	"testing"
)

// signatureCase is one entry of request_validation_vectors.json.
type signatureCase struct {
	ID                string         `json:"id"`
	AuthToken         string         `json:"auth_token"`
	URL               string         `json:"url"`
	Params            map[string]any `json:"params"`
	OrderedPairs      [][2]string    `json:"params_as_ordered_pairs"`
	Body              string         `json:"body"`
	ContentType       string         `json:"content_type"`
	ExpectedSignature string         `json:"expected_signature"`
	ExpectValid       bool           `json:"expect_valid"`
	SignedStringURL   string         `json:"signed_string_url"`
}

// values turns the case's params into form values (arrays are repeated keys).
func (c signatureCase) values() url.Values {
	v := url.Values{}
	if len(c.OrderedPairs) > 0 {
		for _, p := range c.OrderedPairs {
			v.Add(p[0], p[1])
		}
		return v
	}
	for k, val := range c.Params {
		switch x := val.(type) {
		case string:
			v.Add(k, x)
		case []any:
			for _, s := range x {
				v.Add(k, s.(string))
			}
		}
	}
	if c.ContentType == "application/x-www-form-urlencoded" {
		v, _ = url.ParseQuery(c.Body)
	}
	return v
}

// TestSignatureMatchesTwilioVectors checks Signature, which signs every
// callback the simulator sends, against the SDKs' published test cases:
// each valid case reproduces over the URL form it was signed with; each
// invalid one does not match.
func TestSignatureMatchesTwilioVectors(t *testing.T) {
	var doc struct {
		Cases []signatureCase `json:"cases"`
	}
	if err := json.Unmarshal(readVector(t, "request_validation_vectors.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) != 24 {
		t.Fatalf("%d cases, want the 24 published", len(doc.Cases))
	}
	for _, c := range doc.Cases {
		t.Run(c.ID, func(t *testing.T) {
			params := c.values()
			if c.ExpectValid {
				if got := Signature(c.AuthToken, c.SignedStringURL, params); got != c.ExpectedSignature {
					t.Fatalf("Signature over %s = %s, want %s", c.SignedStringURL, got, c.ExpectedSignature)
				}
				return
			}
			if c.Body != "" && c.Params != nil {
				t.Skip("invalid only because the URL lacks bodySHA256: a receiver rule, not a signing one")
			}
			if got := Signature(c.AuthToken, c.URL, params); got == c.ExpectedSignature {
				t.Fatalf("an invalid published signature reproduced: %s", got)
			}
		})
	}
}

func TestSegments(t *testing.T) {
	long := func(n int, s string) string {
		out := ""
		for range n {
			out += s
		}
		return out
	}
	cases := []struct {
		body string
		want int
	}{
		{"", 1},
		{"Hi there", 1},
		{long(160, "a"), 1},
		{long(161, "a"), 2},
		{long(306, "a"), 2},
		{long(307, "a"), 3},
		{long(80, "€"), 1}, // extension characters take two septets
		{long(81, "€"), 2},
		{"Olá, ação confirmada", 1}, // ç and ã are not GSM-7: UCS-2
		{long(70, "ã"), 1},
		{long(71, "ã"), 2},
		{long(35, "😀"), 1}, // surrogate pairs count twice
		{long(36, "😀"), 2},
	}
	for _, c := range cases {
		if got := Segments(c.body); got != c.want {
			t.Errorf("Segments(%d runes %q…) = %d, want %d", len([]rune(c.body)), firstRunes(c.body), got, c.want)
		}
	}
}

func firstRunes(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 5)])
}
