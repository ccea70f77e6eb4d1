package twiliosms

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"github.com/masteria/masteria/plugins/internal/keylock"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// Plugin is one Twilio SMS connection: an account and its sender (a number
// or a Messaging Service). The host makes one value per connection with
// [Factory].
type Plugin struct {
	sdk.Base
	cfg       config
	host      sdk.Host
	pace      *pacer
	sendLocks keylock.Locks // serialize sends under one idempotency key
}

// config is the connection's typed configuration.
type config struct {
	accountSID, authToken, apiKeySID, apiKeySecret string
	from, serviceSID                               string
	baseURL                                        *url.URL
	webhookBase                                    string
	hostWebhook                                    string // the host's public /hooks/{id}, if known
	senderMPS                                      float64
	maxPacingWait, validity                        time.Duration
}

// Factory makes an unconfigured plugin; it is the plugin's sdk.Factory.
func Factory() sdk.Plugin { return &Plugin{} }

// Serve runs the plugin as a go-plugin subprocess; it is the whole main of
// the plugin executable (and of `masteria plugin serve twilio-sms`).
func Serve() { grpcplugin.Serve(Factory) }

// Manifest describes the plugin.
func (*Plugin) Manifest() sdk.Manifest { return manifest }

// Provision reads the connection's config and keeps its host services.
func (p *Plugin) Provision(_ context.Context, conn sdk.Connection) error {
	c := conn.Config
	p.cfg = config{
		accountSID: c.String("account_sid"), authToken: c.String("auth_token"),
		apiKeySID: c.String("api_key_sid"), apiKeySecret: c.String("api_key_secret"),
		from: c.String("from"), serviceSID: c.String("messaging_service_sid"),
		baseURL: c.URL("base_url"), webhookBase: strings.TrimSuffix(c.String("webhook_base_url"), "/"),
		senderMPS: c.Float("sender_mps"), maxPacingWait: c.Duration("max_pacing_wait"),
		validity: c.Duration("validity_period"), hostWebhook: strings.TrimSuffix(conn.WebhookURL, "/"),
	}
	if err := c.Err(); err != nil {
		return sdk.Permanent(err, "")
	}
	p.host = conn.Host
	p.pace = newPacer(p.cfg.senderMPS, p.cfg.maxPacingWait)
	return nil
}

// Validate checks what the config schema cannot express, reporting every
// problem at once, each on its field: the host runs it when a connection is
// saved, so a malformed SID or sender is refused then.
func (p *Plugin) Validate() error {
	var errs sdk.FieldErrors
	bad := func(ok bool, field, format string, args ...any) {
		if !ok {
			errs = append(errs, sdk.FieldError{Path: field, Code: sdk.CodeFormat, Message: fmt.Sprintf(format, args...)})
		}
	}
	c := p.cfg
	bad(isSID(c.accountSID, "AC"), "account_sid", "%q is not an account SID: AC followed by 32 hexadecimal characters", c.accountSID)
	bad(c.authToken != "" || (c.apiKeySID != "" && c.apiKeySecret != ""), "auth_token", "give auth_token, or api_key_sid with api_key_secret")
	bad((c.apiKeySID == "") == (c.apiKeySecret == ""), "api_key_sid", "api_key_sid and api_key_secret go together")
	bad(c.apiKeySID == "" || isSID(c.apiKeySID, "SK"), "api_key_sid", "%q is not an API key SID: SK followed by 32 hexadecimal characters", c.apiKeySID)
	bad(c.from != "" || c.serviceSID != "", "from", "give from or messaging_service_sid")
	bad(c.from == "" || isSender(c.from), "from", "%q is not a sender: an E.164 number (+ and 8 to 15 digits, such as +5511987654321), a short code (5 or 6 digits) or an alphanumeric sender ID (up to 11 letters, digits and spaces)", c.from)
	bad(c.serviceSID == "" || isSID(c.serviceSID, "MG"), "messaging_service_sid", "%q is not a Messaging Service SID: MG followed by 32 hexadecimal characters", c.serviceSID)
	bad(c.senderMPS > 0, "sender_mps", "must be positive")
	bad(c.maxPacingWait >= 0, "max_pacing_wait", "must not be negative")
	bad(c.validity >= 0 && c.validity <= 10*time.Hour, "validity_period", "must be at most 10h")
	if len(errs) == 0 {
		return nil
	}
	return sdk.Permanent(errs, "")
}

// isSID reports whether s is a Twilio SID of the given kind: the prefix
// and 32 lowercase or uppercase hexadecimal characters.
func isSID(s, prefix string) bool {
	hex, ok := strings.CutPrefix(s, prefix)
	return ok && len(hex) == 32 && strings.Trim(hex, "0123456789abcdefABCDEF") == ""
}

// isSender reports whether s is a sender Twilio takes as From: an E.164
// number (a possible number for its country) or a short code.
func isSender(s string) bool {
	if isShortCode(s) {
		return true
	}
	if isAlphanumericSender(s) {
		return true
	}
	num, ok := strings.CutPrefix(s, "+")
	if !ok || len(num) < 8 || len(num) > 15 || !digitsOnly(num) || num[0] == '0' {
		return false
	}
	parsed, err := phonenumbers.Parse(s, "")
	return err == nil && phonenumbers.IsPossibleNumber(parsed)
}

// isAlphanumericSender reports whether s is a Twilio Alphanumeric Sender
// ID: up to 11 letters, digits and spaces, at least one a letter (where
// the destination country allows them; Twilio says when it does not).
func isAlphanumericSender(s string) bool {
	if len(s) == 0 || len(s) > 11 || strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ") != "" {
		return false
	}
	return strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
}

func digitsOnly(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// Actions returns the action handlers.
func (p *Plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{ActionSend: sdk.ActionFunc(p.sendAction)}
}

// credentials are the API's Basic auth: the API key when given, else the
// account SID and Auth Token.
func (c config) credentials() (user, pass string) {
	if c.apiKeySID != "" {
		return c.apiKeySID, c.apiKeySecret
	}
	return c.accountSID, c.authToken
}

// statusCallback is where Twilio reports a sent message's statuses: under
// webhook_base_url when set, else under the webhook URL the host derives
// from its public_url; "" when neither is known.
func (c config) statusCallback() string {
	base := c.webhookBase
	if base == "" {
		base = c.hostWebhook
	}
	if base == "" {
		return ""
	}
	return base + "/status"
}

var (
	_ sdk.Plugin         = (*Plugin)(nil)
	_ sdk.Provisioner    = (*Plugin)(nil)
	_ sdk.Validator      = (*Plugin)(nil)
	_ sdk.Channel        = (*Plugin)(nil)
	_ sdk.WebhookHandler = (*Plugin)(nil)
)
