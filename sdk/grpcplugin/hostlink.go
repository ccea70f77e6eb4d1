package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// hostLink is one connection's line back to the host services, inside the
// plugin process. life ends when the connection closes, releasing calls
// that are not bound to a caller's context (Clock.After, Log).
type hostLink struct {
	cc     *grpc.ClientConn // nil when the host served no services
	life   context.Context
	cancel context.CancelFunc
}

// dialHost reaches the host services the host serves at broker ID id.
func dialHost(broker *plugin.GRPCBroker, id uint32) (*hostLink, error) {
	life, cancel := context.WithCancel(context.Background())
	l := &hostLink{life: life, cancel: cancel}
	if id == 0 {
		return l, nil
	}
	cc, err := broker.DialWithOptions(id, DialOptions()...)
	if err != nil {
		cancel()
		return nil, sdk.Retryable(fmt.Errorf("grpcplugin: reaching the host services: %w", err), 0)
	}
	l.cc = cc
	return l, nil
}

// host presents the link as the SDK's host services. sdk.Open then limits
// them to the manifest's permissions; the host enforces the same on its
// side. HTTP is the plugin's own client, guarded by hosts, the manifest's
// plus the operator's (see directHTTP).
func (l *hostLink) host(hosts []string) sdk.Host {
	if l.cc == nil {
		return sdk.Host{}
	}
	return sdk.Host{
		KV:      kvClient{pb.NewKVClient(l.cc)},
		Secrets: secretsClient{pb.NewSecretsClient(l.cc)},
		HTTP:    directHTTP(hosts),
		Events:  eventsClient{pb.NewEventsClient(l.cc)},
		Log:     logClient{c: pb.NewLogClient(l.cc), life: l.life},
		Clock:   clockClient{c: pb.NewClockClient(l.cc), life: l.life},
		Blobs:   blobsClient{pb.NewBlobsClient(l.cc)},
	}
}

func (l *hostLink) close() {
	l.cancel()
	if l.cc != nil {
		_ = l.cc.Close()
	}
}

// egressTransport is shared by every connection of the plugin process.
var egressTransport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}()

// directHTTP is the plugin process's own HTTP client, checked hop by hop
// (redirects included) against the allowed hosts. A go-plugin plugin is a
// native process that could open sockets anyway, so relaying its requests
// through the host's HTTP service bought no containment, only a second
// gRPC round trip and a copy of every body: it halved outbound sends per
// second. The host still serves that service (older plugins and other
// SDKs use it) and still enforces the manifest there. See RATIONALE.md.
func directHTTP(hosts []string) *http.Client {
	return &http.Client{Transport: sdk.NewEgressGuard(hosts, egressTransport)}
}

type kvClient struct{ c pb.KVClient }

func (k kvClient) Get(ctx context.Context, key string) ([]byte, error) {
	resp, err := k.c.Get(ctx, &pb.KVGetRequest{Key: key})
	if err != nil {
		return nil, rpcError(ctx, "kv get", err)
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return nil, err
	}
	return resp.GetValue(), nil
}

func (k kvClient) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	resp, err := k.c.Set(ctx, &pb.KVSetRequest{Key: key, Value: value, TtlMs: toproto.Millis(ttl)})
	if err != nil {
		return rpcError(ctx, "kv set", err)
	}
	return fromproto.Error(resp.GetError())
}

func (k kvClient) Delete(ctx context.Context, key string) error {
	resp, err := k.c.Delete(ctx, &pb.KVDeleteRequest{Key: key})
	if err != nil {
		return rpcError(ctx, "kv delete", err)
	}
	return fromproto.Error(resp.GetError())
}

type secretsClient struct{ c pb.SecretsClient }

func (s secretsClient) Get(ctx context.Context, name string) (string, error) {
	resp, err := s.c.Get(ctx, &pb.SecretGetRequest{Name: name})
	if err != nil {
		return "", rpcError(ctx, "secrets get", err)
	}
	return resp.GetValue(), fromproto.Error(resp.GetError())
}

type eventsClient struct{ c pb.EventsClient }

func (e eventsClient) Emit(ctx context.Context, subject string, payload any, msgID string) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("event %q: payload does not marshal to JSON: %w", subject, err), "")
	}
	resp, err := e.c.Emit(ctx, &pb.EmitRequest{Subject: subject, PayloadJson: b, MsgId: msgID})
	if err != nil {
		return rpcError(ctx, "events emit", err)
	}
	return fromproto.Error(resp.GetError())
}

// clockClient reads the host's clock, falling back to the process's own
// when the host cannot be reached.
type clockClient struct {
	c    pb.ClockClient
	life context.Context
}

func (k clockClient) Now() time.Time {
	resp, err := k.c.Now(k.life, &pb.NowRequest{})
	if err != nil {
		return time.Now()
	}
	return time.Unix(0, resp.GetUnixNanos())
}

// After waits on the host's clock. The wait ends with the connection; a
// caller that stops waiting earlier leaves it to run out or to end then.
func (k clockClient) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	deadline := time.Now().Add(d)
	go func() {
		resp, err := k.c.Sleep(k.life, &pb.SleepRequest{DurationNanos: int64(d)})
		switch {
		case err == nil:
			ch <- time.Unix(0, resp.GetUnixNanos())
		case k.life.Err() == nil: // the host is gone: keep the promise locally
			ch <- <-time.After(time.Until(deadline))
		}
	}()
	return ch
}
