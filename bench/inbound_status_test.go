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
//
// In messages=agent the sent messages are agents' replies, so the ledger
// skips their reports. In messages=campaign they are a campaign's (a send
// in the ledger and its copy in the thread, as a campaign leaves them), so
// each report also moves its send: the ledger's share of a campaign.
func BenchmarkInboundStatuses(b *testing.B) {
	for _, campaign := range []bool{false, true} {
		name := map[bool]string{false: "messages=agent", true: "messages=campaign"}[campaign]
		b.Run(name, func(b *testing.B) { inboundStatuses(b, campaign) })
	}
}

func inboundStatuses(b *testing.B, campaign bool) {
	srv := startEmbedded(b)
	defer stop(b, srv.cmd)
	cmd, base, hook := srv.cmd, srv.base, srv.hook
	signedWebhooks(2000, benchSecret).post(b, base+hook, 64)

	sent := (b.N + 1) / 2
	db := filepath.Join(srv.data, "masteria.db")
	campaignID := seedSent(b, db, srv.tenant.TenantID, sent, campaign)
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
	if campaign { // the ledger took every report
		st, err := sqlstore.OpenSQLite(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		checkFunnel(b, st, srv.tenant.TenantID, campaignID, sent, func(c store.StepCounts) int64 { return c.Delivered })
		if b.N > 1 {
			checkFunnel(b, st, srv.tenant.TenantID, campaignID, b.N-sent, func(c store.StepCounts) int64 { return c.Read })
		}
	}
}

// seedSent stores n messages sent to the tenant's customers, spread over
// their threads, each with a provider message ID waStatus reports on; for
// a campaign, each is the copy of a send the ledger holds as sent.
func seedSent(b *testing.B, path, tenantID string, n int, campaign bool) (campaignID string) {
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
	if campaign {
		campaignID = ids.New("cmp")
		err := st.CreateCampaign(ctx, store.Campaign{ID: campaignID, TenantID: tenantID, Name: "Bench", Kind: "message",
			Channel: "whatsapp", Spec: []byte("{}"), Status: store.CampaignCompleted, Round: 1, CreatedAt: at, UpdatedAt: at})
		if err != nil {
			b.Fatal(err)
		}
	}
	for start := 0; start < n; start += 500 {
		var ms []store.Message
		var sends []store.Send
		var outcomes []store.SendOutcome
		for i := start; i < min(n, start+500); i++ {
			c := convs[i%len(convs)]
			m := store.Message{ID: ids.New("msg"), TenantID: tenantID, ConversationID: c.ID, ContactID: c.ContactID,
				Direction: "out", Type: "text", Text: "Seu pedido saiu para entrega.", ProviderMessageID: sentID(i),
				Status: "sent", CreatedAt: at, StatusAt: at}
			if campaign {
				send := store.Send{ID: ids.New("snd"), TenantID: tenantID, CampaignID: campaignID, Round: 1 + i/len(convs),
					ContactID: c.ContactID, Step: "message", Via: "whatsapp.send", Channel: "whatsapp", Address: fmt.Sprintf("+55119%08d", 80000000+i%2000),
					Status: store.SendQueued, QueuedAt: at, NextAt: at}
				sends = append(sends, send)
				outcomes = append(outcomes, store.SendOutcome{ID: send.ID, TenantID: tenantID, Kind: store.OutcomeSent,
					ProviderMessageID: sentID(i), At: at})
				m.Extra = fmt.Appendf(nil, `{"campaign_id":%q,"campaign_send_id":%q}`, campaignID, send.ID)
			}
			ms = append(ms, m)
		}
		err := st.Tx(ctx, func(q store.Queries) error {
			if _, err := q.InsertSends(ctx, sends); err != nil {
				return err
			}
			_, err := q.InsertMessages(ctx, ms)
			return err
		})
		if err == nil && campaign {
			_, err = st.RecordSends(ctx, outcomes)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if campaign {
		checkFunnel(b, st, tenantID, campaignID, n, func(c store.StepCounts) int64 { return c.Sent })
	}
	return campaignID
}

// checkFunnel fails unless the campaign's funnel counts n sends by count.
func checkFunnel(b *testing.B, st *sqlstore.DB, tenantID, campaignID string, n int, count func(store.StepCounts) int64) {
	steps, err := st.CampaignCounts(context.Background(), tenantID, campaignID)
	if err != nil || len(steps) != 1 || count(steps[0]) != int64(n) {
		b.Fatalf("the ledger should count %d sends, it counts %+v (%v)", n, steps, err)
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
