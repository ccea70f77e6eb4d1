package crm_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/kanban/rank"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// words make message texts; "orçamento" is in about 1 in 100 messages,
// "obrigado" in about 1 in 5.
var words = []string{"olá", "bom", "dia", "quero", "saber", "preço", "entrega", "pedido", "amanhã", "hoje",
	"pagamento", "pix", "boleto", "cartão", "endereço", "produto", "tamanho", "cor", "frete", "prazo"}

// inboxData is a seeded tenant: conversations, messages and a board.
type inboxData struct {
	st       store.Store
	tenantID string
	convs    []string
	boardID  string
}

// BenchmarkInboxQueries measures the reads the inbox and the board make,
// over MASTERIA_BENCH_MESSAGES messages (default 100,000) in
// MASTERIA_BENCH_MESSAGES/10 conversations of as many contacts, and a
// board of 5,000 cards: p50/p99 per query. b.N is the number of queries.
// The data set is loaded in bulk (bench_seed_test.go); MASTERIA_BENCH_KEEP=1
// keeps it for the next run.
func BenchmarkInboxQueries(b *testing.B) {
	n := envInt("MASTERIA_BENCH_MESSAGES", 100_000)
	for _, driver := range drivers {
		b.Run(fmt.Sprintf("%s/messages=%d", driver, n), func(b *testing.B) {
			d := seedInbox(b, driver, n)
			ctx := context.Background()
			r := rand.New(rand.NewPCG(1, 2))
			b.Run("open_conversation", func(b *testing.B) {
				latencies(b, func(int) error {
					_, _, err := d.st.ListMessages(ctx, d.tenantID, d.convs[r.IntN(len(d.convs))], store.Page{Limit: 50})
					return err
				})
			})
			b.Run("inbox_list", func(b *testing.B) {
				latencies(b, func(int) error {
					_, _, err := d.st.ListConversations(ctx, d.tenantID, store.ConversationFilter{Status: "open", Page: store.Page{Limit: 50}})
					return err
				})
			})
			// "reembolso" is in no message: a search's longest path.
			for _, q := range []string{"orçamento", "obrigado", "prazo entrega", "reembolso"} {
				b.Run("search/"+q, func(b *testing.B) {
					latencies(b, func(int) error {
						_, _, err := d.st.SearchMessages(ctx, d.tenantID, q, "", store.Page{Limit: 50})
						return err
					})
				})
			}
			// One conversation's messages (about ten here) searched for a
			// word in a fifth of all messages.
			b.Run("search_in_conversation/obrigado", func(b *testing.B) {
				latencies(b, func(int) error {
					_, _, err := d.st.SearchMessages(ctx, d.tenantID, "obrigado", d.convs[r.IntN(len(d.convs))], store.Page{Limit: 50})
					return err
				})
			})
			b.Run("board_5000_cards", func(b *testing.B) {
				latencies(b, func(int) error {
					cards, _, err := d.st.ListCards(ctx, d.tenantID, store.CardFilter{BoardID: d.boardID, Page: store.Page{Limit: 5000}})
					if err == nil && len(cards) != 5000 {
						err = fmt.Errorf("board has %d cards", len(cards))
					}
					return err
				})
			})
		})
	}
}

// seedBoard makes a 5-stage board with 1,000 cards per stage.
func seedBoard(b *testing.B, st store.Store, tenantID string, contacts []store.Contact) string {
	ctx := context.Background()
	names := []string{"Novo", "Contato", "Proposta", "Negociação", "Ganho"}
	board := storetest.NewBoard(b, st, tenantID, "Vendas", names...)
	must(b, st.Tx(ctx, func(q store.Queries) error {
		for _, stage := range board.Stages {
			pos := ""
			for i := 0; i < 1000; i++ {
				pos, _ = rank.Between(pos, "")
				c := store.Card{ID: ids.New("crd"), TenantID: tenantID, StageID: stage.ID, ContactID: contacts[i%len(contacts)].ID,
					Title: fmt.Sprint("Negócio ", i), ValueCents: 100000, Currency: "BRL", Position: pos, CreatedAt: time.Now(), UpdatedAt: time.Now()}
				if err := q.CreateCard(ctx, c); err != nil {
					return err
				}
			}
		}
		return nil
	}))
	return board.ID
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
