package grpcplugin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/echo"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
	"github.com/masteria/masteria/sdk/sdktest"
)

// blocker is a plugin whose action waits for its context and says so.
type blocker struct {
	sdk.Base
	started, cancelled chan string
}

var blockerManifest = sdk.Manifest{
	ID: "blocker", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Blocker", Namespaces: []string{"blocker"},
	Actions: []sdk.ActionSpec{{ID: "blocker.wait", Title: "Wait", Input: sdk.Fields{sdk.NewStringField("tag").Required()}}},
}

func (*blocker) Manifest() sdk.Manifest { return blockerManifest }
func (b *blocker) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"blocker.wait": sdk.ActionFunc(func(ctx context.Context, in sdk.Input) (sdk.Output, error) {
		tag := in.Params.String("tag")
		b.started <- tag
		<-ctx.Done()
		b.cancelled <- tag
		return sdk.Output{}, ctx.Err()
	})}
}

func newBlocker() (*blocker, sdk.Factory) {
	b := &blocker{started: make(chan string, 4), cancelled: make(chan string, 4)}
	return b, func() sdk.Plugin { return b }
}

func waitFor(t *testing.T, ch chan string, want, what string) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("%s: got %q, want %q", what, got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: %q never came", what, want)
	}
}

// openBlocker dispenses a blocker over the lane with connection c1 open.
func openBlocker(t *testing.T) (*blocker, *Remote) {
	b, f := newBlocker()
	r := dispense(t, f)
	if err := connect(t, r, blockerManifest, "c1", nil, sdk.Host{}); err != nil {
		t.Fatal(err)
	}
	return b, r
}

// wait starts blocker.wait tagged tag under ctx and returns once the plugin
// runs it; the call's error arrives on the channel.
func wait(t *testing.T, ctx context.Context, b *blocker, r *Remote, tag string) <-chan error {
	spec, _ := blockerManifest.Action("blocker.wait")
	in, _ := spec.ParseInput(map[string]any{"tag": tag})
	errc := make(chan error, 1)
	go func() { _, err := r.Invoke(ctx, "c1", "blocker.wait", in); errc <- err }()
	waitFor(t, b.started, tag, "the call starting")
	return errc
}

