package grpcplugin

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/masteria/masteria/sdk"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// laneAcceptTimeout bounds how long the host waits for the plugin to dial.
const laneAcceptTimeout = 10 * time.Second

// OpenLane opens the call lane to the plugin process (see lane.go); from
// then on Invoke, Send and HandleWebhook travel over it. When the plugin
// cannot open one (an SDK that predates it, a platform without Unix
// sockets) OpenLane returns the error and the calls stay on gRPC, so a
// caller may log it and go on.
func (r *Remote) OpenLane(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "mlane")
	if err != nil {
		return fmt.Errorf("grpcplugin: lane: %w", err)
	}
	defer os.RemoveAll(dir)
	l, err := net.Listen("unix", filepath.Join(dir, "s"))
	if err != nil {
		return fmt.Errorf("grpcplugin: lane: %w", err)
	}
	defer l.Close()
	token := make([]byte, laneTokenSize)
	if _, err := rand.Read(token); err != nil {
		return fmt.Errorf("grpcplugin: lane: %w", err)
	}
	accepted := make(chan net.Conn, 1)
	go func() { accepted <- acceptLane(l, token) }()
	if _, err := r.client.OpenLane(ctx, &pb.OpenLaneRequest{Path: l.Addr().String(), Token: token}); err != nil {
		_ = l.Close()
		if c := <-accepted; c != nil {
			_ = c.Close()
		}
		return rpcError(ctx, "open lane", err)
	}
	c := <-accepted
	if c == nil {
		return errors.New("grpcplugin: lane: the plugin did not connect")
	}
	ln := newHostLane(c)
	if old := r.lane.Swap(ln); old != nil {
		old.close()
	}
	return nil
}

// acceptLane returns the first connection that presents token, or nil once
// the listener closes or the wait times out.
func acceptLane(l net.Listener, token []byte) net.Conn {
	deadline := time.Now().Add(laneAcceptTimeout)
	_ = l.(*net.UnixListener).SetDeadline(deadline)
	for {
		c, err := l.Accept()
		if err != nil {
			return nil
		}
		got := make([]byte, laneTokenSize)
		_ = c.SetReadDeadline(deadline)
		if _, err := io.ReadFull(c, got); err != nil || subtle.ConstantTimeCompare(got, token) != 1 {
			_ = c.Close()
			continue
		}
		_ = c.SetReadDeadline(time.Time{})
		return c
	}
}

// hostLane is the host's end of a lane. Callers write their requests
// themselves, and read the replies themselves too: whichever call holds the
// reader reads frames, hands each other call's reply to it, and gives the
// reader up once its own reply has come. A call alone on the lane thus
// reads its reply on its own goroutine, with no hand-off between
// goroutines, which on two cores is a large part of a call's time (see
// RATIONALE.md, "The call lane").
type hostLane struct {
	conn net.Conn

	w frameWriter

	// reader holds the frame reader while no call reads; a call takes it
	// to read and puts it back.
	reader chan *frameReader

	mu      sync.Mutex
	next    uint64
	waiting map[uint64]chan frame
	broken  error
	dead    chan struct{}
}

func newHostLane(c net.Conn) *hostLane {
	l := &hostLane{conn: c, w: frameWriter{conn: c}, reader: make(chan *frameReader, 1), waiting: map[uint64]chan frame{}, dead: make(chan struct{})}
	l.reader <- newFrameReader(c)
	return l
}

// readFor reads frames until call id's reply, handing the others to their
// calls. It returns early with ctx's error once ctx is done (the frame
// being read stays in fr for the next reader), or with the error that broke
// the lane.
func (l *hostLane) readFor(ctx context.Context, fr *frameReader, id uint64, ch chan frame) (frame, error) {
	select {
	case f := <-ch: // the reader before us delivered it
		return f, nil
	default:
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { _ = l.conn.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	for {
		f, err := fr.next()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			_ = l.conn.SetReadDeadline(time.Time{})
			if ctx.Err() != nil {
				return frame{}, ctx.Err()
			}
			continue // set for a call that has since gone
		}
		if err != nil {
			l.fail(err)
			return frame{}, err
		}
		if f.id == id {
			l.forget(id)
			return f, nil
		}
		l.deliver(f)
	}
}

// deliver hands f to the call waiting for it; a reply to a call that gave
// up is dropped.
func (l *hostLane) deliver(f frame) {
	l.mu.Lock()
	ch := l.waiting[f.id]
	delete(l.waiting, f.id)
	l.mu.Unlock()
	if ch != nil {
		ch <- f
	}
}

// fail breaks the lane: every waiting call and every later one fails.
func (l *hostLane) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.broken != nil {
		return
	}
	l.broken = err
	close(l.dead)
	_ = l.conn.Close()
}

func (l *hostLane) close() { l.fail(errors.New("lane closed")) }

// alive reports whether calls can still go over l.
func (l *hostLane) alive() bool {
	select {
	case <-l.dead:
		return false
	default:
		return true
	}
}

