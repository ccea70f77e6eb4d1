package contacts

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

var exportHeader = []string{"id", "name", "phone", "whatsapp_id", "bsuid", "username", "email", "owner_id",
	"time_zone", "language", "tags", "created_at"}

// ExportCSV writes every contact matching f (all pages) as CSV, custom
// fields as "field:<key>" columns, in the form the importer reads back.
func (s *Service) ExportCSV(ctx context.Context, p tenancy.Principal, f store.ContactFilter, w io.Writer) error {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return err
	}
	defs, err := s.Store.ListFieldDefs(ctx, p.TenantID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := append([]string{}, exportHeader...)
	for _, d := range defs {
		header = append(header, "field:"+d.Key)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	f.Limit, f.Cursor = 500, ""
	err = eachPage(func(cursor string) (string, error) {
		f.Cursor = cursor
		items, next, err := s.Store.ListContacts(ctx, p.TenantID, f)
		for _, c := range items {
			if err := cw.Write(exportRow(c, defs)); err != nil {
				return "", err
			}
		}
		return next, crm.BadCursor(err)
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

func exportRow(c store.Contact, defs []store.FieldDef) []string {
	row := []string{c.ID, c.Name, c.Phone, c.WhatsAppID, c.BSUID, c.Username, c.Email, c.OwnerID,
		c.TimeZone, c.Language, strings.Join(c.Tags, ";"), c.CreatedAt.Format(time.RFC3339)}
	for _, d := range defs {
		v, ok := c.Fields[d.Key]
		if !ok {
			row = append(row, "")
			continue
		}
		row = append(row, fmt.Sprint(v))
	}
	for i, cell := range row { // keep spreadsheets from running a cell as a formula
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) && i != 2 {
			row[i] = "'" + cell
		}
	}
	return row
}
