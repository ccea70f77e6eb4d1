package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Service holds the campaign use cases and runs the background parts
// (Run): the round runner, the dispatcher and the status consumer.
type Service struct {
	Store  store.Store
	Engine *engine.Engine // cadences; nil refuses flow campaigns
	Sender Sender
	Bus    *bus.Bus // provider statuses and opt-outs; nil: call Handle directly (replies are credited by the inbox)
	Log    *slog.Logger
	Now    func() time.Time
	Owner  string        // lease owner name, default host:pid
	Calls  int           // provider calls at once, default 64
	Batch  int           // rows per claim, default 500
	Lease  time.Duration // how long a claimed row is ours, default 2m
	// ProgressEvery spaces campaign.progress events, default 2s.
	ProgressEvery time.Duration
	// RecheckAfter is how long a reconciled row whose earlier attempt the
	// provider did not know waits before it is asked about once more and
	// only then sent again: that attempt's request may still be queued at
	// the provider. Default 30s.
	RecheckAfter time.Duration
	// Posted, when set, is told each committed batch's sent messages (their
	// rows as sent: provider message ID and sent time filled in), so the
	// inbox can show them in the contacts' threads. Its error is logged:
	// the sends stand.
	Posted func(ctx context.Context, sent []store.Send) error
	// Restatus, when set, is given the channel status reports (their
	// message.status payload) the inbox had no message for: one that
	// moved a send beat Posted, so the inbox applies it to the copy
	// Posted made since; one that no send holds may have beaten an
	// agent's reply or a flow's send being recorded, so it is given
	// again, with backoff, while the inbox answers apperr.NotFound.
	Restatus func(ctx context.Context, tenantID string, report []byte) error
	// ChannelOf names the channel a plugin's connections send on
	// ("whatsapp", "sms"; "" for a plugin that is no channel), so a
	// campaign naming a connection of another channel is refused. Nil
	// skips that check.
	ChannelOf func(pluginID string) string
	// Templates tells a template's category from the sending
	// connection's catalog, so a marketing template leaves out the
	// contacts who opted out of the channel's marketing messages. Nil:
	// the Sender's, when it tells them (PluginSender does), remembered for
	// a minute.
	Templates consent.Categories

	pacer    *Pacer
	breakers breakers
	cache    sync.Map      // campaign ID → *live
	wakeRuns chan struct{} // the round runner
	wakeSend chan struct{} // the dispatcher
	once     sync.Once
	progress sync.Map // campaign ID → last progress event
	// cadenceChecks is when each cadence's runs were last looked at.
	cadenceChecks sync.Map
}

