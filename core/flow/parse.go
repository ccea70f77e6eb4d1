package flow

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Parse reads one flow document. It reports YAML syntax errors and shape
// problems (types, unknown, missing and duplicate keys) but none of the
// semantic rules; Lint does both. The flow is nil when the source is not a
// YAML mapping at all.
func Parse(filename string, src []byte) (*Flow, []Diagnostic) {
	r := &report{file: filename}
	root := parseRoot(r, src)
	if root == nil {
		return nil, r.diags
	}
	f := &Flow{File: filename}
	d := decoder{report: r}
	d.decode(root, reflect.ValueOf(f).Elem(), "")
	return f, r.diags
}

// parseRoot parses the single YAML document and returns its root mapping,
// or nil after reporting why there is none.
func parseRoot(r *report, src []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.add(Pos{1, 1}, CodeMissingField, "", "the file is empty; a flow needs version, name, trigger and steps")
		} else {
			r.add(syntaxPos(err), CodeYAMLSyntax, "", "%s", syntaxMessage(err))
		}
		return nil
	}
	checkSingleDocument(r, dec)
	if len(doc.Content) == 0 {
		r.add(Pos{1, 1}, CodeMissingField, "", "the file is empty; a flow needs version, name, trigger and steps")
		return nil
	}
	if bad, why := checkAliases(&doc); bad != nil {
		r.add(nodePos(bad), CodeInvalidAlias, "", "%s", why)
		return nil
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		r.add(nodePos(root), CodeInvalidType, "", "a flow must be a mapping, got %s", describe(root))
		return nil
	}
	return root
}

// checkSingleDocument reports anything after the first document.
func checkSingleDocument(r *report, dec *yaml.Decoder) {
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.add(nodePos(&extra), CodeMultipleDocuments, "", "a flow file holds one YAML document; remove the extra ---")
	} else if !errors.Is(err, io.EOF) {
		r.add(syntaxPos(err), CodeYAMLSyntax, "", "%s", syntaxMessage(err))
	}
}

var syntaxRe = regexp.MustCompile(`^(?:yaml: )?line (\d+)(?:: column (\d+))?: (.*)$`)

// syntaxPos takes the position from yaml.v3's error text ("yaml: line 3:
// ..."), which carries a line and sometimes a column.
func syntaxPos(err error) Pos {
	m := syntaxRe.FindStringSubmatch(err.Error())
	if m == nil {
		return Pos{1, 1}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	return Pos{Line: max(line, 1), Col: max(col, 1)}
}

func syntaxMessage(err error) string {
	if m := syntaxRe.FindStringSubmatch(err.Error()); m != nil {
		return m[3]
	}
	msg := err.Error()
	if len(msg) > 6 && msg[:6] == "yaml: " {
		msg = msg[6:]
	}
	return msg
}
