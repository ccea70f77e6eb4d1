package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
)

// bind decodes a JSON body strictly: JSON content type, no unknown fields,
// one value only. Errors name the offending field.
func bind(c fiber.Ctx, dst any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.New(apperr.Invalid, "a JSON body is required")
	}
	if ct := strings.ToLower(c.Get(fiber.HeaderContentType)); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return apperr.New(apperr.Unsupported, "send the body as application/json")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.Invalid, "the body must hold one JSON value")
	}
	return nil
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return apperr.New(apperr.Invalid, "malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		p := apperr.P{"field": field, "want": jsonKind(typ.Type)}
		return apperr.Fields("wrong type", map[string]apperr.Field{
			field: apperr.Keyed(fmt.Sprintf("must be %s", typ.Type.String()), apperr.FieldWrongType, p)}).
			Because(apperr.BodyWrongType, p)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p := apperr.P{"field": name}
		return apperr.Fields("unknown field", map[string]apperr.Field{name: apperr.Keyed("is not a known field", apperr.FieldUnknownField, p)}).
			Because(apperr.BodyUnknownField, p)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, "malformed JSON: unexpected end")
	}
	return apperr.New(apperr.Invalid, "malformed JSON")
}

// jsonKind is the JSON kind a Go type decodes from, as a field's problem
// names it: number, text, boolean, list or object.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "list"
	}
	return "object"
}
