//go:build !wasip1

package wasm_test

import (
	"context"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm"
)

// hooked is the probe keeping the webhook URL it was provisioned with.
type hooked struct {
	probe
	url *string
}

func (h *hooked) Provision(ctx context.Context, conn sdk.Connection) error {
	*h.url = conn.WebhookURL
	return h.probe.Provision(ctx, conn)
}

// TestStubPassesWebhookURL: the connection's public webhook URL crosses
// the ABI to the guest's Provision.
func TestStubPassesWebhookURL(t *testing.T) {
	var got string
	p := wasm.Stub(func() sdk.Plugin { return &hooked{url: &got} })()
	const url = "https://app.example.com/hooks/c1"
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c1", WebhookURL: url}); err != nil {
		t.Fatal(err)
	}
	defer sdk.Close(p)
	if got != url {
		t.Fatalf("the guest got webhook URL %q, want %q", got, url)
	}
}
