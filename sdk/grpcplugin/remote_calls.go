package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// Invoke runs action actionID of connection connID. The input's Params are
// sent with defaults filled in and parsed again in the plugin; the output's
// numbers arrive as json.Number.
func (r *Remote) Invoke(ctx context.Context, connID, actionID string, in sdk.Input) (sdk.Output, error) {
	input, err := toproto.Values(in.Params)
	if err != nil {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("grpcplugin: input: %w", err), "")
	}
	resp, err := r.invoke(ctx, "invoke "+actionID, &pb.InvokeRequest{
		ConnectionId: connID, ActionId: actionID, InputJson: input,
		IdempotencyKey: in.IdempotencyKey, RunId: in.RunID, StepId: in.StepID,
	})
	if err != nil {
		return sdk.Output{}, err
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return sdk.Output{}, err
	}
	values, err := fromproto.Values(resp.GetOutputJson())
	if err != nil {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("grpcplugin: invoke %s: output: %w", actionID, err), "")
	}
	return sdk.Output{Values: values}, nil
}

// Send delivers msg through channel connection connID.
func (r *Remote) Send(ctx context.Context, connID string, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	b, err := json.Marshal(msg)
	if err != nil {
		return sdk.SendResult{}, sdk.Permanent(fmt.Errorf("grpcplugin: message: %w", err), "")
	}
	resp, err := r.send(ctx, &pb.SendRequest{ConnectionId: connID, MessageJson: b})
	if err != nil {
		return sdk.SendResult{}, err
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return sdk.SendResult{}, err
	}
	var res sdk.SendResult
	if err := json.Unmarshal(resp.GetResultJson(), &res); err != nil {
		return sdk.SendResult{}, sdk.Permanent(fmt.Errorf("grpcplugin: send: result: %w", err), "")
	}
	return res, nil
}

// HandleWebhook hands a provider request to connection connID. Event
// payloads arrive as json.RawMessage, ready to publish.
func (r *Remote) HandleWebhook(ctx context.Context, connID string, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	resp, err := r.handleWebhook(ctx, &pb.HandleWebhookRequest{
		ConnectionId: connID, Method: req.Method, Path: req.Path,
		Query: toproto.Strings(req.Query), Headers: toproto.Strings(req.Header), Body: req.Body,
		RawQuery: req.RawQuery, Url: req.URL,
	})
	if err != nil {
		return sdk.WebhookResponse{}, nil, err
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return sdk.WebhookResponse{}, nil, err
	}
	out := sdk.WebhookResponse{
		Status: int(resp.GetStatus()), Header: http.Header(fromproto.Strings(resp.GetHeaders())), Body: resp.GetBody(),
	}
	return out, fromproto.Events(resp.GetEvents()), nil
}
