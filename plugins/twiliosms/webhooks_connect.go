package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/masteria/masteria/sdk"
)

// ConnectWebhooks makes the connection's inbound messages come here, to
// webhookURL, the server's own: for a connection that sends through a
// Messaging Service, by setting the service's inbound request URL
// ([Plugin.connectService]); otherwise by finding the from number among
// the account's IncomingPhoneNumbers and setting its SmsUrl (POST). A
// webhook_base_url (where this connection checks Twilio's signatures) must
// name that same URL: the URL Twilio is told is never one a tenant's
// config chose. Status callbacks need nothing: each send names its own.
func (p *Plugin) ConnectWebhooks(ctx context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	target := webhookURL
	switch {
	case target == "":
		return sdk.WebhookConnection{}, sdk.Permanent(errors.New("twilio-sms: no webhook URL to give Twilio"), "")
	case p.cfg.webhookBase != "" && strings.TrimSuffix(p.cfg.webhookBase, "/") != strings.TrimSuffix(target, "/"):
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("twilio-sms: webhook_base_url %s is not this server's webhook URL for the connection, %s: "+
			"clear it, or set it to that URL (and the server's public_url to where Twilio reaches it)", p.cfg.webhookBase, target), "")
	case p.cfg.serviceSID != "":
		return p.connectService(ctx, target)
	case isAlphanumericSender(p.cfg.from):
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("twilio-sms: %s is an alphanumeric sender ID, which cannot receive messages: there is nothing to connect", p.cfg.from), "")
	case !strings.HasPrefix(p.cfg.from, "+"):
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("twilio-sms: %s is a short code, which is not a phone number Twilio's API can point: set its SMS URL to %s in Twilio's console",
			p.cfg.from, target), "")
	}
	sid, err := p.pointNumber(ctx, target)
	if err != nil {
		return sdk.WebhookConnection{}, err
	}
	return sdk.WebhookConnection{URL: target, Target: fmt.Sprintf("number %s (%s)", p.cfg.from, sid)}, nil
}

// pointNumber sets the from number's SmsUrl (POST) to target and returns
// the number's SID.
func (p *Plugin) pointNumber(ctx context.Context, target string) (string, error) {
	api := p.api(ctx)
	number, err := p.incomingNumber(api)
	if err != nil {
		return "", err
	}
	sid := deref(number.Sid)
	params := (&openapi.UpdateIncomingPhoneNumberParams{}).SetSmsUrl(target).SetSmsMethod(http.MethodPost)
	if _, err := api.UpdateIncomingPhoneNumber(sid, params); err != nil {
		return "", p.connectFailure(err, target)
	}
	return sid, nil
}

// incomingNumber finds the from number among the account's numbers, and
// refuses one whose messages go to a TwiML App.
func (p *Plugin) incomingNumber(api *openapi.ApiService) (openapi.ApiV2010IncomingPhoneNumber, error) {
	n, found, err := p.findNumber(api)
	switch {
	case err != nil:
		return n, p.connectFailure(err, "")
	case !found:
		return n, p.noNumber()
	}
	if app := deref(n.SmsApplicationSid); app != "" {
		return n, sdk.Permanent(fmt.Errorf("twilio-sms: number %s hands its messages to TwiML App %s, whose SMS URL Twilio uses instead of the number's: remove the app from the number in Twilio's console, or set the app's SMS URL",
			p.cfg.from, app), "")
	}
	return n, nil
}

// connectFailure rewrites a failed list or update as the problem an admin
// fixes, keeping its class.
func (p *Plugin) connectFailure(err error, target string) error {
	var ae *APIError
	if errors.As(err, &ae) && (ae.Code == 21502 || ae.Code == 21609) {
		return sdk.Permanent(fmt.Errorf("twilio-sms: Twilio refused %s as the number's SMS URL (error %d: %s): set the server's public_url to its public http(s) address",
			target, ae.Code, ae.Message), strconv.Itoa(ae.Code))
	}
	if errors.As(err, &ae) && ae.Code != 20003 && ae.Status != http.StatusUnauthorized && ae.Code != 20404 && ae.Status != http.StatusNotFound {
		return fmt.Errorf("twilio-sms: Twilio refused to set number %s's SMS URL: %w", p.cfg.from, classify(ae))
	}
	return p.checkFailure(err)
}

var _ sdk.WebhookConnector = (*Plugin)(nil)
