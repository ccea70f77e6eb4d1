package simjson

import (
	"strings"
	"testing"
)

type inbound struct {
	From string `json:"from"`
	Body string `json:"body,omitempty"`
	skip string
	Drop string `json:"-"`
}

func TestDecode(t *testing.T) {
	guesses := map[string]string{"text": "body"}
	for body, want := range map[string]string{
		`{"from":"+1","body":"oi"}`:     "",
		`{"from":"+1","text":"stop"}`:   `unknown field "text": did you mean "body"? The fields are from, body`,
		`{"from":"+1","colour":"x"}`:    `unknown field "colour"; the fields are from, body`,
		`{"from":"+1"} {"from":"+2"}`:   "more than one JSON value",
		`{"from":1}`:                    "cannot unmarshal",
		`{"from":"+1","te\"xt":"stop"}`: `unknown field "te\"xt"`,
	} {
		var in inbound
		err := Decode(strings.NewReader(body), &in, guesses)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	_ = inbound{}.skip
}
