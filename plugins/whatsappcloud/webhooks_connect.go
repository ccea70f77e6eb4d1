package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/masteria/masteria/sdk"
)

// maxCallbackURI is the longest alternate callback Meta takes.
const maxCallbackURI = 200

// ConnectWebhooks makes webhookURL the business account's alternate
// callback: POST /{waba_id}/subscribed_apps with override_callback_uri and
// the connection's verify_token. Meta first runs its verification
// handshake against the URL (which this connection answers), then sends
// the account's messages webhooks there; template status webhooks keep
// going to the app's own callback, which overrides never change.
func (p *Plugin) ConnectWebhooks(ctx context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	switch {
	case webhookURL == "":
		return sdk.WebhookConnection{}, sdk.Permanent(errors.New("whatsapp-cloud: no webhook URL to give WhatsApp"), "")
	case len(webhookURL) > maxCallbackURI:
		return sdk.WebhookConnection{}, sdk.Permanent(fmt.Errorf("whatsapp-cloud: the webhook URL %s is longer than the %d characters Meta takes: use a shorter public_url",
			webhookURL, maxCallbackURI), "")
	}
	var out struct {
		Success bool `json:"success"`
	}
	body := map[string]string{"override_callback_uri": webhookURL, "verify_token": p.cfg.verifyToken}
	if err := p.graph.call(ctx, http.MethodPost, "/"+p.cfg.wabaID+"/subscribed_apps", nil, body, &out); err != nil {
		return sdk.WebhookConnection{}, p.connectFailure(err, webhookURL)
	}
	if !out.Success {
		return sdk.WebhookConnection{}, fmt.Errorf("whatsapp-cloud: WhatsApp did not confirm the callback override of business account %s: try again", p.cfg.wabaID)
	}
	return sdk.WebhookConnection{URL: webhookURL, Target: "WhatsApp Business Account " + p.cfg.wabaID}, nil
}

// connectFailure rewrites a refused override as the problem an admin
// fixes, keeping the Graph error's class.
func (p *Plugin) connectFailure(err error, webhookURL string) error {
	var ge *GraphError
	if !errors.As(err, &ge) {
		return p.checkFailure(err, p.unknownAccount) // egress, timeouts, an unreachable Graph API
	}
	code := strconv.Itoa(ge.Code)
	switch {
	case ge.Code == 2200:
		return sdk.Permanent(fmt.Errorf("whatsapp-cloud: Meta could not verify %s (Graph error 2200: %s): the server must be reachable there from the internet, over HTTPS with a valid certificate (set public_url to its public address), and the connection's verify_token must be the one it answers with",
			webhookURL, ge.Message), code)
	case ge.Code == 190 || ge.Code == 0 || ge.HTTPStatus == http.StatusUnauthorized:
		return sdk.Auth(fmt.Errorf("whatsapp-cloud: WhatsApp refused the access token (Graph error %d: %s): set a valid, unexpired access_token", ge.Code, ge.Message))
	case ge.Code == 10 || (ge.Code >= 200 && ge.Code <= 299) || ge.HTTPStatus == http.StatusForbidden:
		return sdk.Permanent(fmt.Errorf("whatsapp-cloud: the access token may not manage business account %s's webhooks (Graph error %d: %s): give its system user the whatsapp_business_management permission on the account",
			p.cfg.wabaID, ge.Code, ge.Message), code)
	case ge.Code == 100 && ge.Subcode == 33:
		return sdk.Permanent(fmt.Errorf("whatsapp-cloud: WhatsApp has no business account %s that this access token can manage (Graph error 100: %s): check waba_id",
			p.cfg.wabaID, ge.Message), code)
	}
	return fmt.Errorf("whatsapp-cloud: WhatsApp refused the callback override of business account %s: %w", p.cfg.wabaID, err)
}

var _ sdk.WebhookConnector = (*Plugin)(nil)
