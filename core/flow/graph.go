package flow

import (
	"slices"

	"gopkg.in/yaml.v3"
)

// stepGraph is the control flow between steps: edges[i] lists the steps a
// run may go to right after step i. Ending the run is not a node.
type stepGraph struct {
	edges [][]int
	memo  map[int][]bool // reachability from each step's successors
}

// buildGraph follows next, branches, switch cases, error and timeout exits,
// goto, and fall-through to the following step.
func (l *linter) buildGraph() *stepGraph {
	g := &stepGraph{edges: make([][]int, len(l.flow.Steps)), memo: map[int][]bool{}}
	for i := range l.flow.Steps {
		for _, ref := range l.exits(i) {
			if j, ok := l.resolveExit(i, ref); ok && !slices.Contains(g.edges[i], j) {
				g.edges[i] = append(g.edges[i], j)
			}
		}
	}
	return g
}

// exits lists where step i may continue; "" stands for its default
// continuation (next, else the following step).
func (l *linter) exits(i int) []StepRef {
	s := &l.flow.Steps[i]
	switch s.Kind() {
	case KindBranch:
		return []StepRef{s.Then, s.Else}
	case KindSwitch:
		var out []StepRef
		if s.Switch != nil {
			for _, c := range s.Switch.Cases {
				out = append(out, c.Next)
			}
			out = append(out, s.Switch.Default)
		}
		return out
	}
	switch s.Uses {
	case "end":
		return nil
	case "goto":
		return []StepRef{l.gotoTarget(s)}
	}
	return []StepRef{s.Next, s.OnError, s.OnTimeout}
}

// resolveExit turns a reference into a step index; false means the run
// ends there (end, falling off the last step, or a dangling reference).
func (l *linter) resolveExit(i int, ref StepRef) (int, bool) {
	if ref == "" {
		ref = l.flow.Steps[i].Next
	}
	if ref == "" {
		return i + 1, i+1 < len(l.flow.Steps)
	}
	return l.step(string(ref))
}

// gotoTarget is the literal step named by a goto step's with.step.
func (l *linter) gotoTarget(s *Step) StepRef {
	if w := resolve(s.With); w == nil || w.Kind != yaml.MappingNode {
		return End
	}
	for _, p := range mappingPairs(s.With) {
		if v := resolve(p.value); p.key.Value == "step" && isString(v) {
			return StepRef(v.Value)
		}
	}
	return End
}

// reachable marks the steps a run can reach from the starts, starts included.
func (g *stepGraph) reachable(starts ...int) []bool {
	seen := make([]bool, len(g.edges))
	var queue []int
	for _, s := range starts {
		if s < len(seen) && !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range g.edges[i] {
			if !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	return seen
}

// reaches reports whether a run at step from can later arrive at step to,
// through at least one edge.
func (g *stepGraph) reaches(from, to int) bool {
	after, ok := g.memo[from]
	if !ok {
		after = g.reachable(g.edges[from]...)
		g.memo[from] = after
	}
	return after[to]
}
