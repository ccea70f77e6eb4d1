package api

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/gofiber/contrib/v3/websocket"
	"github.com/gofiber/fiber/v3"
	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/tenancy"
)

// streamFrame is one event pushed on /api/v1/stream.
type streamFrame struct {
	Type string          `json:"type"` // the event type, e.g. message.received
	ID   string          `json:"id"`   // the event's ID (de-duplicate on it)
	Data json.RawMessage `json:"data"` // the event's payload
}

// streamBuffer is how many events a slow socket may lag before NATS drops
// events for it (the dashboard refetches on reconnect).
const streamBuffer = 1024

// stream upgrades to a WebSocket that pushes the caller's tenant's
// events. Each socket subscribes to its own tenant's subject on the bus,
// so events committed on any server instance reach every instance's
// sockets, and no other tenant's event can.
func (h *crmAPI) stream(c fiber.Ctx, p tenancy.Principal) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return apperr.New(apperr.Invalid, "connect with a WebSocket (Upgrade: websocket)")
	}
	if c.Get(fiber.HeaderAuthorization) == "" && !sameOrigin(c) {
		return apperr.New(apperr.Forbidden, "cross-origin WebSocket refused")
	}
	if h.Bus == nil {
		return apperr.NotRunningf("event_bus", "the event bus is not available")
	}
	return websocket.New(func(conn *websocket.Conn) { h.pump(conn, p.TenantID) })(c)
}

// sameOrigin guards cookie-authenticated sockets against other sites.
func sameOrigin(c fiber.Ctx) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == c.Host()
}

// pump forwards bus events to the socket until either side closes.
func (h *crmAPI) pump(conn *websocket.Conn, tenantID string) {
	events := make(chan *nats.Msg, streamBuffer)
	sub, err := h.Bus.NC.ChanSubscribe(h.Bus.TenantEvents(tenantID), events)
	if err != nil {
		h.Log.Warn("stream subscribe", "tenant", tenantID, "err", err)
		return
	}
	defer sub.Unsubscribe()
	conn.SetReadLimit(4096) // clients only send pongs and closes
	closed := make(chan struct{})
	go func() { // reads only to notice the client leaving
		defer close(closed)
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		var err error
		select {
		case <-closed:
			return
		case m := <-events:
			err = conn.WriteJSON(frameOf(m))
		case <-ping.C:
			err = conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second))
		}
		if err != nil {
			return
		}
	}
}

func frameOf(m *nats.Msg) streamFrame {
	data := json.RawMessage(m.Data)
	if !json.Valid(data) {
		data = json.RawMessage("null")
	}
	return streamFrame{Type: m.Header.Get(bus.HeaderType), ID: m.Header.Get(bus.HeaderMsgID), Data: data}
}
