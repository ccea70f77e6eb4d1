package sdktest

import (
	"encoding/json"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// checkManifest: the manifest is valid, is plain data that survives JSON,
// does not vary between instances, and matches what the plugin implements.
func (e Env) checkManifest(t *testing.T) {
	p := e.Factory()
	if p == nil {
		t.Fatal("the factory returned a nil plugin")
	}
	m := p.Manifest()
	if err := m.Validate(); err != nil {
		t.Fatalf("invalid manifest:\n%v", err)
	}
	first := mustJSON(t, m)
	var back sdk.Manifest
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("manifest does not decode from its JSON: %v", err)
	}
	if second := mustJSON(t, back); string(second) != string(first) {
		t.Errorf("manifest changes in a JSON round trip; defaults and examples must be JSON values:\n%s\n%s", first, second)
	}
	if other := mustJSON(t, e.Factory().Manifest()); string(other) != string(first) {
		t.Error("two instances describe themselves differently; Manifest must not depend on state")
	}
	_, isChannel := p.(sdk.Channel)
	if isChannel != (m.Channel != nil) {
		t.Errorf("manifest declares a channel: %v, plugin implements sdk.Channel: %v", m.Channel != nil, isChannel)
	}
	_, handles := p.(sdk.WebhookHandler)
	if handles != m.Webhooks {
		t.Errorf("manifest declares webhooks: %v, plugin implements sdk.WebhookHandler: %v", m.Webhooks, handles)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("does not marshal to JSON: %v", err)
	}
	return b
}
