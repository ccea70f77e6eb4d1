package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// Invoke parses the input against the action's declared fields and runs it.
func (s *server) Invoke(ctx context.Context, req *pb.InvokeRequest) (*pb.InvokeResponse, error) {
	out, err := s.invoke(ctx, req)
	if err != nil {
		return &pb.InvokeResponse{Error: toproto.Error(err)}, nil
	}
	return &pb.InvokeResponse{OutputJson: out}, nil
}

func (s *server) invoke(ctx context.Context, req *pb.InvokeRequest) ([]byte, error) {
	c, err := s.lookup(req.GetConnectionId())
	if err != nil {
		return nil, err
	}
	spec, ok := s.manifest.Action(req.GetActionId())
	a := c.actions[req.GetActionId()]
	if !ok || a == nil {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: the plugin has no action %q", req.GetActionId()), "")
	}
	raw, err := fromproto.Values(req.GetInputJson())
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("input: %w", err), "")
	}
	in, err := spec.ParseOwnedInput(raw) // just decoded: this call's alone
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("input: %w", err), "")
	}
	in.IdempotencyKey, in.RunID, in.StepID = req.GetIdempotencyKey(), req.GetRunId(), req.GetStepId()
	out, err := a.Invoke(ctx, in)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(out.Values)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("output does not marshal to JSON: %w", err), "")
	}
	return b, nil
}

// Send delivers one message through a channel connection.
func (s *server) Send(ctx context.Context, req *pb.SendRequest) (*pb.SendResponse, error) {
	b, err := s.send(ctx, req)
	return &pb.SendResponse{ResultJson: b, Error: toproto.Error(err)}, nil
}

func (s *server) send(ctx context.Context, req *pb.SendRequest) ([]byte, error) {
	c, err := s.lookup(req.GetConnectionId())
	if err != nil {
		return nil, err
	}
	ch, ok := c.plugin.(sdk.Channel)
	if !ok {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: plugin %q is not a channel", s.manifest.ID), "")
	}
	var msg sdk.OutboundMessage
	if err := json.Unmarshal(req.GetMessageJson(), &msg); err != nil {
		return nil, sdk.Permanent(fmt.Errorf("message: %w", err), "")
	}
	res, err := ch.Send(ctx, msg)
	if err != nil {
		return nil, err
	}
	return json.Marshal(res)
}

// HandleWebhook hands a provider request to a connection.
func (s *server) HandleWebhook(ctx context.Context, req *pb.HandleWebhookRequest) (*pb.HandleWebhookResponse, error) {
	resp, err := s.handleWebhook(ctx, req)
	if err != nil {
		return &pb.HandleWebhookResponse{Error: toproto.Error(err)}, nil
	}
	return resp, nil
}

func (s *server) handleWebhook(ctx context.Context, req *pb.HandleWebhookRequest) (*pb.HandleWebhookResponse, error) {
	c, err := s.lookup(req.GetConnectionId())
	if err != nil {
		return nil, err
	}
	h, ok := c.plugin.(sdk.WebhookHandler)
	if !ok {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: plugin %q handles no webhooks", s.manifest.ID), "")
	}
	resp, events, err := h.HandleWebhook(ctx, sdk.WebhookRequest{
		Method:   req.GetMethod(),
		Path:     req.GetPath(),
		Query:    url.Values(fromproto.Strings(req.GetQuery())),
		RawQuery: req.GetRawQuery(),
		URL:      req.GetUrl(),
		Header:   http.Header(fromproto.Strings(req.GetHeaders())),
		Body:     req.GetBody(),
	})
	if err != nil {
		return nil, err
	}
	pev, err := toproto.Events(events)
	if err != nil {
		return nil, err
	}
	return &pb.HandleWebhookResponse{
		Status: int32(resp.Status), Headers: toproto.Strings(resp.Header), Body: resp.Body, Events: pev,
	}, nil
}
