package sdktest_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestMemoryKV(t *testing.T) {
	ctx := context.Background()
	clock := &manualClock{now: time.Unix(0, 0)}
	kv := sdktest.NewMemoryKV(clock)
	if err := kv.Set(ctx, "cursor", []byte("42"), 0); err != nil {
		t.Fatal(err)
	}
	if err := kv.Set(ctx, "lock", []byte("x"), time.Minute); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Minute)
	if v, err := kv.Get(ctx, "cursor"); err != nil || string(v) != "42" {
		t.Errorf("cursor = %q, %v", v, err)
	}
	if _, err := kv.Get(ctx, "lock"); !errors.Is(err, sdk.ErrNotFound) {
		t.Errorf("expired key: err = %v, want ErrNotFound", err)
	}
	if err := kv.Delete(ctx, "cursor"); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Get(ctx, "cursor"); !errors.Is(err, sdk.ErrNotFound) {
		t.Errorf("deleted key: err = %v", err)
	}
}

func TestSecretsAndEvents(t *testing.T) {
	ctx := context.Background()
	s := sdktest.Secrets{"token": "t"}
	if v, err := s.Get(ctx, "token"); err != nil || v != "t" {
		t.Errorf("token = %q, %v", v, err)
	}
	if _, err := s.Get(ctx, "other"); !errors.Is(err, sdk.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
	var log sdktest.EventLog
	_ = log.Emit(ctx, "a.b", 1, "id1")
	if got := log.Emitted(); len(got) != 1 || got[0].ID != "id1" {
		t.Errorf("emitted %v", got)
	}
}