func (s *Service) init() {
	s.once.Do(func() {
		pace := s.Now
		if s.Now == nil {
			// Records and events are stamped as the store keeps times; the
			// pacer measures intervals with the full clock.
			s.Now, pace = store.Now, time.Now
		}
		if s.Log == nil {
			s.Log = slog.Default()
		}
		if s.Owner == "" {
			host, _ := os.Hostname()
			s.Owner = fmt.Sprintf("%s:%d", host, os.Getpid())
		}
		s.Calls, s.Batch = orDefault(s.Calls, 64), orDefault(s.Batch, 500)
		if s.Lease <= 0 {
			s.Lease = 2 * time.Minute
		}
		if s.RecheckAfter <= 0 {
			s.RecheckAfter = 30 * time.Second
		}
		if s.ProgressEvery <= 0 {
			s.ProgressEvery = 2 * time.Second
		}
		if c, ok := s.Sender.(consent.Categories); ok && s.Templates == nil {
			s.Templates = &consent.Memo{Next: c, TTL: time.Minute}
		}
		s.pacer = newPacer(pace)
		s.pacer.Reached = s.Store.ReachedSince
		s.wakeRuns, s.wakeSend = make(chan struct{}, 1), make(chan struct{}, 1)
	})
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// Notify wakes the runner and the dispatcher.
func (s *Service) Notify() {
	s.init()
	for _, ch := range []chan struct{}{s.wakeRuns, s.wakeSend} {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Input creates or replaces a campaign's definition.
type Input struct {
	Name    string `json:"name"`
	Channel string `json:"channel"` // whatsapp or sms
	Spec    Spec   `json:"spec"`
}

func require(p tenancy.Principal, min auth.Role) error {
	if !p.Can(min) {
		return apperr.NeedRole(min)
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("campaign not found")
	}
	return err
}

// Create stores a draft campaign after validating it.
func (s *Service) Create(ctx context.Context, p tenancy.Principal, in Input) (store.Campaign, error) {
	s.init()
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	pl, raw, err := s.validate(ctx, p.TenantID, in)
	if err != nil {
		return store.Campaign{}, err
	}
	now := s.Now()
	c := store.Campaign{ID: ids.New("cmp"), TenantID: p.TenantID, Name: strings.TrimSpace(in.Name), Kind: pl.kind,
		Channel: in.Channel, Spec: raw, Status: store.CampaignDraft, Excluded: map[string]int64{}, CreatedBy: p.Actor(),
		CreatedAt: now, UpdatedAt: now}
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.CreateCampaign(ctx, c); err != nil {
			return err
		}
		return emit(ctx, q, c, bus.EventCampaignCreated, nil)
	})
	if errors.Is(err, store.ErrConflict) {
		return c, apperr.New(apperr.Conflict, "a campaign named %q exists", c.Name).Because(apperr.NameTaken, apperr.P{"name": c.Name})
	}
	return c, err
}

// validate compiles the definition and checks what it names exists.
func (s *Service) validate(ctx context.Context, tenantID string, in Input) (*plan, json.RawMessage, error) {
	if at := in.Spec.Schedule.At; at != nil {
		stored := store.AsStored(*at) // next_at is kept to the millisecond, so the spec says the same
		in.Spec.Schedule.At = &stored
	}
	pl, err := compile(in.Channel, in.Spec)
	name := strings.TrimSpace(in.Name)
	if name == "" || len(name) > 200 {
		e, ok := apperr.As(err)
		if !ok {
			e = invalid(map[string]string{})
		}
		return nil, nil, e.With("name", apperr.RequiredMax(200))
	}
	if err != nil {
		return nil, nil, err
	}
	if pl.kind == KindFlow {
		if _, err := s.Store.GetFlow(ctx, tenantID, in.Spec.Flow.ID); err != nil {
			return nil, nil, invalid(map[string]apperr.Field{"spec.flow.id": noSuchFlow})
		}
	}
	if err := s.checkFiles(ctx, tenantID, in.Spec.Message); err != nil {
		return nil, nil, err
	}
	if err := s.checkConnection(ctx, tenantID, in.Channel, &in.Spec); err != nil {
		return nil, nil, err
	}
	if err := s.checkTemplate(ctx, tenantID, in.Spec, false); err != nil {
		return nil, nil, err
	}
	raw, err := json.Marshal(in.Spec)
	return pl, raw, err
}

// checkFiles checks the stored files a message names are the workspace's
// and records that the campaign uses them (so they cannot be discarded).
func (s *Service) checkFiles(ctx context.Context, tenantID string, m *Message) error {
	if m == nil {
		return nil
	}
	files := map[string]*Media{"spec.message.media.blob_id": m.Media}
	if m.Template != nil {
		files["spec.message.template.header.blob_id"] = m.Template.Header
	}
	bad := map[string]apperr.Field{}
	var used []string
	for field, md := range files {
		if md == nil || md.BlobID == "" {
			continue
		}
		if _, err := s.Store.GetBlob(ctx, tenantID, md.BlobID); err != nil {
			bad[field] = apperr.Keyed("no such file in this workspace", apperr.FieldUnknownFile, nil)
		}
		used = append(used, md.BlobID)
	}
	if len(bad) > 0 {
		return invalid(bad)
	}
	return s.Store.UseBlobs(ctx, tenantID, used)
}

// Get returns one of the tenant's campaigns.
func (s *Service) Get(ctx context.Context, p tenancy.Principal, id string) (store.Campaign, error) {
	c, err := s.Store.GetCampaign(ctx, p.TenantID, id)
	return c, notFound(err)
}

// List lists the tenant's campaigns, newest first.
func (s *Service) List(ctx context.Context, p tenancy.Principal) ([]store.Campaign, error) {
	return s.Store.ListCampaigns(ctx, p.TenantID)
}

// Update replaces a campaign's definition while it has not started.
func (s *Service) Update(ctx context.Context, p tenancy.Principal, id string, in Input) (store.Campaign, error) {
	s.init()
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	pl, raw, err := s.validate(ctx, p.TenantID, in)
	if err != nil {
		return store.Campaign{}, err
	}
	return s.change(ctx, p.TenantID, id, bus.EventCampaignUpdated, func(c *store.Campaign) error {
		if c.Status != store.CampaignDraft && c.Status != store.CampaignScheduled || c.Round > 0 {
			return apperr.New(apperr.Conflict, "a campaign that started cannot change; cancel it and create another").
				Because(apperr.CampaignStarted, nil)
		}
		c.Name, c.Kind, c.Channel, c.Spec = strings.TrimSpace(in.Name), pl.kind, in.Channel, raw
		if c.Status == store.CampaignScheduled {
			next := firstRound(pl, s.Now())
			c.NextAt = &next
		}
		return nil
	})
}

// Delete removes a campaign and its ledger unless it is under way.
func (s *Service) Delete(ctx context.Context, p tenancy.Principal, id string) error {
	if err := require(p, auth.RoleAdmin); err != nil {
		return err
	}
	c, err := s.Store.GetCampaign(ctx, p.TenantID, id)
	if err != nil {
		return notFound(err)
	}
	if c.Status == store.CampaignRunning || c.Status == store.CampaignPaused {
		return apperr.New(apperr.Conflict, "the campaign is %s; cancel it first", c.Status).
			Because(apperr.CampaignActive, apperr.P{"status": c.Status})
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.DeleteCampaign(ctx, p.TenantID, id); err != nil {
			return notFound(err)
		}
		return emit(ctx, q, c, bus.EventCampaignDeleted, nil)
	})
}
