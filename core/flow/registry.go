package flow

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Registry is a Catalog that actions register into. Build one per process
// (or per test); there is no global registry.
type Registry struct {
	mu      sync.RWMutex
	actions map[string]ActionSpec
}

var _ Catalog = (*Registry)(nil)

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{actions: map[string]ActionSpec{}}
}

// NewCoreRegistry returns a registry holding the core steps the engine owns.
func NewCoreRegistry() *Registry {
	r := NewRegistry()
	for _, spec := range CoreActions() {
		if err := r.Register(spec); err != nil {
			panic(err) // the core specs are fixed; a failure is a bug here
		}
	}
	return r
}

// Register adds an action. It rejects an empty, malformed or duplicate ID
// and a spec whose field declarations are inconsistent.
func (r *Registry) Register(spec ActionSpec) error {
	if err := validateSpec(&spec); err != nil {
		return fmt.Errorf("flow: register action %q: %w", spec.ID, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.actions[spec.ID]; dup {
		return fmt.Errorf("flow: register action %q: duplicate ID", spec.ID)
	}
	r.actions[spec.ID] = spec
	return nil
}

// Action returns the spec registered under id.
func (r *Registry) Action(id string) (ActionSpec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	spec, ok := r.actions[id]
	return spec, ok
}

// Actions lists every registered spec sorted by ID.
func (r *Registry) Actions() []ActionSpec {
	r.mu.RLock()
	defer r.mu.RUnlock()
	specs := make([]ActionSpec, 0, len(r.actions))
	for _, s := range r.actions {
		specs = append(specs, s)
	}
	slices.SortFunc(specs, func(a, b ActionSpec) int { return strings.Compare(a.ID, b.ID) })
	return specs
}

var actionIDRe = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)

func validateSpec(spec *ActionSpec) error {
	switch {
	case spec.ID == "":
		return errors.New("empty ID")
	case !actionIDRe.MatchString(spec.ID):
		return errors.New("ID must be lowercase words separated by dots, like whatsapp.send")
	case len(spec.Input) > 0 && len(spec.InputSchema) > 0:
		return errors.New("set Input or InputSchema, not both")
	}
	for _, b := range spec.Branches {
		if b != BranchOnTimeout {
			return fmt.Errorf("unknown branch %q", b)
		}
	}
	if err := validateFields(spec.Input, "input"); err != nil {
		return err
	}
	if err := validateFields(spec.Output, "output"); err != nil {
		return err
	}
	if err := validateOneOf(spec); err != nil {
		return err
	}
	return compileInputSchema(spec)
}

func validateFields(fields []Field, where string) error {
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Name == "" || seen[f.Name] {
			return fmt.Errorf("%s field %q: empty or duplicate name", where, f.Name)
		}
		seen[f.Name] = true
		if err := validateField(f, where+"."+f.Name); err != nil {
			return err
		}
	}
	return nil
}

func validateField(f Field, where string) error {
	if !slices.Contains(fieldTypes, f.Type) {
		return fmt.Errorf("%s: unknown type %q", where, f.Type)
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			return fmt.Errorf("%s: pattern: %w", where, err)
		}
	}
	if f.Items != nil {
		if err := validateField(*f.Items, where+"[]"); err != nil {
			return err
		}
	}
	return validateFields(f.Fields, where)
}

func validateOneOf(spec *ActionSpec) error {
	for _, group := range spec.OneOf {
		for _, name := range group {
			if !slices.ContainsFunc(spec.Input, func(f Field) bool { return f.Name == name }) {
				return fmt.Errorf("OneOf names unknown input %q", name)
			}
		}
	}
	return nil
}

func compileInputSchema(spec *ActionSpec) error {
	if len(spec.InputSchema) == 0 {
		return nil
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(spec.InputSchema))
	if err != nil {
		return fmt.Errorf("InputSchema: %w", err)
	}
	c := jsonschema.NewCompiler()
	url := "mem://actions/" + spec.ID + ".json"
	if err := c.AddResource(url, doc); err != nil {
		return fmt.Errorf("InputSchema: %w", err)
	}
	if spec.schema, err = c.Compile(url); err != nil {
		return fmt.Errorf("InputSchema: %w", err)
	}
	return nil
}
