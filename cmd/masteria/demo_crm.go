package main

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/crm/kanban"
	"github.com/masteria/masteria/core/tenancy"
)

// demoBoard is the sales board the demo tenant starts with.
const demoBoard = "Funil de vendas"

var demoStages = []string{"Novo lead", "Qualificado", "Proposta", "Fechado"}

// demoLead is a seeded contact and, when Stage is set, its card.
type demoLead struct {
	Name, Phone, Email, City string
	Tags                     []string
	Stage                    int // index in demoStages, -1 for no card
	Title                    string
	ValueCents               int64
}

// demoLeads are a handful of contacts (tagged "demo", so a campaign can
// reach them) with cards spread over the board's stages.
var demoLeads = []demoLead{
	{"Mariana Costa", "5511987650101", "mariana@example.com.br", "São Paulo", []string{"demo", "vip"}, 0, "Plano anual — Mariana", 480000},
	{"Rafael Nunes", "5521987650102", "rafael@example.com.br", "Rio de Janeiro", []string{"demo"}, 0, "Orçamento loja Centro", 125000},
	{"Juliana Prado", "5531987650103", "juliana@example.com.br", "Belo Horizonte", []string{"demo", "recorrente"}, 1, "Renovação Juliana", 90000},
	{"Pedro Alves", "5541987650104", "pedro@example.com.br", "Curitiba", []string{"demo"}, 2, "Proposta franquia Curitiba", 1500000},
	{"Luana Ribeiro", "5551987650105", "luana@example.com.br", "Porto Alegre", []string{"demo", "vip"}, 3, "Pedido atacado", 320000},
	{"Tiago Martins", "5561987650106", "tiago@example.com.br", "Brasília", []string{"demo"}, -1, "", 0},
}

// seedDemoCRM gives the demo tenant a sales board with a few cards and the
// contacts behind them. It runs on every start and does nothing once the
// board exists, so a restart never duplicates anything.
func seedDemoCRM(ctx context.Context, a *app.App, p tenancy.Principal) error {
	boards := kanban.New(a.Store)
	existing, err := boards.ListBoards(ctx, p)
	if err != nil {
		return err
	}
	for _, b := range existing {
		if b.Name == demoBoard {
			return nil
		}
	}
	people := contacts.New(a.Store)
	if _, err := people.PutField(ctx, p, contacts.FieldInput{Key: "cidade", Label: "Cidade", Type: "text"}); err != nil {
		return err
	}
	ids := make([]string, len(demoLeads))
	for i, l := range demoLeads {
		c, err := people.Create(ctx, p, contacts.Input{Name: &l.Name, Phone: &l.Phone, Email: &l.Email, Tags: l.Tags,
			Fields: map[string]any{"cidade": l.City}})
		if err != nil {
			return fmt.Errorf("demo contact %s: %w", l.Name, err)
		}
		ids[i] = c.ID
	}
	b, err := boards.CreateBoard(ctx, p, kanban.BoardInput{Name: demoBoard, Stages: append([]string(nil), demoStages...)})
	if err != nil {
		return err
	}
	for i, l := range demoLeads {
		if l.Stage < 0 {
			continue
		}
		title, value, currency := l.Title, l.ValueCents, "BRL"
		if _, err := boards.CreateCard(ctx, p, kanban.CardInput{StageID: b.Stages[l.Stage].ID, ContactID: ids[i],
			Title: &title, ValueCents: &value, Currency: &currency}); err != nil {
			return fmt.Errorf("demo card %s: %w", l.Title, err)
		}
	}
	return nil
}
