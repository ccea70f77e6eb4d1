package api

import (
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/sdk"
)

// notesPlugin is a tiny in-process plugin the API tests connect to: one
// secret config field and one action.
type notesPlugin struct {
	sdk.Base
	token string
}

func (*notesPlugin) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "notes", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Notes", Namespaces: []string{"notes"},
		Config: sdk.Fields{sdk.NewStringField("token").Secret().Required(), sdk.NewStringField("label").Default("")},
		Actions: []sdk.ActionSpec{{ID: "notes.echo", Title: "Echo",
			Input: sdk.Fields{sdk.NewStringField("text").Required()}, Output: sdk.Fields{sdk.NewStringField("text")}},
			{ID: "notes.label", Title: "Label", Local: true, Output: sdk.Fields{sdk.NewStringField("label")}}}}
}

func (n *notesPlugin) Provision(_ context.Context, c sdk.Connection) error {
	n.token = c.Config.String("token")
	return nil
}

func (n *notesPlugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"notes.echo": sdk.ActionFunc(func(_ context.Context, in sdk.Input) (sdk.Output, error) {
		return sdk.Output{Values: map[string]any{"text": in.Params.String("text")}}, nil
	}), "notes.label": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
		return sdk.Output{Values: map[string]any{"label": "notes"}}, nil // its own state: Local
	})}
}

// Validate refuses the token "malformed", naming the field, so tests see
// a config refused when it is saved.
func (n *notesPlugin) Validate() error {
	if n.token == "malformed" {
		return sdk.Permanent(sdk.FieldErrors{{Path: "token", Code: sdk.CodeFormat, Message: "notes tokens are not malformed"}}, "")
	}
	return nil
}

// Check stands for the provider refusing the token "invalid", so tests can
// see a failed check of a config that was saved.
func (n *notesPlugin) Check(context.Context) error {
	if n.token == "invalid" {
		return sdk.Auth(errors.New("notes: the token is invalid"))
	}
	return nil
}

var (
	_ sdk.Validator = (*notesPlugin)(nil)
	_ sdk.Checker   = (*notesPlugin)(nil)
)

// gatePlugin takes webhooks and refuses them all with 401 and no body, as
// a plugin that does not say why might.
type gatePlugin struct{ sdk.Base }

func (*gatePlugin) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "gate", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Gate", Namespaces: []string{"gate"}, Webhooks: true}
}

func (*gatePlugin) HandleWebhook(context.Context, sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return sdk.WebhookResponse{Status: 401}, nil, nil
}

// hooksetPlugin takes webhooks and points its "provider" at the URL it is
// given (sdk.WebhookConnector): its account token "refused" stands for the
// provider refusing, "down" for it failing, "busy" for it throttling.
type hooksetPlugin struct {
	sdk.Base
	account string
}

func (*hooksetPlugin) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "hookset", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Hookset", Namespaces: []string{"hookset"},
		Webhooks: true, Config: sdk.Fields{sdk.NewStringField("account").Required()}}
}

func (h *hooksetPlugin) Provision(_ context.Context, c sdk.Connection) error {
	h.account = c.Config.String("account")
	return nil
}

func (*hooksetPlugin) HandleWebhook(context.Context, sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return sdk.WebhookResponse{}, nil, nil
}

func (h *hooksetPlugin) ConnectWebhooks(_ context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	switch h.account {
	case "refused":
		return sdk.WebhookConnection{}, sdk.Auth(errors.New("hookset: the provider refused the account's token"))
	case "down":
		return sdk.WebhookConnection{}, errors.New("hookset: the provider did not answer")
	case "busy":
		return sdk.WebhookConnection{}, sdk.RateLimited(errors.New("hookset: slow down"), 90*time.Second)
	}
	return sdk.WebhookConnection{URL: webhookURL, Target: "account " + h.account}, nil
}

var _ sdk.WebhookConnector = (*hooksetPlugin)(nil)
