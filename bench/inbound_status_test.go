package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
)

// BenchmarkInboundStatuses: signed WhatsApp Cloud API status webhooks
// (delivered, then read) for messages the platform sent, posted on 256
// concurrent connections to `masteria serve` on its defaults (SQLite, the
// embedded bus), with the shipped whatsapp-cloud plugin in its subprocess.
// A campaign's message brings two or three of these, so they outnumber
// the messages customers send. Each is verified and normalized by the
// plugin, moves its message's status forward with its history, and
// emits message.status. Before the clock starts, 2,000 customers write
// in (their contacts and threads) and b.N/2 sent messages are stored in
// those threads; the first half of the webhooks reports them delivered,
// the second half read. The clock stops when the relay has had the last
// message.status acknowledged by JetStream; the CPU is read once the
// campaign ledger has consumed them all (ledger-lag-s after the clock).
func BenchmarkInboundStatuses(b *testing.B) {
	srv := startEmbedded(b)
	defer stop(b, srv.cmd)
	cmd, base, hook := srv.cmd, srv.base, srv.hook
	signedWebhooks(2000, benchSecret).post(b, base+hook, 64)

	sent := (b.N + 1) / 2
	seedSent(b, filepath.Join(srv.data, "masteria.db"), srv.tenant.TenantID, sent)
	hooks := signedBodies(b.N, benchSecret, func(i int) []byte {
		status := "delivered"
		if i >= sent {
			status = "read"
		}
		return waStatus(i%sent, status)
	})
	want := metric(b, base, "masteria_outbox_published_total") + float64(b.N)
	self0, cpu0 := selfCPU(), cpuSeconds(b, cmd.Process.Pid)
	b.ResetTimer()
	start := time.Now()
	took := hooks.post(b, base+hook, 256)
	waitFor(b, base, "masteria_outbox_published_total", func(v float64) bool { return v >= want })
	elapsed := time.Since(start)
	b.StopTimer()
	client := selfCPU() - self0
	waitFor(b, base, `masteria_bus_consumer_backlog{consumer="campaign-ledger"}`, func(v float64) bool { return v == 0 })
	ledgerLag := time.Since(start) - elapsed
	cpu := cpuSeconds(b, cmd.Process.Pid) - cpu0
	reportWebhooks(b, elapsed, cpu, client, took)
	b.ReportMetric(ledgerLag.Seconds(), "ledger-lag-s")
}

// seedSent stores n messages sent to the tenant's customers, spread over
// their threads, each with a provider message ID waStatus reports on.
func seedSent(b *testing.B, path, tenantID string, n int) {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var convs []store.Conversation
	for cursor := ""; ; {
		page, next, err := st.ListConversations(ctx, tenantID, store.ConversationFilter{Page: store.Page{Limit: 500, Cursor: cursor}})
		if err != nil {
			b.Fatal(err)
		}
		convs = append(convs, page...)
		if cursor = next; next == "" {
			break
		}
	}
	if len(convs) == 0 {
		b.Fatal("no conversations to send into")
	}
	at := time.Now().Add(-time.Minute)
	for start := 0; start < n; start += 500 {
		var ms []store.Message
		for i := start; i < min(n, start+500); i++ {
			c := convs[i%len(convs)]
			ms = append(ms, store.Message{ID: ids.New("msg"), TenantID: tenantID, ConversationID: c.ID, ContactID: c.ContactID,
				Direction: "out", Type: "text", Text: "Seu pedido saiu para entrega.", ProviderMessageID: sentID(i),
				Status: "sent", CreatedAt: at, StatusAt: at})
		}
		if err := st.Tx(ctx, func(q store.Queries) error { _, err := q.InsertMessages(ctx, ms); return err }); err != nil {
			b.Fatal(err)
		}
	}
}

func sentID(i int) string { return fmt.Sprintf("wamid.sent%09d", i) }

// waStatus is a Meta webhook carrying one status of message i.
func waStatus(i int, status string) []byte {
	return fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"100000000000001","changes":[{"value":`+
		`{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511900000000","phone_number_id":"200000000000001"},`+
		`"statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"55119%08d",`+
		`"pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}}]},"field":"messages"}]}]}`,
		sentID(i), status, time.Now().Unix(), 80000000+i%2000)
}
