package plugin

import (
	"regexp"
	"strings"
)

// CheckProblem is one problem a connection's detail names, keyed so the
// dashboard words it: its reason and the values the English names.
type CheckProblem struct {
	Reason string         `json:"reason"`
	Params map[string]any `json:"params,omitempty"`
}

// Reasons of the first-party plugins' connection checks (whatsapp-cloud,
// twilio-sms), read back from the detail they wrote: the detail is the
// plugin's English, stored as it came over the plugin protocol, which
// carries no key (see RATIONALE.md).
const (
	CheckTokenRefused       = "token_refused"
	CheckPhoneNumberUnknown = "phone_number_unknown"
	CheckWABAUnknown        = "waba_unknown"
	CheckWABAIsNumber       = "waba_is_phone_number"
	CheckWABANotOwner       = "waba_not_owner"
	CheckAccountInactive    = "account_inactive"
	CheckCredentialsRefused = "credentials_refused"
	CheckAccountUnknown     = "account_unknown"
	CheckNoSender           = "no_sender"
	CheckNoService          = "no_messaging_service"
	CheckNotInPool          = "not_in_sender_pool"
	CheckProviderRefused    = "provider_refused"
	CheckEgressRefused      = "egress_not_allowed"
	CheckAPITimeout         = "api_timeout"
	CheckAPIUnreachable     = "api_unreachable"
)

// CheckReasons describes each reason and its params, for the docs.
var CheckReasons = map[string]string{
	CheckTokenRefused:       "WhatsApp refused the access token; params: code (Graph's), detail (Graph's words)",
	CheckPhoneNumberUnknown: "the token can use no phone number of this ID; params: phone_number_id, code",
	CheckWABAUnknown:        "the token can use no business account of this ID; params: waba_id, phone_number_id, code",
	CheckWABAIsNumber:       "waba_id holds the phone number's ID; params: waba_id, phone_number_id",
	CheckWABANotOwner:       "the business account does not own the number; params: waba_id, phone_number_id, numbers (its own, comma separated; empty: none)",
	CheckAccountInactive:    "the Twilio account is not active; params: account, status",
	CheckCredentialsRefused: "Twilio refused the credentials; params: account, code",
	CheckAccountUnknown:     "Twilio has no such account; params: account, code",
	CheckNoSender:           "the Twilio account has no such sender; params: account, kind (phone_number, short_code), from",
	CheckNoService:          "the Twilio account has no such Messaging Service; params: account, service, code",
	CheckNotInPool:          "the number is not in the Messaging Service's sender pool (21711); params: from, service, numbers (comma separated; empty: none), more (numbers not listed)",
	CheckProviderRefused:    "the provider refused the check; params: provider, detail (its words)",
	CheckEgressRefused:      "the provider's API is not an allowed egress host; params: api, url, setting (the config field)",
	CheckAPITimeout:         "the provider's API did not answer in time; params: api, url",
	CheckAPIUnreachable:     "the provider's API could not be reached; params: api, url",
}

// checkText is one known English text of a check, with its reason and the
// names of its submatches, in order.
type checkText struct {
	re     *regexp.Regexp
	reason string
	params []string
	fix    func(map[string]any) // turns a matched text into params
}

