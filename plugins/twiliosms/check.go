package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/masteria/masteria/sdk"
)

// Check fetches the connection's account from the Twilio API with its
// credentials (GET /2010-04-01/Accounts/{AccountSid}.json), then looks its
// sender up ([Plugin.checkSender]), so refused credentials, an unknown or
// suspended account, a sender the account does not have or an unreachable
// API show when the connection is checked rather than on its first send.
func (p *Plugin) Check(ctx context.Context) error {
	acct, err := p.api(ctx).FetchAccount(p.cfg.accountSID)
	if err != nil {
		return p.checkFailure(err)
	}
	if s := deref(acct.Status); s != "" && s != "active" {
		return sdk.Auth(fmt.Errorf("twilio-sms: Twilio account %s is %s: reactivate it or use another account", p.cfg.accountSID, s))
	}
	return p.checkSender(ctx)
}

// checkFailure rewrites a failed account fetch as the problem an admin
// fixes, keeping its class.
func (p *Plugin) checkFailure(err error) error {
	var ae *APIError
	switch {
	case errors.As(err, &ae) && (ae.Code == 20003 || ae.Status == http.StatusUnauthorized):
		return sdk.Auth(fmt.Errorf("twilio-sms: Twilio refused the credentials for account %s (error %d: %s): check account_sid and auth_token (or api_key_sid and api_key_secret)",
			p.cfg.accountSID, ae.Code, ae.Message))
	case errors.As(err, &ae) && (ae.Code == 20404 || ae.Status == http.StatusNotFound):
		return sdk.Permanent(fmt.Errorf("twilio-sms: Twilio has no account %s (error %d): check account_sid", p.cfg.accountSID, ae.Code), strconv.Itoa(ae.Code))
	case errors.As(err, &ae):
		return fmt.Errorf("twilio-sms: Twilio refused the account check: %w", classify(ae))
	case errors.Is(err, sdk.ErrHostNotAllowed):
		return fmt.Errorf("twilio-sms: the Twilio API at %s is not an allowed egress host: use the default base_url or allow its host: %w", p.cfg.baseURL, err)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return fmt.Errorf("twilio-sms: the Twilio API at %s did not answer in time: %w", p.cfg.baseURL, err)
	}
	return sdk.Retryable(fmt.Errorf("twilio-sms: could not reach the Twilio API at %s: %w", p.cfg.baseURL, err), 0)
}

var _ sdk.Checker = (*Plugin)(nil)
