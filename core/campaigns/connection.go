package campaigns

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

// checkConnection resolves the sending connection the definition names to
// one of the workspace's and keeps it by ID: sends route by what the spec
// holds, and an ID, unlike a name, survives a rename. A name is still
// taken (campaigns saved before kept names, and people type them); a
// connection of another channel is refused, since every send would fail.
func (s *Service) checkConnection(ctx context.Context, tenantID, channel string, spec *Spec) error {
	want := strings.TrimSpace(spec.Connection)
	if want == "" {
		return nil
	}
	c, found, err := s.findConnection(ctx, tenantID, want)
	if err != nil {
		return err
	}
	if !found {
		return connectionField(apperr.Keyed(fmt.Sprintf("no connection named %q in this workspace: choose one of its %s connections", want, channel),
			apperr.FieldUnknownConnection, apperr.P{"name": want, "channel": channel}))
	}
	if got := s.channelOf(c.PluginID); got != "" && got != channel {
		return connectionField(apperr.Keyed(fmt.Sprintf("%q is %s connection (%s): %s campaign sends through %s connection",
			c.Name, channelNoun(got), c.PluginID, channelNoun(channel), channelNoun(channel)),
			apperr.FieldConnectionChannel, apperr.P{"name": c.Name, "channel": got, "plugin": c.PluginID, "want": channel}))
	}
	spec.Connection = c.ID
	return nil
}

// findConnection finds the workspace's connection by ID, else by name (as
// the plugins route a name: case aside).
func (s *Service) findConnection(ctx context.Context, tenantID, want string) (store.Connection, bool, error) {
	conns, err := s.Store.ListConnections(ctx, tenantID)
	if err != nil {
		return store.Connection{}, false, err
	}
	for _, c := range conns {
		if c.ID == want {
			return c, true, nil
		}
	}
	for _, c := range conns {
		if strings.EqualFold(c.Name, want) {
			return c, true, nil
		}
	}
	return store.Connection{}, false, nil
}

func (s *Service) channelOf(pluginID string) string {
	if s.ChannelOf == nil {
		return ""
	}
	return s.ChannelOf(pluginID)
}

// channelNoun is a channel as a sentence names it, with its article.
func channelNoun(channel string) string {
	switch channel {
	case "whatsapp":
		return "a WhatsApp"
	case "sms":
		return "an SMS"
	}
	return "a " + channel
}

func connectionField(f apperr.Field) error {
	return invalid(map[string]apperr.Field{"spec.connection": f})
}

// recheckConnection checks, as a campaign starts, that its connection
// still exists and sends on its channel, and moves a campaign saved with
// the connection's name onto its ID.
func (s *Service) recheckConnection(ctx context.Context, c *store.Campaign, pl *plan) error {
	spec := pl.spec
	if want := strings.TrimSpace(spec.Connection); want != "" {
		if _, found, err := s.findConnection(ctx, c.TenantID, want); err != nil || !found {
			return cmp.Or(err, connectionField(apperr.Keyed(fmt.Sprintf("the campaign's connection (%s) was deleted: choose another connection and save the campaign", want),
				apperr.FieldConnectionDeleted, apperr.P{"name": want})))
		}
	}
	if err := s.checkConnection(ctx, c.TenantID, c.Channel, &spec); err != nil || spec.Connection == pl.spec.Connection {
		return err
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	c.Spec = raw
	return nil
}
