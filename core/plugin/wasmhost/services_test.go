package wasmhost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

func testHost(t *testing.T) (sdk.Host, *sdktest.MemoryKV, *sdktest.EventLog) {
	kv, events := sdktest.NewMemoryKV(sdk.SystemClock()), &sdktest.EventLog{}
	return sdk.Host{KV: kv, Events: events, Log: sdktest.NewLogger(t), Clock: sdk.SystemClock()}, kv, events
}

// TestKVRoundTrip: values cross to the connection's KV store and back, and
// are shared by every instance of the connection.
func TestKVRoundTrip(t *testing.T) {
	host, kv, _ := testHost(t)
	p := open(t, load(t, Options{Instances: 2}), &host)
	ctx := context.Background()
	for i, want := range []string{"", "first", "second"} {
		out, err := invoke(ctx, t, p, "wasm_echo.remember", map[string]any{"key": "k", "value": []string{"first", "second", "third"}[i]})
		if err != nil || out.Values["previous"] != want {
			t.Fatalf("remember %d: %v, %v; want previous %q", i, out.Values, err, want)
		}
	}
	if v, err := kv.Get(ctx, "remember:k"); err != nil || string(v) != "third" {
		t.Errorf("the host's KV holds %q, %v", v, err)
	}
}

// TestEventsRoundTrip: events a module emits reach the host's Events with
// their subject, ID and JSON payload, from actions and from Send.
func TestEventsRoundTrip(t *testing.T) {
	host, _, events := testHost(t)
	p := open(t, load(t, Options{}), &host)
	ctx := context.Background()
	if _, err := invoke(ctx, t, p, "wasm_echo.announce", map[string]any{"text": "olá"}); err != nil {
		t.Fatal(err)
	}
	res, err := p.(sdk.Channel).Send(ctx, sdk.OutboundMessage{To: "+1", Kind: sdk.KindText, Text: "oi"})
	if err != nil {
		t.Fatal(err)
	}
	got := events.Emitted()
	if len(got) != 2 {
		t.Fatalf("emitted %+v", got)
	}
	var payload map[string]any
	b, _ := json.Marshal(got[0].Payload)
	if err := json.Unmarshal(b, &payload); err != nil || got[0].Subject != "wasm_echo.announced" ||
		got[0].ID != "announce:key-1" || payload["text"] != "olá" {
		t.Errorf("announce emitted %s %s %s (%v)", got[0].Subject, got[0].ID, b, err)
	}
	if got[1].Subject != sdk.SubjectMessageStatus || got[1].ID != "st:"+res.MessageID+":sent" {
		t.Errorf("send emitted %+v for %+v", got[1], res)
	}
}

// TestEgress: HTTP reaches the manifest's hosts and the operator's extra
// ones, through a real listener; any other host is refused before a
// connection is made, classed permanent.
func TestEgress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	local := srv.URL + "/local"

	approved := open(t, load(t, Options{AllowHosts: []string{u.Host}, Transport: http.DefaultTransport}), nil)
	out, err := invoke(context.Background(), t, approved, "wasm_echo.fetch", map[string]any{"url": local})
	if err != nil || out.Values["status"] != int64(200) || out.Values["body"] != "hello /local" {
		t.Errorf("fetch from an approved host: %v, %v", out.Values, err)
	}

	plain := open(t, load(t, Options{}), nil)
	out, err = invoke(context.Background(), t, plain, "wasm_echo.fetch", map[string]any{"url": "https://api.example.com/x"})
	if err != nil || out.Values["body"] != "pong from api.example.com" {
		t.Errorf("fetch from a declared host: %v, %v", out.Values, err)
	}
	for _, target := range []string{local, "https://evil.example.org/", "https://api.example.com.evil.org/"} {
		_, err := invoke(context.Background(), t, plain, "wasm_echo.fetch", map[string]any{"url": target})
		if c, _, _ := sdk.ClassOf(err); !errors.Is(err, sdk.ErrHostNotAllowed) || c != sdk.ClassPermanent {
			t.Errorf("fetch %s: err = %v (class %v), want a permanent ErrHostNotAllowed", target, err, c)
		}
	}
}

// TestUndeclaredService: a service the manifest does not declare is
// refused by the host, whatever the module's own SDK would have allowed.
func TestUndeclaredService(t *testing.T) {
	m := load(t, Options{})
	if m.Manifest().Permissions.Allows(sdk.ServiceSecrets) {
		t.Fatal("the example declares secrets; this test needs a service it does not declare")
	}
	c := newConnection(m)
	if err := c.Open(context.Background(), sdk.Host{Secrets: sdktest.Secrets{"x": "y"}}, abi.Provision{Config: map[string]any{"signing_secret": "s"}}); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	data, code := c.svc.SecretGet(context.Background(), []byte("x"))
	if code >= 0 {
		t.Errorf("secret_get answered %q", data)
	}
}

// TestBlobsRoundTrip: a module's blob reaches the host's Blobs through
// blob_put and comes back through blob_get; a blob over the host's limit is
// refused with ErrBlobTooLarge.
func TestBlobsRoundTrip(t *testing.T) {
	host, _, _ := testHost(t)
	blobs := &sdktest.MemoryBlobs{Limit: 16}
	host.Blobs = blobs
	p := open(t, load(t, Options{}), &host)
	ctx := context.Background()
	out, err := invoke(ctx, t, p, "wasm_echo.keep", map[string]any{"text": "olá, blob"})
	if err != nil || out.Values["read_back"] != "olá, blob" {
		t.Fatalf("keep = %v, %v", out.Values, err)
	}
	rc, meta, err := blobs.Get(ctx, fmt.Sprint(out.Values["id"]))
	if err != nil || meta.Size != int64(len("olá, blob")) || fmt.Sprint(out.Values["sha256"]) != meta.SHA256 {
		t.Fatalf("the host holds %+v, %v", meta, err)
	}
	rc.Close()
	_, err = invoke(ctx, t, p, "wasm_echo.keep", map[string]any{"text": "longer than sixteen bytes"})
	if !errors.Is(err, sdk.ErrBlobTooLarge) {
		t.Errorf("over the limit: err = %v, want ErrBlobTooLarge", err)
	}
}
