package console

import (
	"fmt"
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// A flow is drawn top to bottom in layers, as boxes joined by orthogonal lines that never cross
// a box (diagram_layout.go): each edge leaves the bottom of its state under its label and enters
// the top of the next; an edge to a state of the same layer goes up through the gap beside it,
// and those that go back up or skip layers run round the side, each in a lane of its own.
// diagram_svg.go draws the result.

// node is a box: a state of the flow, or a state of another flow it goes to.
type node struct {
	ID, Label, Kind string
	External        bool
	Start, End      bool
	Urgent          bool
	File            string
	Line            int
	layer, order    int
	x, y, w         float64
	succ, pred      []*node
	outs, ins       []*edge
	bary            float64
}

// transition is one way out of a state, for the diagram and the table beside it.
type transition struct {
	From, On, To string
}

// edge is one line of the diagram: every way from one state to another, its labels merged.
type edge struct {
	from, to *node
	labels   []string
	label    string  // as drawn
	labelW   float64 // the label's box
	side     int     // 0: down to the next layer; -1, 1: round the left or right side; gapLane: within a layer
	lane     int     // with side: which lane, counted outwards (or from the left, in a gap)
	gap      int     // with gapLane: the gap after box number gap of the layer
	outX     float64 // where it leaves from.bottom
	inX      float64 // where it enters to.top
	laneX    float64
	tracks   [2]float64 // the heights of its horizontal runs (one for side 0)
}

// graph is a flow laid out.
type graph struct {
	flow   *flows.Flow
	nodes  []*node
	byID   map[string]*node
	edges  []*edge
	Trans  []transition
	layers [][]*node
	width  float64
	height float64
}

// newGraph collects the states and transitions of f, in file order.
func newGraph(f *flows.Flow) *graph {
	g := &graph{flow: f, byID: map[string]*node{}}
	for _, name := range f.Order {
		st := f.States[name]
		g.add(&node{ID: st.ID, Label: name, Kind: kindOf(st), Start: name == f.Start, End: st.End || st.Handoff != nil,
			Urgent: st.Urgent, File: f.File, Line: st.Pos.Line})
	}
	for _, name := range f.Order {
		st := f.States[name]
		for _, t := range exits(st) {
			g.link(st.ID, t.To, t.On)
			g.Trans = append(g.Trans, transition{From: name, On: t.On, To: g.byID[t.To].Label})
		}
	}
	return g
}

func (g *graph) add(n *node) *node {
	g.nodes = append(g.nodes, n)
	g.byID[n.ID] = n
	return n
}

// link adds an edge, merging labels of edges between the same two states.
func (g *graph) link(from, to, label string) {
	src, dst := g.byID[from], g.byID[to]
	if dst == nil {
		dst = g.add(&node{ID: to, Label: to, Kind: "another flow", External: true})
	}
	for _, e := range g.edges {
		if e.from == src && e.to == dst {
			e.labels = append(e.labels, label)
			return
		}
	}
	e := &edge{from: src, to: dst, labels: []string{label}}
	g.edges = append(g.edges, e)
	src.succ, src.outs = append(src.succ, dst), append(src.outs, e)
	dst.pred, dst.ins = append(dst.pred, src), append(dst.ins, e)
}

// exits lists where a state goes, labelled as a coordinator reads it.
func exits(st *flows.State) []transition {
	var out []transition
	add := func(t flows.Target, on string) {
		if t.IsSet() && t.ID != st.ID {
			out = append(out, transition{On: on, To: t.ID})
		}
	}
	for _, ch := range st.Menu {
		on := ch.Key
		if len(ch.Words) > 0 {
			on += " (" + strings.Join(ch.Words, ", ") + ")"
		}
		add(ch.Next, on)
	}
	if a := st.Ask; a != nil {
		add(a.Next, "answer")
		add(a.Yes, "yes")
		add(a.No, "no")
		if a.GiveUp.IsSet() && a.GiveUp.ID != a.Next.ID {
			add(a.GiveUp, fmt.Sprintf("after %d bad answers", a.Tries))
		}
	}
	add(st.Next, "next")
	return out
}

func kindOf(st *flows.State) string {
	switch {
	case len(st.Menu) > 0:
		return fmt.Sprintf("menu, %d choices", len(st.Menu))
	case st.Ask != nil:
		return fmt.Sprintf("question (%s)", st.Ask.Kind)
	case st.Handoff != nil:
		if st.Handoff.Route {
			return "handoff by routing"
		}
		return "handoff to " + st.Handoff.Queue
	case st.End:
		return "end"
	case st.Action != "":
		return string(st.Action) + ", then next"
	}
	return "says, then next"
}

// shortLabel keeps edge labels readable: menu words are in the table.
func shortLabel(labels []string) string {
	var out []string
	for _, l := range labels {
		if i := strings.Index(l, " ("); i > 0 {
			l = l[:i]
		}
		out = append(out, l)
	}
	return strings.Join(out, ", ")
}
