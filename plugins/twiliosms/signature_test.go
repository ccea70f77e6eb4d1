package twiliosms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// validationVectors is testdata/vectors/request_validation_vectors.json:
// the X-Twilio-Signature cases of Twilio's SDK test suites.
type validationVectors struct {
	Cases []struct {
		ID          string         `json:"id"`
		AuthToken   string         `json:"auth_token"`
		URL         string         `json:"url"`
		Params      map[string]any `json:"params"`
		Body        *string        `json:"body"`
		ContentType string         `json:"content_type"`
		Signature   string         `json:"expected_signature"`
		Valid       bool           `json:"expect_valid"`
	} `json:"cases"`
	BodyHashes []struct {
		Body   string `json:"body"`
		SHA256 string `json:"sha256_hex"`
	} `json:"body_hash_vectors"`
	URLMatching struct {
		AuthToken string `json:"auth_token"`
		Cases     []struct {
			ServerURL string `json:"server_url"`
			TargetURL string `json:"target_url"`
			Valid     bool   `json:"expect_valid"`
		} `json:"cases"`
	} `json:"url_matching_vectors_node"`
}

func loadVectors(t *testing.T) validationVectors {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vectors", "request_validation_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v validationVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// formOf turns a vector's params (strings or lists of strings) into a form.
func formOf(params map[string]any) url.Values {
	if params == nil {
		return nil
	}
	form := url.Values{}
	for k, v := range params {
		switch x := v.(type) {
		case string:
			form.Add(k, x)
		case []any:
			for _, e := range x {
				form.Add(k, e.(string))
			}
		}
	}
	return form
}

// TestSignatureVectors runs every published case: sorted keys, repeated
// values, the URL forms (ports, credentials, apostrophes) and JSON bodies.
func TestSignatureVectors(t *testing.T) {
	v := loadVectors(t)
	if len(v.Cases) < 20 {
		t.Fatalf("only %d cases", len(v.Cases))
	}
	for _, c := range v.Cases {
		t.Run(c.ID, func(t *testing.T) {
			form := formOf(c.Params)
			var body []byte
			switch {
			case c.Body != nil && c.ContentType == "application/x-www-form-urlencoded":
				form, _ = url.ParseQuery(*c.Body)
			case c.Body != nil:
				body = []byte(*c.Body)
			}
			if got := ValidSignature(c.AuthToken, c.Signature, c.URL, form, body); got != c.Valid {
				t.Errorf("valid = %v, want %v", got, c.Valid)
			}
		})
	}
	for _, h := range v.BodyHashes {
		sum := sha256.Sum256([]byte(h.Body))
		if hex.EncodeToString(sum[:]) != h.SHA256 || !bodyHashMatches("https://x/?bodySHA256="+h.SHA256, []byte(h.Body)) {
			t.Errorf("body hash of %q", h.Body)
		}
	}
	for _, c := range v.URLMatching.Cases {
		sig := Sign(v.URLMatching.AuthToken, c.ServerURL, nil)
		if got := ValidSignature(v.URLMatching.AuthToken, sig, c.TargetURL, nil, nil); got != c.Valid {
			t.Errorf("signed %s, validated %s: %v, want %v", c.ServerURL, c.TargetURL, got, c.Valid)
		}
	}
}

// TestSignatureRejects: empty tokens, garbage signatures and a changed
// parameter fail.
func TestSignatureRejects(t *testing.T) {
	form := url.Values{"From": {"+1"}, "Body": {"oi"}}
	u := "https://example.com/hooks/c"
	sig := Sign("tok", u, form)
	if !ValidSignature("tok", sig, u, form, nil) {
		t.Fatal("a fresh signature does not verify")
	}
	for name, ok := range map[string]bool{
		"empty token":   ValidSignature("", sig, u, form, nil),
		"not base64":    ValidSignature("tok", "%%%", u, form, nil),
		"other token":   ValidSignature("tok2", sig, u, form, nil),
		"changed param": ValidSignature("tok", sig, u, url.Values{"From": {"+1"}, "Body": {"oi!"}}, nil),
		"other path":    ValidSignature("tok", sig, u+"/status", form, nil),
		"json no hash":  ValidSignature("tok", Sign("tok", u, nil), u, nil, []byte(`{}`)),
	} {
		if ok {
			t.Errorf("%s verifies", name)
		}
	}
}
