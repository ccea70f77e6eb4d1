package main

import (
	"context"
	"sync"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// Calls run concurrently: counting from many at once loses no increment.
func TestCountConcurrently(t *testing.T) {
	p := New()
	m := p.Manifest()
	cfg, err := m.Config.Parse(map[string]any{"signing_secret": "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c1", Config: cfg, Host: sdktest.NewHost(t, m)}); err != nil {
		t.Fatal(err)
	}
	spec, _ := m.Action("grpcecho.count")
	in, _ := spec.ParseInput(map[string]any{"name": "visits"})
	count := p.Actions()["grpcecho.count"]
	const calls = 50
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			if _, err := count.Invoke(context.Background(), in); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	out, err := count.Invoke(context.Background(), in)
	if err != nil || out.Values["count"] != calls+1 {
		t.Errorf("after %d concurrent counts the next is %v (%v), want %d", calls, out.Values["count"], err, calls+1)
	}
}
