package flow

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// maxExpandedNodes bounds how large a document may grow once its aliases
// are expanded, so a "billion laughs" file cannot exhaust the linter.
const maxExpandedNodes = 200_000

// resolve follows aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func isString(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!str"
}

// describe names a node's YAML type for messages.
func describe(n *yaml.Node) string {
	n = resolve(n)
	switch {
	case n == nil || isNull(n):
		return "null"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	}
	return "a string"
}

// pair is one key and value of a mapping.
type pair struct {
	key, value *yaml.Node
}

// mappingPairs lists a mapping's entries with YAML merge keys (<<) expanded:
// explicit keys win over merged ones, earlier merged mappings over later.
func mappingPairs(n *yaml.Node) []pair {
	n = resolve(n)
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !isMerge(k) {
			explicit[k.Value] = true
		}
	}
	var out []pair
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMerge(k) {
			out = append(out, pair{k, v})
			continue
		}
		for _, p := range mergedPairs(v) {
			if !explicit[p.key.Value] && !seen[p.key.Value] {
				seen[p.key.Value] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

func mergedPairs(v *yaml.Node) []pair {
	v = resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		return mappingPairs(v)
	case yaml.SequenceNode:
		var out []pair
		for _, item := range v.Content {
			if item = resolve(item); item.Kind == yaml.MappingNode {
				out = append(out, mappingPairs(item)...)
			}
		}
		return out
	}
	return nil
}

// expansion measures a document with its aliases expanded.
type expansion struct {
	size   map[*yaml.Node]int
	active map[*yaml.Node]bool
}

// checkAliases finds an alias that contains itself or a document that grows
// past maxExpandedNodes; it returns the offending node and why.
func checkAliases(root *yaml.Node) (*yaml.Node, string) {
	e := expansion{size: map[*yaml.Node]int{}, active: map[*yaml.Node]bool{}}
	size, bad := e.count(root)
	if bad != nil {
		return bad, fmt.Sprintf("anchor &%s contains an alias to itself", resolve(bad).Anchor)
	}
	if size > maxExpandedNodes {
		return root, fmt.Sprintf("aliases expand the document past %d nodes", maxExpandedNodes)
	}
	return nil, ""
}

func (e *expansion) count(n *yaml.Node) (int, *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1, nil
		}
		if e.active[n.Alias] {
			return 0, n
		}
		return e.count(n.Alias)
	}
	if s, ok := e.size[n]; ok {
		return s, nil
	}
	e.active[n] = true
	defer delete(e.active, n)
	total := 1
	for _, c := range n.Content {
		s, bad := e.count(c)
		if bad != nil {
			return 0, bad
		}
		if total += s; total > maxExpandedNodes {
			break
		}
	}
	e.size[n] = total
	return total, nil
}

// nodeProblem is a node that cannot become a plain value.
type nodeProblem struct {
	node *yaml.Node
	msg  string
}

// nodeValue converts a node to JSON-like Go values: map[string]any, []any,
// string, int, float64, bool or nil.
func nodeValue(n *yaml.Node) (any, *nodeProblem) {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		return mappingValue(n)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, p := nodeValue(item)
			if p != nil {
				return nil, p
			}
			list = append(list, v)
		}
		return list, nil
	}
	return scalarValue(n), nil
}

func mappingValue(n *yaml.Node) (any, *nodeProblem) {
	m := map[string]any{}
	for _, p := range mappingPairs(n) {
		if p.key.Kind != yaml.ScalarNode {
			return nil, &nodeProblem{p.key, "mapping keys must be strings"}
		}
		v, prob := nodeValue(p.value)
		if prob != nil {
			return nil, prob
		}
		m[p.key.Value] = v
	}
	return m, nil
}

func scalarValue(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err == nil {
			return v
		}
	}
	return n.Value
}
