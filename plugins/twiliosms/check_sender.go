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

// checkSender looks the configured sender up in the account, so a sender
// the account does not have shows when the connection is checked rather
// than as a 21606 or 21705 on its first send: a Messaging Service must
// exist (GET messaging.twilio.com/v1/Services/{Sid}), a from phone number
// must be one of the account's IncomingPhoneNumbers (and, with a service,
// in its sender pool: [Plugin.checkPool]) and a short code one of its
// SMS/ShortCodes. An alphanumeric sender ID is not looked up: it is no
// resource at all (Twilio judges it per destination country at send
// time). Both wrong senders are reported at once, each naming its field.
func (p *Plugin) checkSender(ctx context.Context) error {
	var errs []error
	serviceOK := false
	if p.cfg.serviceSID != "" {
		_, err := p.messaging(ctx).FetchService(p.cfg.serviceSID)
		if err != nil {
			errs = append(errs, p.serviceFailure(err))
		}
		serviceOK = err == nil
	}
	var found bool
	var err error
	switch {
	case strings.HasPrefix(p.cfg.from, "+"):
		_, found, err = p.findNumber(p.api(ctx))
	case isShortCode(p.cfg.from):
		found, err = p.findShortCode(p.api(ctx))
	default:
		found = true // alphanumeric, or none
	}
	switch {
	case err != nil:
		errs = append(errs, p.checkFailure(err))
	case !found:
		errs = append(errs, p.noNumber())
	case serviceOK && strings.HasPrefix(p.cfg.from, "+"):
		if err := p.checkPool(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// findShortCode reports whether the from short code is the account's.
func (p *Plugin) findShortCode(api *openapi.ApiService) (bool, error) {
	list := (&openapi.ListShortCodeParams{}).SetShortCode(p.cfg.from).SetPageSize(20).SetLimit(20)
	codes, err := api.ListShortCode(list)
	if err != nil {
		return false, err
	}
	for _, c := range codes {
		if deref(c.ShortCode) == p.cfg.from {
			return true, nil
		}
	}
	return false, nil
}

// isShortCode reports whether s is a 5 or 6 digit short code.
func isShortCode(s string) bool { return (len(s) == 5 || len(s) == 6) && digitsOnly(s) }

// findNumber finds the from number among the account's numbers.
func (p *Plugin) findNumber(api *openapi.ApiService) (openapi.ApiV2010IncomingPhoneNumber, bool, error) {
	list := (&openapi.ListIncomingPhoneNumberParams{}).SetPhoneNumber(p.cfg.from).SetPageSize(20).SetLimit(20)
	numbers, err := api.ListIncomingPhoneNumber(list)
	if err != nil {
		return openapi.ApiV2010IncomingPhoneNumber{}, false, err
	}
	for _, n := range numbers {
		if deref(n.PhoneNumber) == p.cfg.from {
			return n, true, nil
		}
	}
	return openapi.ApiV2010IncomingPhoneNumber{}, false, nil
}

// noNumber says that the account has no from number.
func (p *Plugin) noNumber() error {
	kind := "phone number"
	if isShortCode(p.cfg.from) {
		kind = "short code"
	}
	return sdk.Permanent(fmt.Errorf("twilio-sms: Twilio account %s has no %s %s: check from (it must be one of the account's numbers)",
		p.cfg.accountSID, kind, p.cfg.from), "21606")
}

// serviceFailure rewrites a failed Messaging Service lookup or update as
// the problem an admin fixes, keeping its class: Twilio answers 20404 for
// a service of another account as for one that does not exist.
func (p *Plugin) serviceFailure(err error) error {
	var ae *APIError
	if errors.As(err, &ae) && (ae.Code == 20404 || ae.Status == http.StatusNotFound) {
		return sdk.Permanent(fmt.Errorf("twilio-sms: Twilio account %s has no Messaging Service %s (error %d): check messaging_service_sid",
			p.cfg.accountSID, p.cfg.serviceSID, ae.Code), strconv.Itoa(ae.Code))
	}
	return p.checkFailure(err)
}
