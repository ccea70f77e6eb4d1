package sdk

import (
	"encoding/json"
	"fmt"
	"strings"
)

// writeFields writes a table with one row per field, nested fields
// flattened into paths such as "components[].type".
func writeFields(b *strings.Builder, fs Fields) {
	if len(fs) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("| Field | Type | Required | Default | Description |\n|---|---|---|---|---|\n")
	for _, s := range fs.specs() {
		writeFieldRows(b, s.Name, s)
	}
}

func writeFieldRows(b *strings.Builder, path string, s FieldSpec) {
	required := ""
	if s.Required {
		required = "yes"
	}
	def := ""
	if s.Default != nil {
		def = "`" + cell(valueText(s.Default)) + "`"
	}
	fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", path, cell(typeLabel(s)), required, def, cell(describe(s)))
	for _, c := range s.Fields {
		writeFieldRows(b, path+"."+c.Name, c)
	}
	if s.Elem == nil {
		return
	}
	sub := path + "[]"
	if s.Type == TypeMap {
		sub = path + ".*"
	}
	for _, c := range s.Elem.Fields {
		writeFieldRows(b, sub+"."+c.Name, c)
	}
}

func typeLabel(s FieldSpec) string {
	label := string(s.Type)
	switch s.Type {
	case TypeEnum:
		label = "one of " + codeList(s.Enum)
	case TypeList, TypeMap:
		if s.Elem != nil {
			label = fmt.Sprintf("%s of %s", s.Type, typeLabel(*s.Elem))
		}
	}
	if s.Secret {
		label += ", secret"
	}
	return label
}

func describe(s FieldSpec) string {
	text := strings.TrimSpace(s.Description)
	for _, e := range s.Examples {
		text = strings.TrimSpace(text + " Example: `" + valueText(e) + "`.")
	}
	return text
}

func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(j)
}

// cell makes text safe inside one Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
