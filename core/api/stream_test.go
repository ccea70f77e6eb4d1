package api

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	fws "github.com/fasthttp/websocket"
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/bus"
)

// dialStream opens /api/v1/stream on base with an API key.
func dialStream(t *testing.T, base, key string) *fws.Conn {
	t.Helper()
	url := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/stream"
	conn, res, err := fws.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + key}})
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		t.Fatalf("dial stream: %v (status %d)", err, status)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// nextFrame reads frames until one of type typ arrives, or fails.
func nextFrame(t *testing.T, conn *fws.Conn, typ string) streamFrame {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn.SetReadDeadline(deadline)
		var f streamFrame
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		if f.Type == typ {
			return f
		}
	}
}

// noFrame fails if any frame arrives within d.
func noFrame(t *testing.T, conn *fws.Conn, d time.Duration) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(d))
	var f streamFrame
	if err := conn.ReadJSON(&f); err == nil {
		t.Fatalf("a foreign event reached the socket: %s %s", f.Type, f.Data)
	}
}

// secondInstance serves the same store and bus from another fiber app,
// like a second server behind the load balancer.
func (h *harness) secondInstance() string {
	h.t.Helper()
	app := New(h.api.Deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	go func() { _ = app.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true}) }()
	h.t.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String()
}

func (h *harness) runRelay() {
	ctx, cancel := context.WithCancel(context.Background())
	h.t.Cleanup(cancel)
	go (&bus.Relay{Store: h.store, Bus: h.bus}).Run(ctx)
}

// TestStreamCarriesOnlyTheTenantsEvents: a change made through one
// instance reaches the tenant's sockets on both instances, and never the
// other tenant's socket.
func TestStreamCarriesOnlyTheTenantsEvents(t *testing.T) {
	h := newHarness(t)
	h.runRelay()
	a, b := h.workspace("alpha"), h.workspace("bravo")
	other := h.secondInstance()
	aHere, aThere, bHere := dialStream(t, h.base, a.APIKey), dialStream(t, other, a.APIKey), dialStream(t, h.base, b.APIKey)
	time.Sleep(100 * time.Millisecond) // let the subscriptions settle

	r := h.do("POST", "/api/v1/contacts", a.APIKey, map[string]string{"name": "Maria", "phone": "(11) 98765-4321"})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for _, conn := range []*fws.Conn{aHere, aThere} {
		f := nextFrame(t, conn, "contact.created")
		var data struct {
			Contact struct{ Phone string } `json:"contact"`
		}
		if err := json.Unmarshal(f.Data, &data); err != nil || data.Contact.Phone != "+5511987654321" || f.ID == "" {
			t.Fatalf("frame: %+v %v", f, err)
		}
	}
	noFrame(t, bHere, 300*time.Millisecond)

	if r := h.do("GET", "/api/v1/stream", a.APIKey, nil); r.Status != 400 {
		t.Fatalf("plain GET on the stream: %d", r.Status)
	}
	url := "ws" + strings.TrimPrefix(h.base, "http") + "/api/v1/stream"
	if _, res, err := fws.DefaultDialer.Dial(url, nil); err == nil || res == nil || res.StatusCode != 401 {
		t.Fatalf("anonymous socket: %v", err)
	}
}
