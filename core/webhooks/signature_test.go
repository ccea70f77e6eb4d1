package webhooks

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSignTheSpecVector: the vector of Standard Webhooks' libraries, and
// every sign vector of testdata/vectors (copied from the libraries' tests).
func TestSignTheSpecVector(t *testing.T) {
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if err != nil || got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("%q %v", got, err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "vectors", "signing_and_verification_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Sign []struct {
			Secret, MsgID, Payload, Expected string
			Timestamp                        int64
		} `json:"sign_vectors"`
		Invalid []struct{ Value string } `json:"invalid_signature_strings_used_in_tests"`
	}
	// The file's keys are snake_case.
	raw = []byte(strings.NewReplacer(`"msg_id"`, `"msgid"`, `"expected_signature"`, `"expected"`).Replace(string(raw)))
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Sign) < 2 {
		t.Fatalf("read %d vectors", len(file.Sign))
	}
	for _, v := range file.Sign {
		got, err := Sign(v.Secret, v.MsgID, v.Timestamp, []byte(v.Payload))
		if err != nil || got != v.Expected {
			t.Errorf("%s: %q %v, want %q", v.MsgID, got, err, v.Expected)
		}
		// The secret without its prefix is the same key.
		if bare, _ := Sign(strings.TrimPrefix(v.Secret, SecretPrefix), v.MsgID, v.Timestamp, []byte(v.Payload)); bare != v.Expected {
			t.Errorf("%s without whsec_: %q", v.MsgID, bare)
		}
		for _, bad := range file.Invalid {
			if bad.Value == got {
				t.Errorf("%s signs as a known invalid signature %q", v.MsgID, bad.Value)
			}
		}
	}
}

// TestSecretsKeyIsTheDecodedBytes: the key is the base64-decoded bytes
// after whsec_ (not the text), padded or not; an empty one is refused.
func TestSecretsKeyIsTheDecodedBytes(t *testing.T) {
	s, err := NewSecret()
	if err != nil || !strings.HasPrefix(s, SecretPrefix) {
		t.Fatalf("%q %v", s, err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, SecretPrefix))
	if err != nil || len(key) != 32 {
		t.Fatalf("a new secret's key is %d bytes: %v", len(key), err)
	}
	if got, err := secretKey(s); err != nil || string(got) != string(key) {
		t.Fatalf("key %x %v", got, err)
	}
	// Unpadded base64 is accepted, as the Python library does.
	if a, _ := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=", "m", 1, nil); a == "" {
		t.Fatal("padded")
	}
	if b, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "m", 1, nil); err != nil || b == "" {
		t.Fatalf("unpadded: %v", err)
	}
	for _, bad := range []string{"", SecretPrefix} {
		if _, err := Sign(bad, "m", 1, nil); err != ErrEmptySecret {
			t.Errorf("%q: %v", bad, err)
		}
	}
	two, _ := signatures([]string{s, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, "m", 1, []byte("{}"))
	if parts := strings.Fields(two); len(parts) != 2 || !strings.HasPrefix(parts[1], "v1,") {
		t.Fatalf("two secrets sign %q", two)
	}
}
