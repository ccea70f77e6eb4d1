package grpcplugin

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/echo"
	"github.com/masteria/masteria/sdk/sdktest"
)

// hookedEcho is the echo plugin with sdk.WebhookConnector: it "points" a
// provider at the URL it is given, and refuses an empty one.
type hookedEcho struct{ *echo.Plugin }

func (hookedEcho) ConnectWebhooks(_ context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	if webhookURL == "" {
		return sdk.WebhookConnection{}, sdk.Auth(errors.New("echo: the provider refused the credentials"))
	}
	return sdk.WebhookConnection{URL: webhookURL, Target: "echo account"}, nil
}

var _ sdk.WebhookConnector = hookedEcho{}

// TestRemoteConnectWebhooks: the call reaches the plugin's
// WebhookConnector and brings back what it set up, or its classified
// refusal; a plugin without the capability answers sdk.ErrNotSupported.
func TestRemoteConnectWebhooks(t *testing.T) {
	ctx := context.Background()
	host := sdk.Host{Events: &sdktest.EventLog{}, Log: sdktest.NewLogger(t)}
	r := dispense(t, func() sdk.Plugin { return hookedEcho{echo.New().(*echo.Plugin)} })
	m, _ := r.Describe(ctx)
	if err := connect(t, r, m, "c1", echoConfig(), host); err != nil {
		t.Fatal(err)
	}
	got, err := r.ConnectWebhooks(ctx, "c1", "https://app.example/hooks/c1")
	if err != nil || got != (sdk.WebhookConnection{URL: "https://app.example/hooks/c1", Target: "echo account"}) {
		t.Fatalf("ConnectWebhooks = %+v, %v", got, err)
	}
	_, err = r.ConnectWebhooks(ctx, "c1", "")
	if c, _, _ := sdk.ClassOf(err); c != sdk.ClassAuth || !strings.Contains(err.Error(), "refused the credentials") {
		t.Fatalf("a refusal: %v (class %v)", err, c)
	}
	if _, err := r.ConnectWebhooks(ctx, "nope", "https://app.example/hooks/nope"); err == nil || errors.Is(err, sdk.ErrNotSupported) {
		t.Fatalf("a connection not open: %v", err)
	}

	plain := dispense(t, echo.New)
	if err := connect(t, plain, m, "c1", echoConfig(), host); err != nil {
		t.Fatal(err)
	}
	_, err = plain.ConnectWebhooks(ctx, "c1", "https://app.example/hooks/c1")
	if c, _, _ := sdk.ClassOf(err); !errors.Is(err, sdk.ErrNotSupported) || c != sdk.ClassPermanent {
		t.Fatalf("a plugin without the capability: %v (class %v)", err, c)
	}
}
