package whatsappcloud

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/masteria/masteria/sdk"
)

// The phone-number node's fields the number action reads. The messaging
// limit is read on the number (Meta's "Messaging limits" page), though it
// is the business portfolio's, shared by all its numbers; the deprecated
// messaging_limit_tier is never asked for.
const (
	numberFields = "display_phone_number,verified_name,quality_rating,throughput"
	limitField   = "whatsapp_business_manager_messaging_limit"
)

// numberAction is whatsapp.number: the business number's health as Meta
// reports it now (GET /{phone_number_id}). A Graph API version that does
// not know the messaging-limit field yet still gives the other facts.
func (p *Plugin) numberAction(ctx context.Context, _ sdk.Input) (sdk.Output, error) {
	n, err := p.readNumber(ctx, numberFields+","+limitField)
	var ge *GraphError
	if errors.As(err, &ge) && ge.Code == 100 && strings.Contains(ge.Message, limitField) {
		n, err = p.readNumber(ctx, numberFields)
	}
	if err != nil {
		return sdk.Output{}, p.checkFailure(err, p.unknownNumber)
	}
	if n.ID != p.cfg.phoneNumberID {
		return sdk.Output{}, p.otherNumber(n.ID)
	}
	return sdk.Output{Values: map[string]any{
		"phone_number_id": n.ID, "display_phone_number": n.DisplayPhoneNumber, "verified_name": n.VerifiedName,
		"quality_rating": cmp.Or(n.QualityRating, "UNKNOWN"), "messaging_limit": n.MessagingLimit,
		"throughput": n.Throughput.Level,
	}}, nil
}

// readNumber reads fields of the connection's phone-number node; its
// errors are the Graph client's, unclassified for a check.
func (p *Plugin) readNumber(ctx context.Context, fields string) (phoneNumber, error) {
	var n phoneNumber
	err := p.graph.call(ctx, http.MethodGet, "/"+p.cfg.phoneNumberID, url.Values{"fields": {fields}}, nil, &n)
	return n, err
}