var checkTexts = []checkText{
	{re: regexp.MustCompile(`^WhatsApp refused the access token \(Graph error (\d+): (.*)\): set a valid, unexpired access_token$`),
		reason: CheckTokenRefused, params: []string{"code", "detail"}},
	{re: regexp.MustCompile(`^WhatsApp has no phone number (\S+) that this access token can use \(Graph error (\d+): .*\): check phone_number_id`),
		reason: CheckPhoneNumberUnknown, params: []string{"phone_number_id", "code"}},
	{re: regexp.MustCompile(`^WhatsApp has no business account (\S+) that this access token can use \(waba_id holds the phone number's ID\) \(Graph error \d+: .*\): set waba_id to the WhatsApp Business Account ID that owns phone number (\S+), `),
		reason: CheckWABAIsNumber, params: []string{"waba_id", "phone_number_id"}},
	{re: regexp.MustCompile(`^WhatsApp has no business account (\S+) that this access token can use \(Graph error (\d+): .*\): set waba_id to the WhatsApp Business Account ID that owns phone number (\S+), `),
		reason: CheckWABAUnknown, params: []string{"waba_id", "code", "phone_number_id"}},
	{re: regexp.MustCompile(`^the WhatsApp Business Account (\S+) does not own phone number (\S+) \(it has (no phone numbers|only .*)\): set waba_id`),
		reason: CheckWABANotOwner, params: []string{"waba_id", "phone_number_id", "numbers"}, fix: listedNumbers},
	{re: regexp.MustCompile(`^Twilio account (\S+) is (\S+): reactivate it or use another account$`),
		reason: CheckAccountInactive, params: []string{"account", "status"}},
	{re: regexp.MustCompile(`^Twilio refused the credentials for account (\S+) \(error (\d+): .*\): check account_sid`),
		reason: CheckCredentialsRefused, params: []string{"account", "code"}},
	{re: regexp.MustCompile(`^Twilio has no account (\S+) \(error (\d+)\): check account_sid$`),
		reason: CheckAccountUnknown, params: []string{"account", "code"}},
	{re: regexp.MustCompile(`^Twilio account (\S+) has no (phone number|short code) (\S+): check from `),
		reason: CheckNoSender, params: []string{"account", "kind", "from"},
		fix: func(p map[string]any) { p["kind"] = strings.ReplaceAll(p["kind"].(string), " ", "_") }},
	{re: regexp.MustCompile(`^Twilio account (\S+) has no Messaging Service (\S+) \(error (\d+)\): check messaging_service_sid$`),
		reason: CheckNoService, params: []string{"account", "service", "code"}},
	{re: regexp.MustCompile(`^phone number (\S+) is not in the sender pool of Messaging Service (\S+) \(it has (no phone numbers|only .*)\): check from`),
		reason: CheckNotInPool, params: []string{"from", "service", "numbers"}, fix: listedNumbers},
	{re: regexp.MustCompile(`^(WhatsApp|Twilio) refused the (?:connection|account) check: (.*)$`),
		reason: CheckProviderRefused, params: []string{"provider", "detail"}},
	{re: regexp.MustCompile(`^the (Graph API|Twilio API) at (\S+) is not an allowed egress host: use the default (\S+) or allow its host: `),
		reason: CheckEgressRefused, params: []string{"api", "url", "setting"}},
	{re: regexp.MustCompile(`^the (Graph API|Twilio API) at (\S+) did not answer in time: `),
		reason: CheckAPITimeout, params: []string{"api", "url"}},
	{re: regexp.MustCompile(`^could not reach the (Graph API|Twilio API) at (\S+): `),
		reason: CheckAPIUnreachable, params: []string{"api", "url"}},
}

// listedNumbers turns "no phone numbers" / "only a, b and 3 more" into
// numbers ("a, b"; "" for none) and more (3).
func listedNumbers(p map[string]any) {
	has := p["numbers"].(string)
	p["numbers"], p["more"] = "", 0
	if has == "no phone numbers" {
		return
	}
	has = strings.TrimPrefix(has, "only ")
	if m := moreRe.FindStringSubmatch(has); m != nil {
		has, p["more"] = m[1], atoi(m[2])
	}
	p["numbers"] = has
}

var moreRe = regexp.MustCompile(`^(.*) and (\d+) more$`)

// CheckProblems reads a connection's detail back as the problems it
// names, one per line (a check reports each wrong setting on its own);
// nil unless every line is a known text, so the dashboard shows either
// all of them worded or the English as it is.
func CheckProblems(detail string) []CheckProblem {
	if detail == "" {
		return nil
	}
	var out []CheckProblem
	for _, line := range strings.Split(detail, "\n") {
		p, ok := checkProblem(line)
		if !ok {
			return nil
		}
		out = append(out, p)
	}
	return out
}

func checkProblem(line string) (CheckProblem, bool) {
	for _, prefix := range []string{"whatsapp-cloud: ", "twilio-sms: "} {
		line = strings.TrimPrefix(line, prefix)
	}
	for _, t := range checkTexts {
		m := t.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		params := make(map[string]any, len(t.params))
		for i, name := range t.params {
			params[name] = m[i+1]
			if name == "code" {
				params[name] = atoi(m[i+1])
			}
		}
		if t.fix != nil {
			t.fix(params)
		}
		return CheckProblem{Reason: t.reason, Params: params}, true
	}
	return CheckProblem{}, false
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
