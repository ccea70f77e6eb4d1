package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

// TestValidate: a config the plugin cannot use is refused on the field
// that is wrong, saying what is expected; the configs the simulator, the
// demo and the tests use stay valid.
func TestValidate(t *testing.T) {
	valid := func(extra map[string]any) map[string]any {
		raw := simConfig("http://127.0.0.1:1", "http://127.0.0.1:2")
		for k, v := range extra {
			if v == nil {
				delete(raw, k)
			} else {
				raw[k] = v
			}
		}
		return raw
	}
	cases := []struct {
		name   string
		config map[string]any
		field  string // "" for a valid config
		want   string
	}{
		{"demo", valid(nil), "", ""},
		{"short code", valid(map[string]any{"from": sim.DemoShortCode}), "", ""},
		{"messaging service", valid(map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}), "", ""},
		{"API key", valid(map[string]any{"auth_token": nil, "api_key_sid": sim.DemoAPIKeySID, "api_key_secret": sim.DemoAPIKey}), "", ""},
		{"Brazilian mobile", valid(map[string]any{"from": "+5511987654321"}), "", ""},
		{"alphanumeric sender ID", valid(map[string]any{"from": "Loja Bela"}), "", ""},
		{"sender ID too long", valid(map[string]any{"from": "Loja Bela Vista"}), "from", "E.164 number"},
		{"sender ID with a dash", valid(map[string]any{"from": "Loja-Bela"}), "from", "E.164 number"},
		{"bad SID", valid(map[string]any{"account_sid": "bad"}), "account_sid", "AC followed by 32 hexadecimal characters"},
		{"SID not hex", valid(map[string]any{"account_sid": "AC" + strings.Repeat("z", 32)}), "account_sid", "AC followed by 32"},
		{"SID too long", valid(map[string]any{"account_sid": sim.DemoAccountSID + "0"}), "account_sid", "AC followed by 32"},
		{"3-digit from", valid(map[string]any{"from": "123"}), "from", "E.164 number"},
		{"national number", valid(map[string]any{"from": "11987654321"}), "from", "E.164 number"},
		{"too long", valid(map[string]any{"from": "+1234567890123456"}), "from", "E.164 number"},
		{"letters", valid(map[string]any{"from": "+1555ABC1234"}), "from", "E.164 number"},
		{"bad service", valid(map[string]any{"from": nil, "messaging_service_sid": "MG123"}), "messaging_service_sid", "MG followed by 32 hexadecimal characters"},
		{"bad API key", valid(map[string]any{"api_key_sid": "key", "api_key_secret": "s"}), "api_key_sid", "SK followed by 32"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := &Plugin{}
			cfg, err := p.Manifest().Config.Parse(tc.config)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Provision(context.Background(), sdk.Connection{ID: "c", Config: cfg, Host: sdk.Host{}}); err != nil {
				t.Fatal(err)
			}
			err = p.Validate()
			var fes sdk.FieldErrors
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("Validate = %v, want nil", err)
			case tc.field == "":
			case !errors.As(err, &fes) || len(fes) != 1 || fes[0].Path != tc.field || !strings.Contains(fes[0].Message, tc.want):
				t.Fatalf("Validate = %v, want one error on %s with %q", err, tc.field, tc.want)
			}
			if c, _, _ := sdk.ClassOf(err); err != nil && c != sdk.ClassPermanent {
				t.Errorf("class %v, want permanent", c)
			}
		})
	}
}

