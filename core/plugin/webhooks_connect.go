package plugin

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// connectWebhooksTimeout bounds a plugin's setting of its provider's
// webhooks, which may wait for the provider to call the server back
// (Meta's verification handshake).
const connectWebhooksTimeout = 30 * time.Second

// WebhooksConnected is what connecting a connection's webhooks set up at
// its provider.
type WebhooksConnected struct {
	ConnectionID string `json:"connection_id"`
	// URL is where the provider now sends the connection's webhooks.
	URL string `json:"url"`
	// Target names what was changed at the provider ("business account
	// 102290129340398", "number +15557122661 (PN…)").
	Target string `json:"target"`
}

// ConnectWebhooks has the connection's plugin point its provider's
// webhooks at the connection's public URL (public_url + /hooks/{id}), when
// the plugin can (sdk.WebhookConnector). A server without a public URL, or
// a plugin that cannot, is a conflict saying what to do instead; the
// provider's refusal is provider_refused, its failure
// provider_unavailable, each with the plugin's reason.
func (m *Manager) ConnectWebhooks(ctx context.Context, p tenancy.Principal, id string) (WebhooksConnected, error) {
	if !p.Can(auth.RoleAdmin) {
		return WebhooksConnected{}, apperr.NeedRole(auth.RoleAdmin)
	}
	c, err := m.Store.GetConnection(ctx, p.TenantID, id)
	if err != nil {
		return WebhooksConnected{}, notFound(err)
	}
	man, _ := m.Manifest(c.PluginID)
	title := cmp.Or(man.Title, c.PluginID)
	url := m.webhookURL(c.ID)
	switch {
	case !man.Webhooks:
		return WebhooksConnected{}, apperr.New(apperr.Conflict, "%s connections take no webhooks", title).
			Because(apperr.WebhooksNotTaken, apperr.P{"plugin": title})
	case url == "":
		return WebhooksConnected{}, apperr.New(apperr.Conflict, "this server does not know its public URL, so no provider could reach its webhooks: "+
			"set public_url in the config file (or MASTERIA_PUBLIC_URL) to the address providers reach it at, restart it, and connect again").
			Because(apperr.PublicURLUnknown, nil)
	}
	unsupported := apperr.New(apperr.Conflict, "the %s plugin cannot set its provider's webhooks itself: point them at %s in the provider's console", title, url).
		Because(apperr.WebhooksManual, apperr.P{"plugin": title, "url": url})
	pl, err := m.open(ctx, c)
	if err != nil {
		return WebhooksConnected{}, connectFailure(title, err)
	}
	wc, ok := pl.(sdk.WebhookConnector)
	if !ok {
		return WebhooksConnected{}, unsupported
	}
	ctx, cancel := context.WithTimeout(ctx, connectWebhooksTimeout)
	defer cancel()
	got, err := wc.ConnectWebhooks(ctx, url)
	if errors.Is(err, sdk.ErrNotSupported) {
		return WebhooksConnected{}, unsupported
	} else if err != nil {
		m.Log.Warn("connecting webhooks", "tenant", p.TenantID, "connection", c.ID, "err", err)
		return WebhooksConnected{}, connectFailure(title, err)
	}
	m.Log.Info("webhooks connected", "tenant", p.TenantID, "connection", c.ID, "url", cmp.Or(got.URL, url), "target", got.Target)
	return WebhooksConnected{ConnectionID: c.ID, URL: cmp.Or(got.URL, url), Target: got.Target}, nil
}

// connectFailure is a failed connect as the API reports it, by the error's
// class, with the plugin's words (they name what to change, never a
// secret).
func connectFailure(title string, err error) error {
	switch class, after, _ := sdk.ClassOf(err); class {
	case sdk.ClassRateLimited:
		return apperr.New(apperr.RateLimited, "%s is throttling this account: try again later (%s)", title, err).
			Because(apperr.ProviderThrottled, apperr.P{"provider": title}).Retry(after)
	case sdk.ClassPermanent, sdk.ClassAuth:
		return apperr.New(apperr.ProviderRefused, "%s refused to send the webhooks here: %s", title, err).
			Because(apperr.WebhooksRefused, apperr.P{"plugin": title, "detail": err.Error()})
	}
	return apperr.New(apperr.ProviderUnavailable, "%s could not be asked to send the webhooks here: %s", title, err).
		Because(apperr.WebhooksUnreachable, apperr.P{"plugin": title, "detail": err.Error()})
}
