package plugin

import (
	"context"
	"testing"
)

// TestActionsRouteByConnectionIDAcrossRenames: a call naming its
// connection by ID (what a saved campaign holds) still reaches it after
// the connection is renamed; the old name no longer does.
func TestActionsRouteByConnectionIDAcrossRenames(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v := f.connect(t)
	if _, err := f.m.UpdateConnection(ctx, f.owner, v.ID, ConnectionInput{Name: "Eco da Loja"}); err != nil {
		t.Fatal(err)
	}
	out, err := f.m.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{"text": "oi", "connection": v.ID}, "k1")
	if err != nil || out["text"] != ">> oi" {
		t.Fatalf("by ID after a rename: %v %v", out, err)
	}
	if _, err := f.m.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{"text": "oi", "connection": "Echo"}, "k2"); err == nil {
		t.Fatal("the old name still routes")
	}
	if _, err := f.m.InvokeAction(ctx, f.owner.TenantID, "grpcecho.say", map[string]any{"text": "oi", "connection": "eco da loja"}, "k3"); err != nil {
		t.Fatalf("by the new name: %v", err)
	}
	if _, err := f.m.InvokeAction(ctx, f.other.TenantID, "grpcecho.say", map[string]any{"text": "oi", "connection": v.ID}, "k4"); err == nil {
		t.Fatal("another tenant used the connection by its ID")
	}
}