// TestCheck: the check fetches the account with the connection's
// credentials and says what to fix when Twilio refuses them; then it looks
// the sender up at the simulator, and a sender the account does not have
// is reported naming the field to fix (both at once when both are wrong).
// An alphanumeric sender ID is not looked up.
func TestCheck(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.Accounts = append(c.Accounts, otherTwilioAccount, bigPool) }, nil)
	unknownService := "MG" + strings.Repeat("9", 32)
	cases := []struct {
		name   string
		config map[string]any
		class  sdk.Class
		want   string
	}{
		{"valid", nil, sdk.ClassNone, ""},
		{"API key", map[string]any{"auth_token": nil, "api_key_sid": sim.DemoAPIKeySID, "api_key_secret": sim.DemoAPIKey}, sdk.ClassNone, ""},
		{"wrong token", map[string]any{"auth_token": "nope"}, sdk.ClassAuth, "Twilio refused the credentials for account " + sim.DemoAccountSID + " (error 20003"},
		{"other account", map[string]any{"account_sid": "AC" + strings.Repeat("9", 32)}, sdk.ClassAuth, "error 20003"},
		{"not the API", map[string]any{"base_url": "http://" + hostOf(f.cdn.URL) + "/nowhere"}, sdk.ClassPermanent, "Twilio has no account " + sim.DemoAccountSID + " (error 20404)"},
		{"egress refused", map[string]any{"base_url": "http://127.0.0.1:1"}, sdk.ClassPermanent, "is not an allowed egress host"},
		{"a number of the account", map[string]any{"from": sim.DemoPoolNumber1}, sdk.ClassNone, ""},
		{"a number the account does not have", map[string]any{"from": handset}, sdk.ClassPermanent,
			"Twilio account " + sim.DemoAccountSID + " has no phone number " + handset + ": check from"},
		{"another account's number", map[string]any{"from": otherTwilioAccount.PhoneNumbers[0].Number}, sdk.ClassPermanent, "check from"},
		{"a Messaging Service", map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}, sdk.ClassNone, ""},
		{"a Messaging Service, by API key", map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID,
			"auth_token": nil, "api_key_sid": sim.DemoAPIKeySID, "api_key_secret": sim.DemoAPIKey}, sdk.ClassNone, ""},
		{"an unknown Messaging Service", map[string]any{"from": nil, "messaging_service_sid": unknownService}, sdk.ClassPermanent,
			"Twilio account " + sim.DemoAccountSID + " has no Messaging Service " + unknownService + " (error 20404): check messaging_service_sid"},
		{"another account's Messaging Service", map[string]any{"from": nil, "messaging_service_sid": otherTwilioAccount.MessagingServices[0].SID},
			sdk.ClassPermanent, "check messaging_service_sid"},
		{"a number and a service", map[string]any{"from": sim.DemoPoolNumber1, "messaging_service_sid": sim.DemoServiceSID}, sdk.ClassNone, ""},
		{"a number of the account outside the service's pool", map[string]any{"from": sim.DemoNumber, "messaging_service_sid": sim.DemoServiceSID},
			sdk.ClassPermanent, "phone number " + sim.DemoNumber + " is not in the sender pool of Messaging Service " + sim.DemoServiceSID +
				" (it has only " + sim.DemoPoolNumber1 + ", " + sim.DemoPoolNumber2 + "): check from"},
		{"the last number of a pool of 150 (pages walked)", map[string]any{"account_sid": bigPool.SID, "auth_token": bigPool.AuthToken,
			"from": bigPool.PhoneNumbers[149].Number, "messaging_service_sid": bigPool.MessagingServices[0].SID}, sdk.ClassNone, ""},
		{"a number outside a pool of 150", map[string]any{"account_sid": bigPool.SID, "auth_token": bigPool.AuthToken,
			"from": bigPool.PhoneNumbers[150].Number, "messaging_service_sid": bigPool.MessagingServices[0].SID}, sdk.ClassPermanent,
			"is not in the sender pool of Messaging Service " + bigPool.MessagingServices[0].SID + " (it has only +15557300000, +15557300001, +15557300002, +15557300003, +15557300004 and 145 more): check from"},
		{"a short code of the account", map[string]any{"from": sim.DemoShortCode}, sdk.ClassNone, ""},
		{"a short code the account does not have", map[string]any{"from": "12345"}, sdk.ClassPermanent,
			"Twilio account " + sim.DemoAccountSID + " has no short code 12345: check from"},
		{"an alphanumeric sender ID, not looked up", map[string]any{"from": "Loja Bela"}, sdk.ClassNone, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := f.open(tc.config).Check(context.Background())
			if class, _, _ := sdk.ClassOf(err); class != tc.class || (tc.want == "" && err != nil) || (tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want))) {
				t.Fatalf("Check = %v (class %v), want class %v with %q", err, class, tc.class, tc.want)
			}
			wantCheckReasons(t, err, checkReasons[tc.name]...)
		})
	}

	err := f.open(map[string]any{"from": handset, "messaging_service_sid": unknownService}).Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "check from") || !strings.Contains(err.Error(), "check messaging_service_sid") {
		t.Fatalf("both senders wrong: %v", err)
	}
	wantCheckReasons(t, err, plugin.CheckNoService, plugin.CheckNoSender)
}

// checkReasons are the reasons TestCheck's refusals read back as, by case.
var checkReasons = map[string][]string{
	"wrong token":                                        {plugin.CheckCredentialsRefused},
	"other account":                                      {plugin.CheckCredentialsRefused},
	"not the API":                                        {plugin.CheckAccountUnknown},
	"egress refused":                                     {plugin.CheckEgressRefused},
	"a number the account does not have":                 {plugin.CheckNoSender},
	"another account's number":                           {plugin.CheckNoSender},
	"an unknown Messaging Service":                       {plugin.CheckNoService},
	"another account's Messaging Service":                {plugin.CheckNoService},
	"a number of the account outside the service's pool": {plugin.CheckNotInPool},
	"a number outside a pool of 150":                     {plugin.CheckNotInPool},
	"a short code the account does not have":             {plugin.CheckNoSender},
}

// wantCheckReasons: the check's error, as the host stores it, reads back
// as these reasons, in order (none for no error).
func wantCheckReasons(t *testing.T, err error, reasons ...string) {
	t.Helper()
	var got []plugin.CheckProblem
	if err != nil {
		got = plugin.CheckProblems(err.Error())
	}
	ok := len(got) == len(reasons)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Reason == reasons[i]
	}
	if !ok {
		t.Fatalf("%v reads back as %+v, want %v", err, got, reasons)
	}
}

// otherTwilioAccount is a second account at the simulator, with its own
// number and service.
var otherTwilioAccount = sim.Account{SID: "AC00000000000000000000000000000002", AuthToken: "other-token",
	PhoneNumbers:      []sim.PhoneNumber{{Number: "+15557120001"}},
	MessagingServices: []sim.MessagingService{{SID: "MG00000000000000000000000000000002", Senders: []string{"+15557120001"}}}}

// bigPool is an account whose Messaging Service has 150 numbers (more
// than a page of the pool's list), and one number outside it.
var bigPool = func() sim.Account {
	a := sim.Account{SID: "AC00000000000000000000000000000003", AuthToken: "pool-token",
		MessagingServices: []sim.MessagingService{{SID: "MG00000000000000000000000000000003"}}}
	for i := range 151 {
		n := fmt.Sprintf("+1555730%04d", i)
		a.PhoneNumbers = append(a.PhoneNumbers, sim.PhoneNumber{Number: n})
		if i < 150 {
			a.MessagingServices[0].Senders = append(a.MessagingServices[0].Senders, n)
		}
	}
	return a
}()
