package contacts

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// FieldTypes are the custom field types.
var FieldTypes = []string{"text", "number", "boolean", "date", "select"}

var fieldKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// FieldInput declares a custom field.
type FieldInput struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Type    string   `json:"type"`
	Options []string `json:"options,omitempty"` // the choices of a select
}

// PutField creates a custom field or redefines the one with the same key.
func (s *Service) PutField(ctx context.Context, p tenancy.Principal, in FieldInput) (store.FieldDef, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return store.FieldDef{}, err
	}
	bad := map[string]apperr.Field{}
	if !fieldKey.MatchString(in.Key) {
		bad["key"] = apperr.Keyed("lowercase letters, digits and _, starting with a letter, at most 40", apperr.FieldInvalidKey, apperr.P{"max": 40})
	}
	if l := strings.TrimSpace(in.Label); l == "" || len(l) > 80 {
		bad["label"] = apperr.RequiredMax(80)
	}
	if !slices.Contains(FieldTypes, in.Type) {
		bad["type"] = apperr.OneOf("must be one of "+strings.Join(FieldTypes, ", "), strings.Join(FieldTypes, ", "))
	}
	if in.Type == "select" && (len(in.Options) == 0 || len(in.Options) > 100) {
		bad["options"] = apperr.Keyed("a select needs 1 to 100 options", apperr.FieldOptions, apperr.P{"max": 100})
	}
	if in.Type != "select" {
		in.Options = nil
	}
	if len(bad) > 0 {
		return store.FieldDef{}, apperr.Fields("the field cannot be saved", bad).Because(apperr.FieldDefInvalid, nil)
	}
	d := store.FieldDef{ID: ids.New("fld"), TenantID: p.TenantID, Key: in.Key, Label: strings.TrimSpace(in.Label),
		Type: in.Type, Options: in.Options, CreatedAt: s.Clock.Now()}
	return s.Store.PutFieldDef(ctx, d)
}

// ListFields lists the tenant's custom fields.
func (s *Service) ListFields(ctx context.Context, p tenancy.Principal) ([]store.FieldDef, error) {
	return s.Store.ListFieldDefs(ctx, p.TenantID)
}

// DeleteField removes a custom field definition (values stay on contacts
// until they are next saved).
func (s *Service) DeleteField(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return crm.NotFound(s.Store.DeleteFieldDef(ctx, p.TenantID, id), "field")
}

// fieldValue checks (and, for text from CSV, converts) a value of a field.
func fieldValue(d store.FieldDef, v any) (any, apperr.Field) {
	if str, ok := v.(string); ok && d.Type != "text" && d.Type != "select" && d.Type != "date" {
		return parseFieldText(d, str)
	}
	switch d.Type {
	case "text":
		if s, ok := v.(string); ok && len(s) <= 1000 {
			return s, apperr.Field{}
		}
		return nil, apperr.Keyed("must be text of at most 1000 characters", apperr.FieldTooLong, apperr.P{"max": 1000})
	case "number":
		if f, ok := v.(float64); ok {
			return f, apperr.Field{}
		}
		return nil, notNumber
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, apperr.Field{}
		}
		return nil, apperr.Keyed("must be true or false", apperr.FieldNotBoolean, nil)
	case "date":
		if s, ok := v.(string); ok {
			if _, err := time.Parse(time.DateOnly, s); err == nil {
				return s, apperr.Field{}
			}
		}
		return nil, apperr.Keyed("must be a date as YYYY-MM-DD", apperr.FieldNotDate, nil)
	}
	if s, ok := v.(string); ok && slices.Contains(d.Options, s) {
		return s, apperr.Field{}
	}
	return nil, apperr.OneOf("must be one of "+strings.Join(d.Options, ", "), strings.Join(d.Options, ", "))
}

var notNumber = apperr.Keyed("must be a number", apperr.FieldNotNumber, nil)

// parseFieldText reads a number or boolean written as text (CSV cells).
func parseFieldText(d store.FieldDef, s string) (any, apperr.Field) {
	s = strings.TrimSpace(s)
	if d.Type == "number" {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, notNumber
		}
		return f, apperr.Field{}
	}
	switch strings.ToLower(s) {
	case "true", "1", "yes", "sim", "s", "y":
		return true, apperr.Field{}
	case "false", "0", "no", "não", "nao", "n":
		return false, apperr.Field{}
	}
	return nil, apperr.Keyed("must be true or false (sim/não)", apperr.FieldNotBoolean, nil)
}
