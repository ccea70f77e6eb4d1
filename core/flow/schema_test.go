package flow

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// The published schema and reference page are generated from code; these
// golden files are the committed copies (regenerate with -update).
func TestJSONSchemaGolden(t *testing.T) {
	got, err := JSONSchema(NewCoreRegistry())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "flow.schema.json"), string(got)+"\n")
}

func TestReferenceGolden(t *testing.T) {
	golden(t, filepath.Join("testdata", "reference.md"), Reference(NewCoreRegistry()))
}

// compileFlowSchema compiles the generated schema for the test catalog.
func compileFlowSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := JSONSchema(testCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem://flow.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem://flow.json")
	if err != nil {
		t.Fatalf("generated schema does not compile: %v", err)
	}
	return s
}

// yamlValue reads a YAML file as JSON-like values for schema validation.
func yamlValue(t *testing.T, src []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	v, prob := nodeValue(doc.Content[0])
	if prob != nil {
		t.Fatal(prob.msg)
	}
	// round-trip through JSON so numbers look as a JSON decoder gives them
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The schema and the linter must agree: lint-clean flows validate.
func TestSchemaAcceptsCleanFlows(t *testing.T) {
	schema := compileFlowSchema(t)
	for _, path := range templateFlows(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(yamlValue(t, src)); err != nil {
				t.Errorf("schema rejects a lint-clean flow: %v", err)
			}
		})
	}
}

func TestSchemaRejectsBrokenFlows(t *testing.T) {
	schema := compileFlowSchema(t)
	for _, name := range []string{"unknown-key", "missing-field", "unknown-trigger", "misplaced-key", "invalid-input", "unsupported-version", "invalid-value"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "lint", name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if schema.Validate(yamlValue(t, src)) == nil {
				t.Errorf("schema accepts testdata/lint/%s.yaml", name)
			}
		})
	}
}
