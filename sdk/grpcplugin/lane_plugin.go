package grpcplugin

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
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
// call it hands the reader on and runs the call itself, so a call starts
// at once, without waiting for another goroutine to be scheduled. The
// reader goes to a goroutine that finished a call and waits to read again,
// or to a new one when none waits: reusing goroutines keeps the stacks
// calls have grown (a fresh goroutine's stack grew and was copied on every
// webhook, a fifth of the WhatsApp plugin's time). Replies are written
// whole, several at once when they pile up (frameWriter).
type pluginLane struct {
	s    *server
	conn net.Conn
	base context.Context // cancelled once the host is gone
	stop context.CancelFunc

	w frameWriter

	mu    sync.Mutex
	calls map[uint64]context.CancelFunc

	next    chan *frameReader // to a goroutine waiting to read again
	waiting atomic.Int32      // goroutines waiting on next
}

// maxWaitingReaders bounds the goroutines kept to read again; past it a
// goroutine that finishes a call ends.
const maxWaitingReaders = 16

func (s *server) serveLane(c net.Conn) {
	l := &pluginLane{s: s, conn: c, w: frameWriter{conn: c}, calls: map[uint64]context.CancelFunc{}, next: make(chan *frameReader)}
	l.base, l.stop = context.WithCancel(context.Background())
	l.read(newFrameReader(c))
}

// read reads frames until one is a call, hands fr on, serves the call,
// then waits to read again.
func (l *pluginLane) read(fr *frameReader) {
	for fr != nil {
		f, err := fr.next()
		if err != nil {
			l.stop() // the host is gone: cancel every call in flight and every waiting reader
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
			l.handOn(fr)
			l.serve(ctx, f)
			fr = l.readAgain()
		default:
			l.reply(appendTextFrame(nil, f.id, laneUnknown, ""))
		}
	}
}

// handOn gives fr to a goroutine waiting to read, or to a new one.
func (l *pluginLane) handOn(fr *frameReader) {
	select {
	case l.next <- fr:
	default:
		go l.read(fr)
	}
}

// readAgain waits until the reader is handed on to this goroutine; nil
// means end: enough goroutines wait already, or the lane closed.
func (l *pluginLane) readAgain() *frameReader {
	if l.waiting.Add(1) > maxWaitingReaders {
		l.waiting.Add(-1)
		return nil
	}
	defer l.waiting.Add(-1)
	select {
	case fr := <-l.next:
		return fr
	case <-l.base.Done():
		return nil
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
	_ = l.w.write(func(b []byte) []byte { // a failed write ends the reader too
		if err == nil {
			out, encErr := appendFrame(b, f.id, laneReply, time.Time{}, resp)
			if encErr == nil {
				return out
			}
			err = encErr
		}
		return appendTextFrame(b, f.id, laneFailed, err.Error())
	})
}

func (l *pluginLane) reply(b []byte) {
	_ = l.w.write(func(buf []byte) []byte { return append(buf, b...) })
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
