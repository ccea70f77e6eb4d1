package grpcplugin

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// OpenLane dials the host's call lane and serves it until it closes (see
// lane.go).
func (s *server) OpenLane(ctx context.Context, req *pb.OpenLaneRequest) (*pb.OpenLaneResponse, error) {
	if len(req.GetToken()) != laneTokenSize {
		return nil, status.Errorf(codes.InvalidArgument, "lane token: want %d bytes, got %d", laneTokenSize, len(req.GetToken()))
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", req.GetPath())
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "dialing the lane: %v", err)
	}
	if _, err := c.Write(req.GetToken()); err != nil {
		_ = c.Close()
		return nil, status.Errorf(codes.Unavailable, "dialing the lane: %v", err)
	}
	go s.serveLane(c)
	return &pb.OpenLaneResponse{}, nil
}

// pluginLane is the plugin's end. One goroutine reads; when it reads a
// call it starts a new reader and runs the call itself, so a call starts at
// once, without waiting for another goroutine to be scheduled. Replies are
// written whole under a lock.
type pluginLane struct {
	s    *server
	conn net.Conn
	base context.Context // cancelled once the host is gone
	stop context.CancelFunc

	wmu  sync.Mutex
	wbuf []byte

	mu    sync.Mutex
	calls map[uint64]context.CancelFunc
}

func (s *server) serveLane(c net.Conn) {
	l := &pluginLane{s: s, conn: c, calls: map[uint64]context.CancelFunc{}}
	l.base, l.stop = context.WithCancel(context.Background())
	l.read(newFrameReader(c))
}

// read reads frames until one is a call, then hands fr to a new reader and
// serves the call.
func (l *pluginLane) read(fr *frameReader) {
	for {
		f, err := fr.next()
		if err != nil {
			l.stop() // the host is gone: cancel every call in flight
			_ = l.conn.Close()
			return
		}
		switch f.kind {
		case laneCancel:
			l.mu.Lock()
			cancel := l.calls[f.id]
			l.mu.Unlock()
			if cancel != nil {
				cancel()
			}
		case laneInvoke, laneSend, laneWebhook:
			ctx, cancel := context.WithCancel(l.base)
			if f.deadline != 0 {
				ctx, cancel = context.WithDeadline(l.base, time.Unix(0, f.deadline))
			}
			l.mu.Lock()
			l.calls[f.id] = cancel
			l.mu.Unlock()
			go l.read(fr)
			l.serve(ctx, f)
			return
		default:
			l.reply(appendTextFrame(nil, f.id, laneUnknown, ""))
		}
	}
}

// serve runs one call and writes its reply.
func (l *pluginLane) serve(ctx context.Context, f frame) {
	defer func() {
		l.mu.Lock()
		cancel := l.calls[f.id]
		delete(l.calls, f.id)
		l.mu.Unlock()
		cancel()
	}()
	resp, err := l.dispatch(ctx, f)
	l.wmu.Lock()
	defer l.wmu.Unlock()
	var b []byte
	if err == nil {
		b, err = appendFrame(l.wbuf[:0], f.id, laneReply, time.Time{}, resp)
	}
	if err != nil {
		b = appendTextFrame(l.wbuf[:0], f.id, laneFailed, err.Error())
	}
	if cap(b) <= 1<<20 {
		l.wbuf = b
	}
	_, _ = l.conn.Write(b) // a failed write ends the reader too
}

func (l *pluginLane) reply(b []byte) {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	_, _ = l.conn.Write(b)
}

// dispatch decodes the request and runs it as the gRPC service would,
// turning a panic into an error as recoverPanics does.
func (l *pluginLane) dispatch(ctx context.Context, f frame) (resp proto.Message, err error) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(os.Stderr, "panic in lane call %d: %v\n%s", f.kind, v, debug.Stack())
			resp, err = nil, fmt.Errorf("plugin panicked: %v", v)
		}
	}()
	switch f.kind {
	case laneInvoke:
		var req pb.InvokeRequest
		if err := proto.Unmarshal(f.payload, &req); err != nil {
			return nil, fmt.Errorf("invoke request: %w", err)
		}
		return l.s.Invoke(ctx, &req)
	case laneSend:
		var req pb.SendRequest
		if err := proto.Unmarshal(f.payload, &req); err != nil {
			return nil, fmt.Errorf("send request: %w", err)
		}
		return l.s.Send(ctx, &req)
	default:
		var req pb.HandleWebhookRequest
		if err := proto.Unmarshal(f.payload, &req); err != nil {
			return nil, fmt.Errorf("webhook request: %w", err)
		}
		return l.s.HandleWebhook(ctx, &req)
	}
}
