package plugin

import (
	"context"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// urlRecorder is an in-process plugin keeping the webhook URL each of its
// connections was opened with.
type urlRecorder struct {
	sdk.Base
	got chan<- string
}

func (urlRecorder) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "url-recorder", Version: "0.1.0", Runtime: sdk.RuntimeGRPC, Title: "URL recorder",
		Namespaces: []string{"recorder"}}
}

func (r urlRecorder) Provision(_ context.Context, conn sdk.Connection) error {
	r.got <- conn.WebhookURL
	return nil
}

// TestConnectionsAreToldTheirWebhookURL: with the server's public URL
// configured, a connection is opened with its public /hooks/{id} URL, for
// provider callbacks; without it, with none.
func TestConnectionsAreToldTheirWebhookURL(t *testing.T) {
	f := newFixture(t)
	got := make(chan string, 1)
	if err := f.m.Register(func() sdk.Plugin { return urlRecorder{got: got} }); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := f.m.CreateConnection(ctx, f.owner, ConnectionInput{PluginID: "url-recorder", Name: "R"})
	if err != nil {
		t.Fatal(err)
	}
	if u := <-got; u != "" { // the plugin's Provision ran to validate the config
		t.Errorf("validated with webhook URL %q without a public_url", u)
	}
	for _, tc := range []struct{ public, want string }{
		{"https://app.example.com/", "https://app.example.com/hooks/" + v.ID},
		{"https://example.com/masteria", "https://example.com/masteria/hooks/" + v.ID},
		{"", ""},
	} {
		f.m.PublicURL = tc.public
		if c, err := f.m.CheckConnection(ctx, f.owner, v.ID); err != nil || c.Status != "ok" {
			t.Fatalf("check: %+v %v", c, err)
		}
		if u := <-got; u != tc.want {
			t.Errorf("public_url %q: the connection got webhook URL %q, want %q", tc.public, u, tc.want)
		}
	}
}
