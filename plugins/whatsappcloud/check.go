package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/masteria/masteria/sdk"
)

// phoneNumber is the Graph node of the connection's business number.
type phoneNumber struct {
	ID                 string `json:"id"`
	DisplayPhoneNumber string `json:"display_phone_number"`
	VerifiedName       string `json:"verified_name"`
	QualityRating      string `json:"quality_rating"`
	// Throughput.Level is STANDARD, HIGH or NOT_APPLICABLE.
	Throughput struct {
		Level string `json:"level"`
	} `json:"throughput"`
	// MessagingLimit is the portfolio's tier: TIER_250, TIER_2K, TIER_10K,
	// TIER_100K or TIER_UNLIMITED.
	MessagingLimit string `json:"whatsapp_business_manager_messaging_limit"`
}

// Check asks the Graph API for the connection's phone number with its
// access token (GET /{phone_number_id}), then for the numbers of its
// business account (GET /{waba_id}/phone_numbers), so a refused token, a
// number the token cannot see, a wrong waba_id or an unreachable Graph
// API shows when the connection is checked rather than on its first send
// or template sync.
func (p *Plugin) Check(ctx context.Context) error {
	if _, err := p.PhoneNumber(ctx); err != nil {
		return err
	}
	return p.checkAccount(ctx)
}

// PhoneNumber reads the connection's phone number node. Its errors say
// what to fix, keeping the Graph error's class.
func (p *Plugin) PhoneNumber(ctx context.Context) (phoneNumber, error) {
	n, err := p.readNumber(ctx, "display_phone_number,verified_name,quality_rating")
	if err != nil {
		return n, p.checkFailure(err, p.unknownNumber)
	}
	if n.ID != p.cfg.phoneNumberID {
		return n, p.otherNumber(n.ID)
	}
	return n, nil
}

// otherNumber is the Graph API answering for another number than asked.
func (p *Plugin) otherNumber(id string) error {
	return sdk.Permanent(fmt.Errorf("whatsapp-cloud: the Graph API answered for phone number %q when asked for %q", id, p.cfg.phoneNumberID), "")
}

// checkFailure rewrites a failed Graph call as the problem an admin fixes;
// unknown words Graph's "no such object" (code 100, or a 404) for the
// object the call asked for.
func (p *Plugin) checkFailure(err error, unknown func(*GraphError) error) error {
	var ge *GraphError
	switch {
	case errors.As(err, &ge) && (ge.Code == 190 || ge.Code == 0 || ge.HTTPStatus == http.StatusUnauthorized):
		return sdk.Auth(fmt.Errorf("whatsapp-cloud: WhatsApp refused the access token (Graph error %d: %s): set a valid, unexpired access_token", ge.Code, ge.Message))
	case errors.As(err, &ge) && (ge.Code == 100 || ge.HTTPStatus == http.StatusNotFound):
		return unknown(ge)
	case errors.As(err, &ge):
		return fmt.Errorf("whatsapp-cloud: WhatsApp refused the connection check: %w", err)
	case errors.Is(err, sdk.ErrHostNotAllowed):
		return fmt.Errorf("whatsapp-cloud: the Graph API at %s is not an allowed egress host: use the default graph_base_url or allow its host: %w", p.cfg.graphBaseURL, err)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return fmt.Errorf("whatsapp-cloud: the Graph API at %s did not answer in time: %w", p.cfg.graphBaseURL, err)
	}
	return sdk.Retryable(fmt.Errorf("whatsapp-cloud: could not reach the Graph API at %s: %w", p.cfg.graphBaseURL, err), 0)
}

func (p *Plugin) unknownNumber(ge *GraphError) error {
	return sdk.Permanent(fmt.Errorf("whatsapp-cloud: WhatsApp has no phone number %s that this access token can use (Graph error %d: %s): check phone_number_id and that the token's business account owns the number",
		p.cfg.phoneNumberID, ge.Code, ge.Message), strconv.Itoa(ge.Code))
}

var _ sdk.Checker = (*Plugin)(nil)