// call sends req as a frame of kind and decodes the reply into resp. Its
// errors are classified as rpcError classifies gRPC's.
func (l *hostLane) call(ctx context.Context, name string, kind byte, req, resp proto.Message) error {
	ch := make(chan frame, 1)
	l.mu.Lock()
	if l.broken != nil {
		l.mu.Unlock()
		return unreachable(ctx, name, l.broken)
	}
	l.next++
	id := l.next
	l.waiting[id] = ch
	l.mu.Unlock()

	dl, _ := ctx.Deadline()
	if err := l.write(id, kind, dl, req); err != nil {
		l.forget(id)
		if errors.Is(err, errLaneEncode) {
			return sdk.Permanent(fmt.Errorf("grpcplugin: %s: %w", name, err), "")
		}
		return unreachable(ctx, name, err)
	}
	select {
	case f := <-ch:
		return decodeReply(name, f, resp)
	case fr := <-l.reader:
		f, err := l.readFor(ctx, fr, id, ch)
		l.reader <- fr
		if err == nil {
			return decodeReply(name, f, resp)
		}
		if ctx.Err() == nil {
			return l.lost(ctx, name, id, ch, resp)
		}
		return l.giveUp(ctx, name, id)
	case <-l.dead:
		return l.lost(ctx, name, id, ch, resp)
	case <-ctx.Done():
		return l.giveUp(ctx, name, id)
	}
}

// lost ends call id on a broken lane, unless its reply came in first.
func (l *hostLane) lost(ctx context.Context, name string, id uint64, ch chan frame, resp proto.Message) error {
	if !l.forget(id) {
		return decodeReply(name, <-ch, resp)
	}
	return unreachable(ctx, name, l.broken)
}

// giveUp ends call id whose caller went away and tells the plugin.
func (l *hostLane) giveUp(ctx context.Context, name string, id uint64) error {
	if l.forget(id) {
		_ = l.write(id, laneCancel, time.Time{}, nil)
	}
	return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w", name, ctx.Err()), 0)
}

// forget stops waiting for call id's reply; it reports whether the call was
// still waiting.
func (l *hostLane) forget(id uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.waiting[id]
	delete(l.waiting, id)
	return ok
}

var errLaneEncode = errors.New("encoding the request")

func (l *hostLane) write(id uint64, kind byte, deadline time.Time, msg proto.Message) error {
	var encoding error
	err := l.w.write(func(b []byte) []byte {
		out, err := appendFrame(b, id, kind, deadline, msg)
		if err != nil {
			encoding = err
			return b // the frame is left out whole
		}
		return out
	})
	if encoding != nil {
		return fmt.Errorf("%w: %w", errLaneEncode, encoding)
	}
	if err != nil {
		l.fail(err)
	}
	return err
}

func decodeReply(name string, f frame, resp proto.Message) error {
	switch f.kind {
	case laneReply:
		if err := proto.Unmarshal(f.payload, resp); err != nil {
			return sdk.Permanent(fmt.Errorf("grpcplugin: %s: reply: %w", name, err), "")
		}
		return nil
	case laneFailed: // a recovered panic, as codes.Internal over gRPC
		return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %s", name, f.payload), 0)
	case laneUnknown:
		return sdk.Permanent(fmt.Errorf("grpcplugin: %s: the other side does not speak this call", name), "")
	}
	return sdk.Permanent(fmt.Errorf("grpcplugin: %s: %w: reply kind %#x", name, errLaneFrame, f.kind), "")
}

// unreachable classifies a broken lane as rpcError does a broken
// connection: retryable, wrapping ErrUnreachable unless the caller gave up.
func unreachable(ctx context.Context, name string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w", name, ctxErr), 0)
	}
	return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w: %v", name, ErrUnreachable, err), 0)
}

// laneFor returns the open lane, or nil to call over gRPC.
func (r *Remote) laneFor() *hostLane {
	if l := r.lane.Load(); l != nil && l.alive() {
		return l
	}
	return nil
}

func (r *Remote) invoke(ctx context.Context, name string, req *pb.InvokeRequest) (*pb.InvokeResponse, error) {
	if l := r.laneFor(); l != nil {
		resp := new(pb.InvokeResponse)
		return resp, l.call(ctx, name, laneInvoke, req, resp)
	}
	resp, err := r.client.Invoke(ctx, req)
	if err != nil {
		return nil, rpcError(ctx, name, err)
	}
	return resp, nil
}

func (r *Remote) send(ctx context.Context, req *pb.SendRequest) (*pb.SendResponse, error) {
	if l := r.laneFor(); l != nil {
		resp := new(pb.SendResponse)
		return resp, l.call(ctx, "send", laneSend, req, resp)
	}
	resp, err := r.client.Send(ctx, req)
	if err != nil {
		return nil, rpcError(ctx, "send", err)
	}
	return resp, nil
}

func (r *Remote) handleWebhook(ctx context.Context, req *pb.HandleWebhookRequest) (*pb.HandleWebhookResponse, error) {
	if l := r.laneFor(); l != nil {
		resp := new(pb.HandleWebhookResponse)
		return resp, l.call(ctx, "webhook", laneWebhook, req, resp)
	}
	resp, err := r.client.HandleWebhook(ctx, req)
	if err != nil {
		return nil, rpcError(ctx, "webhook", err)
	}
	return resp, nil
}
