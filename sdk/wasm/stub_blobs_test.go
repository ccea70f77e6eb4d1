//go:build !wasip1

package wasm_test

import (
	"context"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
	"github.com/masteria/masteria/sdk/wasm"
)

// blobUser keeps the Blobs it was given, as the guest sees it.
type blobUser struct {
	sdk.Base
	got chan sdk.Blobs
}

func (*blobUser) Manifest() sdk.Manifest {
	return sdk.Manifest{
		ID: "blobuser", Version: "1.0.0", Runtime: sdk.RuntimeWASM, Title: "Blob user", Namespaces: []string{"blobuser"},
		Actions:     []sdk.ActionSpec{{ID: "blobuser.noop", Title: "Nothing"}},
		Permissions: sdk.Permissions{Services: []sdk.Service{sdk.ServiceBlobs}},
	}
}

func (b *blobUser) Provision(_ context.Context, conn sdk.Connection) error {
	b.got <- conn.Host.Blobs
	return nil
}

func (*blobUser) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"blobuser.noop": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
		return sdk.Output{}, nil
	})}
}

// TestStubBlobs runs the Blobs contract from the guest's side of the ABI:
// every call crosses the blob_* host functions' encoding.
func TestStubBlobs(t *testing.T) {
	const limit = 5 << 20
	got := make(chan sdk.Blobs, 1)
	p := wasm.Stub(func() sdk.Plugin { return &blobUser{got: got} })()
	cfg, _ := sdk.Fields{}.Parse(nil)
	host := sdk.Host{Blobs: &sdktest.MemoryBlobs{Limit: limit}}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c1", Config: cfg, Host: host}); err != nil {
		t.Fatal(err)
	}
	sdktest.RunBlobs(t, <-got, limit)
}
