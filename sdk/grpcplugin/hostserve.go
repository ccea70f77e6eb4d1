package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// serveHost serves h to the plugin over the broker, returning the broker ID
// to pass in the request and a function that stops serving. The host must
// have restricted h already: this is the transport, not the policy.
func serveHost(broker *plugin.GRPCBroker, h sdk.Host) (uint32, func()) {
	id := broker.NextId()
	hs := &hostServer{}
	go broker.AcceptAndServe(id, func(opts []grpc.ServerOption) *grpc.Server {
		s := grpc.NewServer(serverOptions(opts)...)
		registerHost(s, h)
		hs.set(s)
		return s
	})
	return id, hs.stop
}

// hostServer stops a server that may not have been created yet.
type hostServer struct {
	mu      sync.Mutex
	srv     *grpc.Server
	stopped bool
}

func (h *hostServer) set(s *grpc.Server) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.srv = s
	if h.stopped {
		s.Stop()
	}
}

func (h *hostServer) stop() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	if h.srv != nil {
		h.srv.Stop()
	}
}

func registerHost(s *grpc.Server, h sdk.Host) {
	if h.Log == nil {
		h.Log = slog.New(slog.DiscardHandler)
	}
	if h.Clock == nil {
		h.Clock = sdk.SystemClock()
	}
	pb.RegisterKVServer(s, kvServer{kv: h.KV})
	pb.RegisterSecretsServer(s, secretsServer{secrets: h.Secrets})
	pb.RegisterHTTPServer(s, httpServer{http: h.HTTP})
	pb.RegisterEventsServer(s, eventsServer{events: h.Events})
	pb.RegisterLogServer(s, logServer{log: h.Log})
	pb.RegisterClockServer(s, clockServer{clock: h.Clock})
	pb.RegisterBlobsServer(s, blobsServer{blobs: h.Blobs})
}

// missing answers for a service the host did not provide.
func missing(s sdk.Service) *pb.Error {
	return toproto.Error(sdk.Permanent(fmt.Errorf("%w: %q", sdk.ErrNotPermitted, s), ""))
}

type kvServer struct {
	pb.UnimplementedKVServer
	kv sdk.KV
}

func (k kvServer) Get(ctx context.Context, req *pb.KVGetRequest) (*pb.KVGetResponse, error) {
	if k.kv == nil {
		return &pb.KVGetResponse{Error: missing(sdk.ServiceKV)}, nil
	}
	v, err := k.kv.Get(ctx, req.GetKey())
	return &pb.KVGetResponse{Value: v, Error: toproto.Error(err)}, nil
}

func (k kvServer) Set(ctx context.Context, req *pb.KVSetRequest) (*pb.HostResponse, error) {
	if k.kv == nil {
		return &pb.HostResponse{Error: missing(sdk.ServiceKV)}, nil
	}
	ttl := time.Duration(req.GetTtlMs()) * time.Millisecond
	return &pb.HostResponse{Error: toproto.Error(k.kv.Set(ctx, req.GetKey(), req.GetValue(), ttl))}, nil
}

func (k kvServer) Delete(ctx context.Context, req *pb.KVDeleteRequest) (*pb.HostResponse, error) {
	if k.kv == nil {
		return &pb.HostResponse{Error: missing(sdk.ServiceKV)}, nil
	}
	return &pb.HostResponse{Error: toproto.Error(k.kv.Delete(ctx, req.GetKey()))}, nil
}

type secretsServer struct {
	pb.UnimplementedSecretsServer
	secrets sdk.Secrets
}

func (s secretsServer) Get(ctx context.Context, req *pb.SecretGetRequest) (*pb.SecretGetResponse, error) {
	if s.secrets == nil {
		return &pb.SecretGetResponse{Error: missing(sdk.ServiceSecrets)}, nil
	}
	v, err := s.secrets.Get(ctx, req.GetName())
	return &pb.SecretGetResponse{Value: v, Error: toproto.Error(err)}, nil
}

type eventsServer struct {
	pb.UnimplementedEventsServer
	events sdk.Events
}

// Emit publishes the payload as the raw JSON the plugin marshalled.
func (e eventsServer) Emit(ctx context.Context, req *pb.EmitRequest) (*pb.HostResponse, error) {
	if e.events == nil {
		return &pb.HostResponse{Error: missing(sdk.ServiceEvents)}, nil
	}
	err := e.events.Emit(ctx, req.GetSubject(), json.RawMessage(req.GetPayloadJson()), req.GetMsgId())
	return &pb.HostResponse{Error: toproto.Error(err)}, nil
}

type logServer struct {
	pb.UnimplementedLogServer
	log sdk.Log
}

func (l logServer) Write(_ context.Context, req *pb.LogRequest) (*pb.HostResponse, error) {
	args := make([]any, 0, 2*len(req.GetAttrs()))
	for _, a := range req.GetAttrs() {
		var v any
		if json.Unmarshal(a.GetValueJson(), &v) != nil {
			v = string(a.GetValueJson())
		}
		args = append(args, a.GetKey(), v)
	}
	switch req.GetLevel() {
	case pb.Level_LEVEL_DEBUG:
		l.log.Debug(req.GetMessage(), args...)
	case pb.Level_LEVEL_WARN:
		l.log.Warn(req.GetMessage(), args...)
	case pb.Level_LEVEL_ERROR:
		l.log.Error(req.GetMessage(), args...)
	default:
		l.log.Info(req.GetMessage(), args...)
	}
	return &pb.HostResponse{}, nil
}

type clockServer struct {
	pb.UnimplementedClockServer
	clock sdk.Clock
}

func (c clockServer) Now(context.Context, *pb.NowRequest) (*pb.NowResponse, error) {
	return &pb.NowResponse{UnixNanos: c.clock.Now().UnixNano()}, nil
}

// Sleep waits on the host clock; the plugin cancels it when it stops caring.
func (c clockServer) Sleep(ctx context.Context, req *pb.SleepRequest) (*pb.NowResponse, error) {
	select {
	case t := <-c.clock.After(time.Duration(req.GetDurationNanos())):
		return &pb.NowResponse{UnixNanos: t.UnixNano()}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
