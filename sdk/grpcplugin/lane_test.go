package grpcplugin

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
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
	br := bufio.NewReader(bytes.NewReader(b))
	f, err := readFrame(br)
	if err != nil || f.id != 42 || f.kind != laneInvoke || f.deadline != dl.UnixNano() {
		t.Fatalf("first frame = %+v, %v", f, err)
	}
	var got pb.InvokeRequest
	if err := decodeReply("x", frame{kind: laneReply, payload: f.payload}, &got); err != nil || got.GetActionId() != "a" {
		t.Fatalf("payload = %v, %v", &got, err)
	}
	f, err = readFrame(br)
	if err != nil || f.id != 43 || string(f.payload) != "boom" {
		t.Fatalf("second frame = %+v, %v", f, err)
	}
	if _, err := readFrame(br); err == nil {
		t.Fatal("read past the end")
	}
	huge := append(bytes.Repeat([]byte{0xff}, 4), make([]byte, laneHeaderSize-4)...)
	if _, err := readFrame(bufio.NewReader(bytes.NewReader(huge))); !errors.Is(err, errLaneFrame) {
		t.Errorf("oversized length = %v, want errLaneFrame", err)
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
		br := bufio.NewReader(bytes.NewReader(data))
		read := 0
		for {
			fr, err := readFrame(br)
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
