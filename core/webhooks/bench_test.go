package webhooks

import (
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
)

// eventMsg is a stream message as the consumer reads it.
type eventMsg struct {
	jetstream.Msg
	h    nats.Header
	data []byte
}

func (m eventMsg) Headers() nats.Header { return m.h }
func (m eventMsg) Data() []byte         { return m.data }
func (m eventMsg) Metadata() (*jetstream.MsgMetadata, error) {
	return &jetstream.MsgMetadata{Timestamp: time.Now()}, nil
}

func benchMsg(tenant, typ string, i int) jetstream.Msg {
	h := nats.Header{}
	h.Set(bus.HeaderTenant, tenant)
	h.Set(bus.HeaderType, typ)
	h.Set(bus.HeaderMsgID, fmt.Sprint("evt_", i))
	return eventMsg{h: h, data: []byte(`{"contact_id":"ctc_1","message":{"text":"Olá, qual o preço?","channel":"whatsapp"}}`)}
}

// BenchmarkFanoutMatch is the consumer's in-process work per event, store
// write left out: "other tenant" is an event that reaches it only when the
// subjects fell back to wildcards (a header lookup); "type not wanted"
// one of a subscribed tenant's types no endpoint of its wants; "wanted"
// builds the body and the delivery of one endpoint. A tenant without
// endpoints has no subject in the filter, so its events cost nothing here.
func BenchmarkFanoutMatch(b *testing.B) {
	subs := &subscriptions{byTenant: map[string][]subscriber{
		"ten_a": {{id: "whe_1", patterns: []string{"message.received"}}, {id: "whe_2", patterns: []string{"conversation.*"}}},
	}}
	now := store.Now()
	for name, m := range map[string]jetstream.Msg{
		"other tenant":    benchMsg("ten_b", "message.received", 1),
		"type not wanted": benchMsg("ten_a", "message.status", 1),
		"wanted":          benchMsg("ten_a", "message.received", 1),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			ds := make([]store.WebhookDelivery, 0, 1)
			for range b.N {
				ds = subs.deliveries(ds[:0], m, now)
			}
		})
	}
}
