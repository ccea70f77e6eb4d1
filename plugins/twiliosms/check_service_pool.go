package twiliosms

import (
	"context"
	"fmt"
	"strings"

	messaging "github.com/twilio/twilio-go/rest/messaging/v1"

	"github.com/masteria/masteria/sdk"
)

// maxPoolNumbers bounds the walk through a Messaging Service's sender
// pool (Twilio allows 400 numbers in one).
const maxPoolNumbers = 1000

// maxListed is how many of the pool's numbers a refusal names.
const maxListed = 5

// checkPool confirms that the from phone number is in the Messaging
// Service's sender pool (GET messaging.twilio.com/v1/Services/{Sid}/
// PhoneNumbers, paged: the list takes no filter). A send names both, and
// a number outside the pool is Twilio's 21711 ("not associated to the
// specified Messaging Service"): the service's settings and its inbound
// URL for the replies would not be the number's. A sender that is not a
// phone number (a short code, an alphanumeric ID) is not looked for here.
func (p *Plugin) checkPool(ctx context.Context) error {
	params := (&messaging.ListPhoneNumberParams{}).SetPageSize(100).SetLimit(maxPoolNumbers)
	numbers, err := p.messaging(ctx).ListPhoneNumber(p.cfg.serviceSID, params)
	if err != nil {
		return p.serviceFailure(err)
	}
	var pool []string
	for _, n := range numbers {
		if deref(n.PhoneNumber) == p.cfg.from {
			return nil
		}
		pool = append(pool, deref(n.PhoneNumber))
	}
	has := "no phone numbers"
	switch {
	case len(pool) > maxListed:
		has = fmt.Sprintf("only %s and %d more", strings.Join(pool[:maxListed], ", "), len(pool)-maxListed)
	case len(pool) > 0:
		has = "only " + strings.Join(pool, ", ")
	}
	return sdk.Permanent(fmt.Errorf("twilio-sms: phone number %s is not in the sender pool of Messaging Service %s (it has %s): "+
		"check from (it must be one of the service's numbers: add it to the service at Twilio, or leave from empty to let the service choose)",
		p.cfg.from, p.cfg.serviceSID, has), "21711")
}
