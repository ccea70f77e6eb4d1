package campaigns

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// plan is a validated campaign: its spec with every expression, window
// and limit compiled, and defaults applied.
type plan struct {
	kind, channel string
	spec          Spec
	segment       *segment
	render        *renderer // one-message campaigns
	allowed       *allowed
	zone          *time.Location
	cron          cron.Schedule // nil: one round
	pacing        pacing
	breaker       Breaker
}

// pacing is Pacing with defaults applied and durations parsed.
type pacing struct {
	mps         float64 // <= 0: unlimited
	pairEvery   time.Duration
	pairBurst   int
	tier        int // -1: unlimited
	portfolio   string
	maxAttempts int
	smsWindow   time.Duration
	onAmbiguous string
	grace       time.Duration
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// compile validates a campaign definition, reporting every problem at
// once with its field path.
func compile(channel string, s Spec) (*plan, error) {
	bad := map[string]apperr.Field{}
	p := &plan{channel: channel, spec: s, zone: time.UTC}
	if _, ok := channelActions[channel]; !ok {
		bad["channel"] = badChannel
	}
	p.kind = compileKind(s, channel, bad)
	seg, err := compileSegment(s.Audience)
	if err != nil {
		bad["spec.audience.expression"] = fieldOf(err)
	}
	p.segment = seg
	if s.Message != nil {
		var errs map[string]apperr.Field
		p.render, errs = compileMessage(channel, s.Connection, *s.Message)
		mergeInto(bad, errs)
	}
	compileSchedule(p, bad)
	p.pacing = compilePacing(channel, s, bad)
	p.breaker = breakerDefaults(s.Breaker, bad)
	if len(bad) > 0 {
		return nil, invalid(bad)
	}
	return p, nil
}

// badChannel is a channel a campaign cannot send on.
var badChannel = apperr.OneOf("must be whatsapp or sms", "whatsapp, sms")

// noSuchFlow is a campaign's flow the workspace does not have.
var noSuchFlow = apperr.Keyed("no such flow", apperr.FieldUnknownFlow, nil)

// invalid is the campaign's field problems as one refusal.
func invalid[V string | apperr.Field](bad map[string]V) *apperr.Error {
	return apperr.Fields("the campaign is not valid", bad).Because(apperr.CampaignInvalid, nil)
}

func mergeInto(dst, src map[string]apperr.Field) {
	for k, v := range src {
		dst[k] = v
	}
}

func compileKind(s Spec, channel string, bad map[string]apperr.Field) string {
	switch {
	case (s.Message == nil) == (s.Flow == nil):
		bad["spec"] = apperr.Keyed("give exactly one of message (one message) and flow (a cadence)", apperr.FieldMessageOrFlow, nil)
	case s.Flow != nil:
		if s.Flow.ID == "" {
			bad["spec.flow.id"] = apperr.Keyed("required: the published flow to enrol contacts into", apperr.FieldRequired, nil)
		}
		return KindFlow
	default:
		checkMessage(*s.Message, channel, bad)
	}
	return KindMessage
}

func checkMessage(m Message, channel string, bad map[string]apperr.Field) {
	parts := 0
	for _, set := range []bool{m.Text != "", m.Template != nil, m.Media != nil} {
		if set {
			parts++
		}
	}
	switch {
	case parts != 1:
		bad["spec.message"] = apperr.Keyed("give exactly one of text, template and media", apperr.FieldOneMessagePart, nil)
	case channel == "sms" && m.Text == "":
		bad["spec.message"] = smsTextOnly
	case m.Template != nil && (m.Template.Name == "" || m.Template.Language == ""):
		bad["spec.message.template"] = apperr.Keyed("name and language are required", apperr.FieldTemplateNameLang, nil)
	case m.Template != nil && m.Template.Header != nil && (!sourced(m.Template.Header) || !headerTypes[m.Template.Header.Type]):
		bad["spec.message.template.header"] = mediaSource("image, video, document")
	case m.Template != nil && m.Template.Header != nil && len(m.Template.HeaderVariables) > 0:
		bad["spec.message.template.header_variables"] = apperr.Keyed("a header is either media (header) or text with placeholders (header_variables), not both",
			apperr.FieldHeaderMediaOrText, nil)
	case m.Media != nil && (!sourced(m.Media) || !mediaTypes[m.Media.Type]):
		bad["spec.message.media"] = mediaSource("image, audio, video, document")
	}
	if m.Template != nil {
		for k, v := range m.Template.Buttons {
			if i, err := strconv.Atoi(k); err != nil || i < 0 || i > 9 {
				bad["spec.message.template.buttons."+k] = apperr.Keyed("buttons are keyed by the button's index, 0 to 9", apperr.FieldButtonIndex, nil)
			} else if strings.TrimSpace(v) == "" {
				bad["spec.message.template.buttons."+k] = apperr.Keyed("give the end of the button's URL", apperr.FieldButtonURLSuffix, nil)
			}
		}
	}
}

// smsTextOnly is a message other than text on SMS.
var smsTextOnly = apperr.Keyed("SMS campaigns send text", apperr.FieldSMSTextOnly, nil)

// mediaSource is media without its type (one of types) or its bytes.
func mediaSource(types string) apperr.Field {
	return apperr.Keyed("type ("+types+") and a link, an id or a stored file (blob_id) are required", apperr.FieldMediaSource, apperr.P{"types": types})
}

var (
	mediaTypes  = map[string]bool{"image": true, "audio": true, "video": true, "document": true}
	headerTypes = map[string]bool{"image": true, "video": true, "document": true}
)

// sourced tells whether m says where its bytes are.
func sourced(m *Media) bool { return m.Link != "" || m.ID != "" || m.BlobID != "" }

func compileSchedule(p *plan, bad map[string]apperr.Field) {
	sc := p.spec.Schedule
	if sc.TimeZone != "" {
		loc, err := time.LoadLocation(sc.TimeZone)
		if err != nil {
			bad["spec.schedule.timezone"] = apperr.Keyed("unknown time zone", apperr.FieldInvalidTimeZone, nil)
		} else {
			p.zone = loc
		}
	}
	if sc.LocalAt != "" {
		if _, err := time.Parse(localLayout, sc.LocalAt); err != nil {
			bad["spec.schedule.local_at"] = apperr.Keyed("must look like 2026-05-01T09:00", apperr.FieldInvalidLocalTime, nil)
		}
	}
	if sc.Cron != "" {
		sched, err := cronParser.Parse(sc.Cron)
		if err != nil {
			bad["spec.schedule.cron"] = apperr.Keyed(err.Error(), apperr.FieldInvalidCron, apperr.P{"detail": err.Error()})
		}
		p.cron = sched
	}
	a, err := compileWindow(sc.Allowed)
	if err != nil {
		bad["spec.schedule.allowed_hours"] = fieldOf(err)
	}
	p.allowed = a
}

func duration(s string, def time.Duration, path string, bad map[string]apperr.Field) time.Duration {
	if s == "" {
		return def
	}
	d, err := flow.ParseDuration(s)
	if err != nil || d < 0 {
		bad[path] = apperr.Keyed("must be a duration such as 30s, 6h or 1d", apperr.FieldInvalidDuration, nil)
	}
	return d
}

func compilePacing(channel string, s Spec, bad map[string]apperr.Field) pacing {
	in := s.Pacing
	p := pacing{mps: in.MPS, pairBurst: in.PairBurst, tier: -1, portfolio: in.Portfolio, maxAttempts: in.MaxAttempts,
		onAmbiguous: in.OnAmbiguous}
	def := map[string]float64{"whatsapp": 80, "sms": 1}[channel]
	if p.mps == 0 {
		p.mps = def
	}
	if channel == "whatsapp" {
		p.pairEvery = duration(in.PairInterval, 6*time.Second, "spec.pacing.pair_interval", bad)
		p.pairBurst = max(p.pairBurst, 0)
		if p.pairBurst == 0 {
			p.pairBurst = 45
		}
		tier := in.Tier
		if tier == "" {
			tier = "TIER_250"
		}
		n, ok := Tiers[tier]
		if !ok {
			bad["spec.pacing.tier"] = apperr.OneOf("must be TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED", "TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED")
		}
		p.tier = n
	}
	if p.portfolio == "" {
		p.portfolio = s.Connection
	}
	if p.maxAttempts <= 0 {
		p.maxAttempts = 5
	}
	if channel == "sms" {
		p.smsWindow = duration(in.SMSDedupeWindow, 24*time.Hour, "spec.pacing.sms_dedupe_window", bad)
	}
	if p.onAmbiguous == "" {
		p.onAmbiguous = "hold"
	} else if p.onAmbiguous != "hold" && p.onAmbiguous != "resend" {
		bad["spec.pacing.on_ambiguous"] = apperr.OneOf("must be hold or resend", "hold, resend")
	}
	p.grace = duration(in.AmbiguousGrace, 5*time.Minute, "spec.pacing.ambiguous_grace", bad)
	return p
}

func breakerDefaults(b Breaker, bad map[string]apperr.Field) Breaker {
	if b.Window <= 0 {
		b.Window = 200
	}
	if b.MinSamples <= 0 {
		b.MinSamples = min(50, b.Window)
	}
	if b.MaxUndeliverable == 0 {
		b.MaxUndeliverable = 0.2
	}
	if b.MaxOptOut == 0 {
		b.MaxOptOut = 0.05
	}
	if b.MaxFailed == 0 {
		b.MaxFailed = 0.5
	}
	if b.MaxUndeliverable < 0 || b.MaxUndeliverable > 1 || b.MaxOptOut < 0 || b.MaxOptOut > 1 || b.MaxFailed < 0 || b.MaxFailed > 1 {
		bad["spec.breaker"] = apperr.Keyed("limits are shares between 0 and 1", apperr.FieldNumberRange, apperr.P{"min": 0, "max": 1})
	}
	return b
}

// planOf compiles a stored campaign.
func planOf(c store.Campaign) (*plan, error) {
	var s Spec
	if err := json.Unmarshal(c.Spec, &s); err != nil {
		return nil, fmt.Errorf("campaign %s spec: %w", c.ID, err)
	}
	return compile(c.Channel, s)
}