// A caller giving up cancels the call's context inside the plugin.
func TestLaneCancelReachesThePlugin(t *testing.T) {
	b, r := openBlocker(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := wait(t, ctx, b, r, "a")
	cancel()
	waitFor(t, b.cancelled, "a", "the plugin seeing the cancellation")
	err := <-errc
	if c, _, _ := sdk.ClassOf(err); !errors.Is(err, context.Canceled) || c != sdk.ClassRetryable {
		t.Errorf("cancelled Invoke = %v (%v), want retryable context.Canceled", err, c)
	}
}

// A lane cut under a call fails it retryable and unreachable, cancels it in
// the plugin, and later calls go over gRPC.
func TestLaneBrokenFailsInFlightCalls(t *testing.T) {
	b, r := openBlocker(t)
	errc := wait(t, context.Background(), b, r, "a")
	_ = r.lane.Load().conn.Close()
	err := <-errc
	if c, _, _ := sdk.ClassOf(err); !errors.Is(err, ErrUnreachable) || c != sdk.ClassRetryable {
		t.Errorf("Invoke on a cut lane = %v (%v), want retryable ErrUnreachable", err, c)
	}
	waitFor(t, b.cancelled, "a", "the plugin cancelling the orphaned call")
	if r.laneFor() != nil {
		t.Fatal("a broken lane is still used")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := <-wait(t, ctx, b, r, "b"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the gRPC call = %v, want DeadlineExceeded", err)
	}
}

// Only the connection presenting the token is taken as the plugin.
func TestLaneAcceptsOnlyTheToken(t *testing.T) {
	l, err := net.Listen("unix", filepath.Join(t.TempDir(), "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	token := bytes.Repeat([]byte{7}, laneTokenSize)
	got := make(chan net.Conn, 1)
	go func() { got <- acceptLane(l, token) }()
	intruder, err := net.Dial("unix", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	_, _ = intruder.Write(bytes.Repeat([]byte{8}, laneTokenSize))
	if _, err := intruder.Read(make([]byte, 1)); err == nil {
		t.Error("a connection with the wrong token was not closed")
	}
	plugin, err := net.Dial("unix", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer plugin.Close()
	_, _ = plugin.Write(token)
	c := <-got
	if c == nil {
		t.Fatal("the connection with the token was refused")
	}
	_ = c.Close()
}

// A request kind the plugin does not know fails permanent, and the lane
// goes on serving.
func TestLaneUnknownKind(t *testing.T) {
	r := dispense(t, func() sdk.Plugin { b, _ := newBlocker(); return b })
	l := r.lane.Load()
	err := l.call(context.Background(), "future", 0x20, &pb.HealthRequest{}, &pb.HealthResponse{})
	if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
		t.Errorf("unknown kind = %v (%v), want permanent", err, c)
	}
	if r.laneFor() == nil {
		t.Error("the lane closed after an unknown kind")
	}
}

func TestFrameRoundTrip(t *testing.T) {
	req := &pb.InvokeRequest{ConnectionId: "c1", ActionId: "a", InputJson: []byte(`{"x":1}`)}
	dl := time.Unix(1700000000, 5)
	b, err := appendFrame(nil, 42, laneInvoke, dl, req)
	if err != nil {
		t.Fatal(err)
	}
	b = appendTextFrame(b, 43, laneFailed, "boom")
	fr := newFrameReader(bytes.NewReader(b))
	f, err := fr.next()
	if err != nil || f.id != 42 || f.kind != laneInvoke || f.deadline != dl.UnixNano() {
		t.Fatalf("first frame = %+v, %v", f, err)
	}
	var got pb.InvokeRequest
	if err := decodeReply("x", frame{kind: laneReply, payload: f.payload}, &got); err != nil || got.GetActionId() != "a" {
		t.Fatalf("payload = %v, %v", &got, err)
	}
	f, err = fr.next()
	if err != nil || f.id != 43 || string(f.payload) != "boom" {
		t.Fatalf("second frame = %+v, %v", f, err)
	}
	if _, err := fr.next(); err != io.EOF {
		t.Fatalf("after the last frame: %v, want io.EOF", err)
	}
	huge := append(bytes.Repeat([]byte{0xff}, 4), make([]byte, laneHeaderSize-4)...)
	if _, err := newFrameReader(bytes.NewReader(huge)).next(); !errors.Is(err, errLaneFrame) {
		t.Errorf("oversized length = %v, want errLaneFrame", err)
	}
}

// stutter returns its chunks one per Read, failing with errPause between
// them, as a connection does when a read deadline passes.
type stutter struct {
	chunks [][]byte
	paused bool
}

var errPause = errors.New("pause")

func (s *stutter) Read(p []byte) (int, error) {
	if len(s.chunks) == 0 {
		return 0, io.EOF
	}
	if !s.paused {
		s.paused = true
		return 0, errPause
	}
	s.paused = false
	n := copy(p, s.chunks[0])
	if s.chunks[0] = s.chunks[0][n:]; len(s.chunks[0]) == 0 {
		s.chunks = s.chunks[1:]
	}
	return n, nil
}

// A read cut off anywhere in a frame loses nothing: reading again goes on
// where it stopped (a call reading the lane stops when its context ends and
// the next call reads on).
func TestFrameReaderResumes(t *testing.T) {
	var stream []byte
	for i := range 3 {
		b, err := appendFrame(nil, uint64(i+1), laneReply, time.Time{}, &pb.InvokeResponse{OutputJson: bytes.Repeat([]byte{'x'}, 100*i)})
		if err != nil {
			t.Fatal(err)
		}
		stream = append(stream, b...)
	}
	for _, size := range []int{1, 3, 7, laneHeaderSize, 50} {
		s := &stutter{}
		for rest := stream; len(rest) > 0; rest = rest[min(size, len(rest)):] {
			s.chunks = append(s.chunks, rest[:min(size, len(rest))])
		}
		fr := newFrameReader(s)
		var ids []uint64
		for {
			f, err := fr.next()
			if errors.Is(err, errPause) {
				continue
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("chunks of %d: %v", size, err)
			}
			var resp pb.InvokeResponse
			if err := decodeReply("x", f, &resp); err != nil || len(resp.GetOutputJson()) != 100*int(f.id-1) {
				t.Fatalf("chunks of %d: frame %d = %d bytes, %v", size, f.id, len(resp.GetOutputJson()), err)
			}
			ids = append(ids, f.id)
		}
		if len(ids) != 3 || ids[0] != 1 || ids[2] != 3 {
			t.Errorf("chunks of %d: frames %v, want [1 2 3]", size, ids)
		}
	}
}

// FuzzReadFrame: any bytes give frames or an error, never a panic, and a
// frame never claims more payload than it read.
func FuzzReadFrame(f *testing.F) {
	b, _ := appendFrame(nil, 1, laneSend, time.Time{}, &pb.SendRequest{ConnectionId: "c"})
	f.Add(b)
	f.Add(appendTextFrame(nil, 2, laneFailed, "x"))
	f.Add([]byte{0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newFrameReader(bytes.NewReader(data))
		read := 0
		for {
			fr, err := r.next()
			if err != nil {
				return
			}
			read += laneHeaderSize + len(fr.payload)
			if read > len(data) {
				t.Fatalf("frames claim %d bytes of %d", read, len(data))
			}
		}
	})
}

// Many calls share the lane, some giving up while they read it for the
// others: every reply reaches its own caller and every caller returns.
func TestLaneManyCallers(t *testing.T) {
	r := dispense(t, echo.New)
	m, _ := r.Describe(context.Background())
	if err := connect(t, r, m, "c1", echoConfig(), sdk.Host{Log: sdktest.NewLogger(t)}); err != nil {
		t.Fatal(err)
	}
	say, _ := m.Action("echo.say")
	slow, _ := m.Action("echo.wait")
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 100 {
				if i%5 == 0 {
					in, _ := slow.ParseInput(map[string]any{"for": "20ms"})
					ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
					_, err := r.Invoke(ctx, "c1", "echo.wait", in)
					cancel()
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("a call that gave up = %v, want DeadlineExceeded", err)
					}
					continue
				}
				text := fmt.Sprintf("g%d-%d", g, i)
				in, _ := say.ParseInput(map[string]any{"text": text})
				out, err := r.Invoke(context.Background(), "c1", "echo.say", in)
				if err != nil || out.Values["text"] != "> "+text {
					t.Errorf("Invoke(%s) = %v, %v", text, out.Values, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if r.laneFor() == nil {
		t.Error("the lane broke")
	}
}
