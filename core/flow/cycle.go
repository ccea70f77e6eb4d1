package flow

import "slices"

// spinLoops finds the loops a run could go round forever without pausing:
// the strongly connected parts of the graph once waiting steps are removed.
// Each loop lists its step indexes in ascending order.
func (g *stepGraph) spinLoops(waits []bool) [][]int {
	t := tarjan{g: g, waits: waits, index: make([]int, len(g.edges)), low: make([]int, len(g.edges)),
		onStack: make([]bool, len(g.edges))}
	for i := range g.edges {
		if !waits[i] && t.index[i] == 0 {
			t.visit(i)
		}
	}
	slices.SortFunc(t.loops, func(a, b []int) int { return a[0] - b[0] })
	return t.loops
}

// tarjan is Tarjan's strongly connected components algorithm; index holds
// visit order plus one, so zero means unvisited.
type tarjan struct {
	g       *stepGraph
	waits   []bool
	index   []int
	low     []int
	onStack []bool
	stack   []int
	next    int
	loops   [][]int
}

func (t *tarjan) visit(v int) {
	t.next++
	t.index[v], t.low[v] = t.next, t.next
	t.stack = append(t.stack, v)
	t.onStack[v] = true
	for _, w := range t.g.edges[v] {
		switch {
		case t.waits[w]:
		case t.index[w] == 0:
			t.visit(w)
			t.low[v] = min(t.low[v], t.low[w])
		case t.onStack[w]:
			t.low[v] = min(t.low[v], t.index[w])
		}
	}
	if t.low[v] == t.index[v] {
		t.popComponent(v)
	}
}

func (t *tarjan) popComponent(root int) {
	var comp []int
	for {
		w := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.onStack[w] = false
		comp = append(comp, w)
		if w == root {
			break
		}
	}
	if len(comp) > 1 || slices.Contains(t.g.edges[root], root) {
		slices.Sort(comp)
		t.loops = append(t.loops, comp)
	}
}
