package app

import (
	"context"
	"encoding/json"
	"net"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

const keywordFlow = `version: 1
name: keyword
trigger: {on: message.received, keyword: PROMO}
steps:
  - id: note
    uses: set
    with: {got: "{{ message.text }}"}
`

// TestInboundEventStartsAFlowThroughTheBus: an event committed to the
// outbox is published on JetStream, routed to the flow's trigger and run
// to the end by the engine — every part real.
func TestInboundEventStartsAFlowThroughTheBus(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := Open(ctx, testConfig(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	login, _ := a.EnsureDemo(ctx)
	p := tenancy.Principal{TenantID: login.TenantID, Role: auth.RoleOwner}
	d, err := a.Flows.Create(ctx, p, keywordFlow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Flows.Publish(ctx, p, d.ID); err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	waitHealthy(t, "http://"+ln.Addr().String())

	payload, _ := json.Marshal(map[string]any{"contact_id": "con_1", "message": map[string]string{"id": "wamid.1", "channel": "whatsapp", "text": "promo de natal"}})
	if err := a.Store.Emit(ctx, store.Event{TenantID: login.TenantID, Type: bus.EventMessageReceived, MsgID: "evt_in_1", Payload: payload}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		runs, _ := a.Store.ListRuns(ctx, login.TenantID, store.RunFilter{FlowID: d.ID, Status: store.RunCompleted})
		if len(runs) == 1 {
			var st struct {
				Vars map[string]any `json:"vars"`
			}
			json.Unmarshal(runs[0].State, &st)
			if st.Vars["got"] != "promo de natal" {
				t.Fatalf("vars %v", st.Vars)
			}
			cancel()
			<-served
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the inbound event never ran the flow")
}
