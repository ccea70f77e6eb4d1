package plugin

import (
	"encoding/json"
	"testing"
)

// TestCheckProblemsReadTheChecksTexts: a connection's detail reads back as
// the problems the first-party checks name, each with its params; one
// unknown line leaves the whole detail unkeyed. (The plugins' own tests
// check that their real texts read back.)
func TestCheckProblemsReadTheChecksTexts(t *testing.T) {
	for _, tc := range []struct{ detail, want string }{
		{"whatsapp-cloud: WhatsApp refused the access token (Graph error 190: Invalid OAuth access token.): set a valid, unexpired access_token",
			`[{"reason":"token_refused","params":{"code":190,"detail":"Invalid OAuth access token."}}]`},
		{"twilio-sms: Twilio account AC1 has no phone number +5511999990000: check from (it must be one of the account's numbers)\n" +
			"twilio-sms: Twilio account AC1 has no Messaging Service MG9 (error 20404): check messaging_service_sid",
			`[{"reason":"no_sender","params":{"account":"AC1","from":"+5511999990000","kind":"phone_number"}},` +
				`{"reason":"no_messaging_service","params":{"account":"AC1","code":20404,"service":"MG9"}}]`},
		{"twilio-sms: phone number +1555 is not in the sender pool of Messaging Service MG1 (it has only +1556, +1557 and 3 more): check from (it must be one of the service's numbers: add it to the service at Twilio, or leave from empty to let the service choose)",
			`[{"reason":"not_in_sender_pool","params":{"from":"+1555","more":3,"numbers":"+1556, +1557","service":"MG1"}}]`},
		{"twilio-sms: phone number +1555 is not in the sender pool of Messaging Service MG1 (it has no phone numbers): check from (…)",
			`[{"reason":"not_in_sender_pool","params":{"from":"+1555","more":0,"numbers":"","service":"MG1"}}]`},
		{"whatsapp-cloud: could not reach the Graph API at http://127.0.0.1:9: dial tcp: connection refused",
			`[{"reason":"api_unreachable","params":{"api":"Graph API","url":"http://127.0.0.1:9"}}]`},
		{"twilio-sms: Twilio account AC1 has no short code 12345: check from (…)\nsomething new", `null`},
		{"notes: the token is invalid", `null`},
		{"", `null`},
	} {
		got, _ := json.Marshal(CheckProblems(tc.detail))
		if string(got) != tc.want {
			t.Errorf("%q\n got %s\nwant %s", tc.detail, got, tc.want)
		}
	}
	for _, text := range checkTexts {
		if CheckReasons[text.reason] == "" {
			t.Errorf("%s is not described", text.reason)
		}
	}
}
