package grpcplugin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// blobUser keeps the Blobs it was given, as the plugin process sees it.
type blobUser struct {
	sdk.Base
	got chan sdk.Blobs
}

var blobUserManifest = sdk.Manifest{
	ID: "blobuser", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Blob user", Namespaces: []string{"blobuser"},
	Actions:     []sdk.ActionSpec{{ID: "blobuser.noop", Title: "Nothing"}},
	Permissions: sdk.Permissions{Services: []sdk.Service{sdk.ServiceBlobs}},
}

func (*blobUser) Manifest() sdk.Manifest { return blobUserManifest }

func (b *blobUser) Provision(_ context.Context, conn sdk.Connection) error {
	b.got <- conn.Host.Blobs
	return nil
}

func (*blobUser) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"blobuser.noop": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
		return sdk.Output{}, nil
	})}
}

// pluginSideBlobs opens a connection whose host serves hostBlobs and
// returns the Blobs the plugin process got: every call crosses the broker.
func pluginSideBlobs(t *testing.T, hostBlobs sdk.Blobs) sdk.Blobs {
	got := make(chan sdk.Blobs, 1)
	r := dispense(t, func() sdk.Plugin { return &blobUser{got: got} })
	if err := connect(t, r, blobUserManifest, "c1", nil, sdk.Host{Blobs: hostBlobs}); err != nil {
		t.Fatal(err)
	}
	return <-got
}

// TestBlobsOverTheBroker runs the Blobs contract from the plugin's side of
// the wire, with blobs larger than one message and the limit enforced by
// the host's implementation.
func TestBlobsOverTheBroker(t *testing.T) {
	const limit = 5 << 20
	sdktest.RunBlobs(t, pluginSideBlobs(t, &sdktest.MemoryBlobs{Limit: limit}), limit)
}

func TestBlobsNotServed(t *testing.T) {
	b := pluginSideBlobs(t, nil)
	if _, _, err := b.Get(context.Background(), "blb_1"); !errors.Is(err, sdk.ErrNotPermitted) {
		t.Errorf("Get without a host service: err = %v, want ErrNotPermitted", err)
	}
}

// TestBlobsFailedReaderStoresNothing: when the plugin's reader fails
// mid-upload the host's Put fails too and keeps no truncated blob. The
// reader fails once the host's Put is reading: cancelled before that, the
// upload ends before the host's Put is ever called.
func TestBlobsFailedReaderStoresNothing(t *testing.T) {
	host := &observedBlobs{MemoryBlobs: &sdktest.MemoryBlobs{}, puts: make(chan error, 1), started: make(chan struct{})}
	b := pluginSideBlobs(t, host)
	r := io.MultiReader(bytes.NewReader(make([]byte, 600<<10)), failingReader{after: host.started})
	if _, err := b.Put(context.Background(), "image/jpeg", r); err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	select {
	case err := <-host.puts:
		if err == nil || host.Len() != 0 {
			t.Errorf("the host's Put = %v and it keeps %d blobs", err, host.Len())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the host's Put never returned")
	}
}

// observedBlobs reports the first Put starting and each Put's outcome once
// it returns.
type observedBlobs struct {
	*sdktest.MemoryBlobs
	puts    chan error
	started chan struct{}
	once    sync.Once
}

func (o *observedBlobs) Put(ctx context.Context, contentType string, r io.Reader) (sdk.Blob, error) {
	if o.started != nil {
		o.once.Do(func() { close(o.started) })
	}
	b, err := o.MemoryBlobs.Put(ctx, contentType, r)
	o.puts <- err
	return b, err
}

// failingReader fails, once after is closed (at most 10 s on).
type failingReader struct{ after <-chan struct{} }

func (f failingReader) Read([]byte) (int, error) {
	select {
	case <-f.after:
	case <-time.After(10 * time.Second):
	}
	return 0, errors.New("connection reset by peer")
}
