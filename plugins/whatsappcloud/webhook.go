package whatsappcloud

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/masteria/masteria/sdk"
)

// SignatureHeader carries "sha256=" + the lowercase hex HMAC-SHA256 of the
// raw body, keyed with the app secret.
const SignatureHeader = "X-Hub-Signature-256"

// HandleWebhook answers Meta's verification handshake (GET) and verifies
// and normalizes notifications (POST). A missing or wrong signature gets
// 401 and no events; a body that is not JSON gets 400; notifications for
// other objects or numbers, and fields it does not handle, are
// acknowledged and logged.
func (p *Plugin) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	switch req.Method {
	case http.MethodGet:
		return p.verifySubscription(req), nil, nil
	case http.MethodPost:
	default:
		r := sdk.WebhookRefused(http.StatusMethodNotAllowed, "WhatsApp webhooks are GET (verification) or POST (notifications)")
		r.Header.Set("Allow", "GET, POST")
		return r, nil, nil
	}
	if !ValidSignature(p.cfg.appSecret, req.Body, req.Header.Get(SignatureHeader)) {
		p.host.Log.Warn("webhook refused: missing or wrong X-Hub-Signature-256")
		return sdk.WebhookRefused(http.StatusUnauthorized, "missing or wrong X-Hub-Signature-256: sign the raw body with the connection's app secret"), nil, nil
	}
	n, err := decodeNotification(req.Body)
	switch {
	case err == errNotWhatsApp:
		p.host.Log.Info("webhook for another object ignored", "object", n.Object)
		return sdk.WebhookResponse{}, nil, nil
	case err != nil:
		return sdk.WebhookRefused(http.StatusBadRequest, "the body is not a WhatsApp notification: "+err.Error()), nil, nil
	}
	events, err := p.notificationEvents(ctx, n)
	if errors.Is(err, errMediaLater) {
		p.host.Log.Info("webhook refused for now: its media could not be downloaded yet")
		return sdk.WebhookRefused(http.StatusServiceUnavailable, "its media could not be downloaded yet; deliver it again"), nil, nil // Meta does
	}
	if err != nil {
		return sdk.WebhookResponse{}, nil, err // 500: Meta delivers it again
	}
	return sdk.WebhookResponse{}, events, nil
}

// verifySubscription answers GET ?hub.mode=subscribe&hub.verify_token=…
// &hub.challenge=… with the challenge when the token matches.
func (p *Plugin) verifySubscription(req sdk.WebhookRequest) sdk.WebhookResponse {
	q := req.Query
	token := []byte(q.Get("hub.verify_token"))
	if q.Get("hub.mode") != "subscribe" || q.Get("hub.challenge") == "" ||
		subtle.ConstantTimeCompare(token, []byte(p.cfg.verifyToken)) != 1 {
		return sdk.WebhookRefused(http.StatusForbidden, "verification refused: hub.mode must be subscribe, with a hub.challenge, and hub.verify_token the connection's verify token")
	}
	return sdk.WebhookResponse{Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
		Body: []byte(q.Get("hub.challenge"))}
}

// ValidSignature reports, in constant time, whether header is
// "sha256=<hex HMAC-SHA256 of body keyed with appSecret>".
func ValidSignature(appSecret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	sig, err := hex.DecodeString(got)
	if !ok || err != nil || appSecret == "" {
		return false
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}

// notificationEvents turns every change of a notification into events, in
// order. Changes for other phone numbers belong to other connections.
func (p *Plugin) notificationEvents(ctx context.Context, n notification) ([]sdk.Event, error) {
	var events []sdk.Event
	for _, e := range n.Entry {
		for _, ch := range e.Changes {
			switch ch.Field {
			case "messages":
			case fieldTemplateStatus, fieldTemplateQuality, fieldTemplateCategory, fieldTemplateComponents:
				if e.ID != "" && e.ID != p.cfg.wabaID {
					// The app's one callback gets every account's template
					// webhooks; another account's would rename ours.
					p.host.Log.Info("template webhook for another business account ignored", "waba_id", e.ID)
					continue
				}
				if err := p.applyTemplateUpdate(ctx, ch.Field, ch.Value); err != nil {
					return nil, err
				}
				continue
			default:
				p.host.Log.Info("webhook field not supported: acknowledged and ignored", "field", ch.Field)
				continue
			}
			v, err := decodeMessages(ch.Value)
			if err != nil {
				p.host.Log.Warn("unreadable messages change skipped", "error", err)
				continue
			}
			if id := v.Metadata.PhoneNumberID; id != "" && id != p.cfg.phoneNumberID {
				p.host.Log.Info("webhook for another phone number ignored", "phone_number_id", id)
				continue
			}
			evs, err := p.valueEvents(ctx, &v, ch.Value)
			if err != nil {
				return nil, err
			}
			events = append(events, evs...)
		}
	}
	return events, nil
}

// valueEvents handles one "messages" value: inbound messages (each
// followed by its opt-out or opt-in keyword's event, if it is one, or by
// the marketing opt-out of a stop-promotions tap), statuses (a 131050
// failure followed by the marketing opt-out it tells) and system-level
// errors.
func (p *Plugin) valueEvents(ctx context.Context, v *messagesValue, raw []byte) ([]sdk.Event, error) {
	var events []sdk.Event
	for i := range v.Messages {
		ev, ok, err := p.inboundEvent(ctx, v, &v.Messages[i])
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		events = append(events, ev)
		if kw, ok := keywordEvent(&v.Messages[i]); ok && p.cfg.keywordConsent {
			events = append(events, kw)
		}
		if stop, ok := stopPromotionsEvent(&v.Messages[i]); ok {
			events = append(events, stop)
		}
	}
	for i := range v.Statuses {
		ev, ok, err := p.statusEvent(ctx, &v.Statuses[i])
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		events = append(events, ev)
		if stop, ok := failedMarketingEvent(&v.Statuses[i]); ok {
			events = append(events, stop)
		}
	}
	return append(events, p.errorEvents(ctx, v, raw)...), nil
}
