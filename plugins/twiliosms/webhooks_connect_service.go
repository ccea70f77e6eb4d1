package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	messaging "github.com/twilio/twilio-go/rest/messaging/v1"

	"github.com/masteria/masteria/sdk"
)

// connectService sets the Messaging Service's inbound request URL (POST)
// to target: Twilio sends a message to any of the service's numbers there,
// not to the number's own SMS URL. A service may instead defer to its
// numbers' own URLs (use_inbound_webhook_on_number, the console's "Defer
// to sender's webhook"); that is the tenant's choice for every number of
// the service, so it is left as it is: the from number, when given, gets
// the URL too, and without one the answer says what to change.
func (p *Plugin) connectService(ctx context.Context, target string) (sdk.WebhookConnection, error) {
	params := (&messaging.UpdateServiceParams{}).SetInboundRequestUrl(target).SetInboundMethod(http.MethodPost)
	svc, err := p.messaging(ctx).UpdateService(p.cfg.serviceSID, params)
	if err != nil {
		return sdk.WebhookConnection{}, p.serviceConnectFailure(err, target)
	}
	done := sdk.WebhookConnection{URL: target, Target: fmt.Sprintf("Messaging Service %s (inbound request URL)", p.cfg.serviceSID)}
	if svc.UseInboundWebhookOnNumber == nil || !*svc.UseInboundWebhookOnNumber {
		return done, nil
	}
	if !strings.HasPrefix(p.cfg.from, "+") {
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("twilio-sms: set Messaging Service %s's inbound request URL to %s, but the service sends each message to its number's own SMS URL (use_inbound_webhook_on_number): "+
			"in Twilio's console, have the service send incoming messages to its webhook (Integration: Send a webhook), or set its numbers' SMS URLs to %s",
			p.cfg.serviceSID, target, target), "")
	}
	sid, err := p.pointNumber(ctx, target)
	if err != nil {
		return sdk.WebhookConnection{}, err
	}
	done.Target += fmt.Sprintf(" and number %s (%s), since the service uses its numbers' own SMS URLs: its other numbers keep theirs", p.cfg.from, sid)
	return done, nil
}

// serviceConnectFailure rewrites a failed service update as the problem
// an admin fixes, keeping its class.
func (p *Plugin) serviceConnectFailure(err error, target string) error {
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Code == 21502:
		return sdk.Permanent(fmt.Errorf("twilio-sms: Twilio refused %s as Messaging Service %s's inbound request URL (error %d: %s): set the server's public_url to its public http(s) address",
			target, p.cfg.serviceSID, ae.Code, ae.Message), strconv.Itoa(ae.Code))
	case errors.As(err, &ae) && ae.Code != 20003 && ae.Status != http.StatusUnauthorized && ae.Code != 20404 && ae.Status != http.StatusNotFound:
		return fmt.Errorf("twilio-sms: Twilio refused to set Messaging Service %s's inbound request URL: %w", p.cfg.serviceSID, classify(ae))
	}
	return p.serviceFailure(err)
}
