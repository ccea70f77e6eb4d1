package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/masteria/masteria/plugins/internal/keylock"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// Plugin is one WhatsApp Cloud API connection: one business phone number.
// The host makes one value per connection with [Factory].
type Plugin struct {
	sdk.Base
	cfg         config
	host        sdk.Host
	graph       *graphClient
	pace        *pacer
	uploadLocks keylock.Locks // serialize uploads of one stored file (by blob ID)
	sendLocks   keylock.Locks // serialize sends under one idempotency key
	// catalogMu serializes writes of the stored template catalog.
	catalogMu   sync.Mutex
	catalogRead catalogMemo // the catalog as template sends read it
	windows     windowMemo  // customer-service window ends known here
	held        sharedHold  // when the number's shared hold was last read
}

// config is the connection's typed configuration.
type config struct {
	phoneNumberID, wabaID               string
	accessToken, appSecret, verifyToken string
	graphBaseURL, apiVersion            string
	throughput, pairBurst               int
	pairInterval, maxPacingWait         time.Duration
	downloadMedia, keywordConsent       bool
}

// Factory makes an unconfigured plugin; it is the plugin's sdk.Factory.
func Factory() sdk.Plugin { return &Plugin{} }

// Serve runs the plugin as a go-plugin subprocess; it is the whole main of
// the plugin executable (and of `masteria plugin serve whatsapp-cloud`).
func Serve() { grpcplugin.Serve(Factory) }

// Manifest describes the plugin.
func (*Plugin) Manifest() sdk.Manifest { return manifest }

// Provision reads the connection's config and keeps its host services.
func (p *Plugin) Provision(_ context.Context, conn sdk.Connection) error {
	c := conn.Config
	p.cfg = config{
		phoneNumberID: c.String("phone_number_id"), wabaID: c.String("waba_id"),
		accessToken: c.String("access_token"), appSecret: c.String("app_secret"),
		verifyToken: c.String("verify_token"), graphBaseURL: c.String("graph_base_url"),
		apiVersion: c.String("api_version"), throughput: c.Int("throughput"),
		pairBurst: c.Int("pair_rate_burst"), pairInterval: c.Duration("pair_rate_interval"),
		maxPacingWait: c.Duration("max_pacing_wait"), downloadMedia: c.Bool("download_media"),
		keywordConsent: c.Bool("keyword_opt_out"),
	}
	if err := c.Err(); err != nil {
		return sdk.Permanent(err, "")
	}
	p.host = conn.Host
	p.graph = &graphClient{http: conn.Host.HTTP, token: p.cfg.accessToken,
		base: strings.TrimSuffix(p.cfg.graphBaseURL, "/") + "/" + p.cfg.apiVersion}
	p.pace = newPacer(paceLimits{perSecond: float64(p.cfg.throughput), pairBurst: p.cfg.pairBurst,
		pairInterval: p.cfg.pairInterval, maxWait: p.cfg.maxPacingWait})
	return nil
}

var apiVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// Validate checks what the config schema cannot express, reporting every
// problem at once.
func (p *Plugin) Validate() error {
	var errs []error
	bad := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("whatsapp-cloud: "+format, args...))
		}
	}
	c := p.cfg
	bad(apiVersion.MatchString(c.apiVersion), "api_version %q is not a Graph version such as v21.0", c.apiVersion)
	bad(c.throughput >= 1 && c.throughput <= MaxThroughput, "throughput %d must be from 1 to %d", c.throughput, MaxThroughput)
	bad(c.pairBurst >= 1, "pair_rate_burst must be at least 1")
	bad(c.pairInterval > 0, "pair_rate_interval must be positive")
	bad(c.maxPacingWait >= 0, "max_pacing_wait must not be negative")
	bad(digits(c.phoneNumberID) && digits(c.wabaID), "phone_number_id and waba_id are numeric Graph IDs")
	return sdk.Permanent(errors.Join(errs...), "")
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Actions returns the action handlers.
func (p *Plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		ActionSend:             sdk.ActionFunc(p.sendAction),
		ActionTemplatesSync:    sdk.ActionFunc(p.syncTemplates),
		ActionTemplatesList:    sdk.ActionFunc(p.listTemplates),
		ActionTemplatesPreview: sdk.ActionFunc(p.previewTemplate),
		ActionNumber:           sdk.ActionFunc(p.numberAction),
	}
}

var (
	_ sdk.Plugin         = (*Plugin)(nil)
	_ sdk.Provisioner    = (*Plugin)(nil)
	_ sdk.Validator      = (*Plugin)(nil)
	_ sdk.Channel        = (*Plugin)(nil)
	_ sdk.WebhookHandler = (*Plugin)(nil)
)
