package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

// ImportOptions say how to read a CSV file of contacts.
type ImportOptions struct {
	// Mapping maps a CSV header to a contact field: name, phone, email,
	// whatsapp_id, bsuid, username, owner_id, time_zone, language, tags,
	// "field:<key>" for a custom field, or "" to skip the column. Without a
	// mapping, headers are matched by name (English or Portuguese).
	Mapping map[string]string `json:"mapping,omitempty"`
	// Region reads phone numbers written without a country code (default BR).
	Region string `json:"region,omitempty"`
	// Tags are added to every imported contact.
	Tags []string `json:"tags,omitempty"`
	// SkipInvalid imports the good rows and reports the bad ones; by
	// default one bad row fails the whole import and nothing is written.
	SkipInvalid bool `json:"skip_invalid,omitempty"`
}

// RowError is a problem with one row of the file (row 1 is the header).
// Reason keys the English message: a field's problem (apperr.FieldReason)
// when Field is set, else one of the row reasons below; Params are the
// values the message names.
type RowError struct {
	Row     int      `json:"row"`
	Field   string   `json:"field,omitempty"`
	Reason  string   `json:"reason,omitempty"`
	Params  apperr.P `json:"params,omitempty"`
	Message string   `json:"message"`
}

// Row reasons: problems of a whole row, not of one of its fields.
const (
	RowCellCount      = "cell_count"       // params: cells, header (counts)
	RowOwnerNotMember = "owner_not_member" // the owner_id is not a member
	RowTwoContacts    = "two_contacts"     // params: first, second (contact IDs)
)

// Row is a parsed, valid row: a contact not yet matched or stored.
type Row struct {
	Line    int
	Contact store.Contact
}

// MaxImportRows bounds one file.
const MaxImportRows = 500_000

var targets = map[string]bool{"name": true, "phone": true, "email": true, "whatsapp_id": true, "bsuid": true,
	"username": true, "owner_id": true, "time_zone": true, "language": true, "tags": true, "": true}

// synonyms match headers when no mapping is given.
var synonyms = map[string]string{
	"name": "name", "nome": "name", "full name": "name", "nome completo": "name",
	"phone": "phone", "telefone": "phone", "celular": "phone", "mobile": "phone", "whatsapp": "phone", "fone": "phone",
	"email": "email", "e-mail": "email", "whatsapp_id": "whatsapp_id", "wa_id": "whatsapp_id", "bsuid": "bsuid",
	"username": "username", "usuario": "username", "usuário": "username", "tags": "tags", "etiquetas": "tags",
	"owner_id": "owner_id", "time_zone": "time_zone", "timezone": "time_zone", "fuso horário": "time_zone",
	"language": "language", "idioma": "language",
}

// ParseCSV reads a CSV file (comma or semicolon separated, optional BOM)
// into contacts, checking every cell. It returns the good rows, the
// problems of the bad ones, and an error when the file as a whole cannot
// be read. progress, if set, is called every 1000 rows.
func ParseCSV(data []byte, opts ImportOptions, defs []store.FieldDef, progress func(int)) ([]Row, []RowError, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("the file has no header row: %w", readErr(err))
	}
	cols, err := mapColumns(header, opts.Mapping, defs)
	if err != nil {
		return nil, nil, err
	}
	var rows []Row
	var problems []RowError
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("row %d: %w", line, readErr(err))
		}
		if line-1 > MaxImportRows {
			return nil, nil, fmt.Errorf("the file has more than %d rows: split it", MaxImportRows)
		}
		if progress != nil && line%1000 == 0 {
			progress(line - 1)
		}
		row, errs := parseRow(line, rec, cols, opts, defs)
		if errs != nil {
			problems = append(problems, errs...)
		} else if row != nil {
			rows = append(rows, *row)
		}
	}
	return rows, problems, nil
}

func readErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("malformed CSV at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}

// sniffComma picks ';' when the header has more of them than commas (the
// Brazilian spreadsheet default).
func sniffComma(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// mapColumns resolves each header to its target field.
func mapColumns(header []string, mapping map[string]string, defs []store.FieldDef) ([]string, error) {
	custom := map[string]bool{}
	for _, d := range defs {
		custom["field:"+d.Key] = true
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		lower := strings.ToLower(h)
		target := synonyms[lower]
		switch {
		case custom[lower]: // "field:budget", as exported
			target = lower
		case custom["field:"+lower]:
			target = "field:" + lower
		}
		if mapping != nil {
			target = mapping[h]
		}
		if !targets[target] && !custom[target] {
			return nil, fmt.Errorf("column %q maps to %q, which is not a contact field or a custom field", h, target)
		}
		if target != "" && seen[target] {
			return nil, fmt.Errorf("two columns map to %q", target)
		}
		seen[target], cols[i] = target != "", target
	}
	for h := range mapping {
		if !containsTrimmed(header, h) {
			return nil, fmt.Errorf("the mapping names column %q, which the file does not have", h)
		}
	}
	return cols, nil
}

func containsTrimmed(header []string, h string) bool {
	for _, x := range header {
		if strings.TrimSpace(x) == h {
			return true
		}
	}
	return false
}

// parseRow turns one record into a contact; nil, nil for an empty row.
func parseRow(line int, rec, cols []string, opts ImportOptions, defs []store.FieldDef) (*Row, []RowError) {
	if len(rec) != len(cols) {
		return nil, []RowError{{Row: line, Reason: RowCellCount, Params: apperr.P{"cells": len(rec), "header": len(cols)},
			Message: fmt.Sprintf("has %d cells, the header has %d", len(rec), len(cols))}}
	}
	var in Input
	in.Region, in.Fields = opts.Region, map[string]any{}
	tags := append([]string{}, opts.Tags...)
	empty := true
	for i, target := range cols {
		v := strings.TrimSpace(rec[i])
		if target == "" || v == "" {
			continue
		}
		empty = false
		switch {
		case target == "tags":
			tags = append(tags, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '|' })...)
		case strings.HasPrefix(target, "field:"):
			in.Fields[strings.TrimPrefix(target, "field:")] = v
		default:
			*inputField(&in, target) = &v
		}
	}
	if empty {
		return nil, nil
	}
	c := store.Contact{Fields: map[string]any{}}
	bad, _ := apply(&c, in, defs)
	var problem apperr.Field
	if c.Tags, problem = normTags(tags); problem.Text != "" {
		bad["tags"] = problem
	}
	if len(bad) > 0 {
		return nil, rowErrors(line, bad)
	}
	return &Row{Line: line, Contact: c}, nil
}

func inputField(in *Input, target string) **string {
	return map[string]**string{"name": &in.Name, "phone": &in.Phone, "email": &in.Email, "whatsapp_id": &in.WhatsAppID,
		"bsuid": &in.BSUID, "username": &in.Username, "owner_id": &in.OwnerID, "time_zone": &in.TimeZone,
		"language": &in.Language}[target]
}

func rowErrors(line int, bad map[string]apperr.Field) []RowError {
	out := make([]RowError, 0, len(bad))
	for f, m := range bad {
		out = append(out, RowError{Row: line, Field: f, Reason: string(m.Reason), Params: m.Params, Message: m.Text})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}
