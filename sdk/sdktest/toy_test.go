package sdktest_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/masteria/masteria/sdk"
)

// toy is a small conformant plugin that misbehaves in one chosen way, so
// the suite's own tests can check that each fault is caught.
type toy struct {
	sdk.Base
	fault string
	conn  *sdk.Connection
	seq   atomic.Int64
}

func (t *toy) Manifest() sdk.Manifest {
	m := sdk.Manifest{
		ID: "toy", Version: "0.1.0", Runtime: sdk.RuntimeWASM, Title: "Toy", Namespaces: []string{"toy"},
		Channel:  &sdk.ChannelSpec{Name: "toy", Capabilities: []sdk.Capability{sdk.CapText}},
		Webhooks: true,
		Config:   sdk.Fields{sdk.NewStringField("token").Secret().Required(), sdk.NewIntField("limit").Default(10)},
		Actions: []sdk.ActionSpec{
			{ID: "toy.get", Title: "Get", Input: sdk.Fields{sdk.NewStringField("key").Required()},
				Output: sdk.Fields{sdk.NewStringField("value").Required()}},
			{ID: "toy.block", Title: "Block", Input: sdk.Fields{sdk.NewDurationField("for").Required()}},
		},
		Events: []sdk.EventSpec{{Subject: sdk.SubjectMessageReceived,
			Payload: sdk.Fields{sdk.NewStringField("from").Required()}}},
	}
	if t.fault == "invalid-manifest" {
		m.Version = "1.0"
	}
	return m
}

func (t *toy) Provision(_ context.Context, conn sdk.Connection) error {
	t.conn = &conn
	return nil
}

func (t *toy) Validate() error {
	if t.conn.Config.Int("limit") > 100 && t.fault != "accepts-bad-config" {
		return errors.New("toy: limit above 100")
	}
	return nil
}

func (t *toy) Cleanup() error {
	if t.fault == "cleanup-panics" {
		_ = t.conn.ID // nil before Provision
	}
	return nil
}

func (t *toy) Actions() map[string]sdk.Action {
	acts := map[string]sdk.Action{"toy.get": sdk.ActionFunc(t.get), "toy.block": sdk.ActionFunc(t.block)}
	switch t.fault {
	case "undeclared-action":
		acts["toy.extra"] = sdk.ActionFunc(t.get)
	case "missing-handler":
		delete(acts, "toy.get")
	}
	return acts
}

func (t *toy) get(_ context.Context, in sdk.Input) (sdk.Output, error) {
	if t.fault == "bad-output" {
		return sdk.Output{Values: map[string]any{"value": 5}}, nil
	}
	return sdk.Output{Values: map[string]any{"value": "v:" + in.Params.String("key")}}, nil
}

func (t *toy) block(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	switch t.fault {
	case "ignores-cancel":
		time.Sleep(in.Params.Duration("for"))
		return sdk.Output{}, nil
	}
	select {
	case <-ctx.Done():
		if t.fault == "cancel-is-permanent" {
			return sdk.Output{}, sdk.Permanent(ctx.Err(), "")
		}
		return sdk.Output{}, ctx.Err()
	case <-time.After(in.Params.Duration("for")):
		return sdk.Output{}, nil
	}
}

func (t *toy) Send(context.Context, sdk.OutboundMessage) (sdk.SendResult, error) {
	if t.fault == "send-no-id" {
		return sdk.SendResult{}, nil
	}
	return sdk.SendResult{MessageID: fmt.Sprint("toy-", t.seq.Add(1))}, nil
}

func (t *toy) HandleWebhook(_ context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	if t.fault == "panics-on-garbage" && req.Body[0] == '{' && len(req.Body) == 1 {
		panic("toy: index out of range")
	}
	if string(req.Body) != "hello" {
		return sdk.WebhookResponse{Status: 400}, nil, nil
	}
	ev := sdk.MessageReceived(sdk.InboundMessage{ProviderMessageID: "m1", From: "+1"})
	switch t.fault {
	case "unstable-ids":
		ev.ID = fmt.Sprint("in:", t.seq.Add(1))
	case "undeclared-event":
		ev.Subject = "toy.other"
	}
	return sdk.WebhookResponse{}, []sdk.Event{ev}, nil
}
