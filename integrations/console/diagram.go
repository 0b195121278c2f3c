package console

import (
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// A flow is drawn top to bottom in layers: each state sits one layer below the deepest state
// that leads to it (ignoring the edges that go back up, such as "start over"), states within a
// layer are ordered to keep edges short, forward edges are curves from the bottom of one box to
// the top of the next, and edges going back run round the right-hand side.

// Layout sizes, in SVG user units (pixels at 100%).
const (
	nodeH, layerGap, nodeGap, margin = 44.0, 44.0, 28.0, 20.0
	charW, labelCharW                = 7.4, 6.6
)

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
	bary            float64
}

// transition is one way out of a state, for the diagram and the table beside it.
type transition struct {
	From, On, To string
}

type edge struct {
	from, to *node
	labels   []string
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
	minX   float64 // the extent drawn, set by svg
	maxX   float64
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
	g.edges = append(g.edges, &edge{from: src, to: dst, labels: []string{label}})
	src.succ = append(src.succ, dst)
	dst.pred = append(dst.pred, src)
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

// layout places the nodes; it returns g for chaining.
func (g *graph) layout() *graph {
	back := g.backEdges()
	g.layer(back)
	g.order()
	g.place()
	return g
}

// backEdges finds the edges that close a cycle, by depth-first search from the start.
func (g *graph) backEdges() map[[2]*node]bool {
	back := map[[2]*node]bool{}
	state := map[*node]int{} // 1 on the path, 2 done
	var visit func(n *node)
	visit = func(n *node) {
		state[n] = 1
		for _, s := range n.succ {
			switch state[s] {
			case 0:
				visit(s)
			case 1:
				back[[2]*node{n, s}] = true
			}
		}
		state[n] = 2
	}
	if start := g.byID[g.flow.Name+"."+g.flow.Start]; start != nil {
		visit(start)
	}
	for _, n := range g.nodes {
		if state[n] == 0 {
			visit(n)
		}
	}
	return back
}

// layer puts each node one below its deepest predecessor, ignoring back edges.
func (g *graph) layer(back map[[2]*node]bool) {
	done := map[*node]bool{}
	var depth func(n *node) int
	depth = func(n *node) int {
		if done[n] {
			return n.layer
		}
		done[n] = true // guards against a cycle back edges missed
		l := 0
		for _, p := range n.pred {
			if !back[[2]*node{p, n}] {
				l = max(l, depth(p)+1)
			}
		}
		n.layer = l
		return l
	}
	for _, n := range g.nodes {
		depth(n)
	}
	for _, n := range g.nodes {
		for len(g.layers) <= n.layer {
			g.layers = append(g.layers, nil)
		}
		g.layers[n.layer] = append(g.layers[n.layer], n)
	}
}

// order sorts each layer by the mean position of the neighbours above, then below, a few times.
func (g *graph) order() {
	renumber := func() {
		for _, l := range g.layers {
			for i, n := range l {
				n.order = i
			}
		}
	}
	renumber()
	for pass := 0; pass < 4; pass++ {
		for i := range g.layers {
			l := g.layers[i]
			if pass%2 == 1 {
				l = g.layers[len(g.layers)-1-i]
			}
			for _, n := range l {
				nb := n.pred
				if pass%2 == 1 {
					nb = n.succ
				}
				n.bary = float64(n.order)
				if len(nb) > 0 {
					sum := 0.0
					for _, m := range nb {
						sum += float64(m.order)
					}
					n.bary = sum / float64(len(nb))
				}
			}
			sort.SliceStable(l, func(a, b int) bool { return l[a].bary < l[b].bary })
			renumber()
		}
	}
}

// place sets coordinates: layers centred under each other.
func (g *graph) place() {
	widths := make([]float64, len(g.layers))
	for i, l := range g.layers {
		for _, n := range l {
			n.w = max(110, float64(max(len(n.Label), len(n.Kind)))*charW+24)
			widths[i] += n.w
		}
		widths[i] += nodeGap * float64(len(l)-1)
		g.width = max(g.width, widths[i])
	}
	for i, l := range g.layers {
		x := margin + (g.width-widths[i])/2
		for _, n := range l {
			n.x, n.y = x, margin+float64(i)*(nodeH+layerGap)
			x += n.w + nodeGap
		}
	}
	g.width += 2 * margin
	g.height = 2*margin + float64(len(g.layers))*(nodeH+layerGap) - layerGap
}

// svg draws the laid-out graph. Every state links to its line in the editor. The picture is as
// wide as what was drawn, labels of edges going round included.
func (g *graph) svg() template.HTML {
	var body strings.Builder
	g.minX, g.maxX = margin, g.width-margin
	for i, e := range g.edges {
		g.drawEdge(&body, e, i)
	}
	for _, n := range g.nodes {
		drawNode(&body, n)
	}
	x0, w := g.minX-margin, g.maxX-g.minX+2*margin
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="diagram" xmlns="http://www.w3.org/2000/svg" viewBox="%.0f 0 %.0f %.0f" width="%.0f" height="%.0f" role="group" aria-label="%s">`,
		x0, w, g.height, w, g.height, esc("Diagram of flow "+g.flow.Name))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>`)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// extend widens the drawn extent to include x.
func (g *graph) extend(xs ...float64) {
	for _, x := range xs {
		g.minX, g.maxX = min(g.minX, x), max(g.maxX, x)
	}
}

func (g *graph) drawEdge(b *strings.Builder, e *edge, i int) {
	f, t := e.from, e.to
	var x0, y0, c1x, c1y, c2x, c2y, x1, y1 float64
	side := 0 // where the label sits: 0 on the curve, -1 left of it, 1 right of it
	switch {
	case t.layer == f.layer+1:
		x0, y0 = f.x+f.w/2, f.y+nodeH
		x1, y1 = t.x+t.w/2, t.y
		dy := (y1 - y0) / 2
		c1x, c1y, c2x, c2y = x0, y0+dy, x1, y1-dy
	case t.layer > f.layer: // down past other layers: round the left-hand side, clear of their states
		x0, y0 = f.x, f.y+nodeH/2
		x1, y1 = t.x, t.y+nodeH/2
		left := min(x0, x1)
		for l := f.layer + 1; l < t.layer; l++ {
			left = min(left, g.layers[l][0].x)
		}
		out := 40 + float64(i%4)*14
		c1x, c1y, c2x, c2y = left-out, y0, left-out, y1
		side = -1
	default: // back up, or within a layer: round the right-hand side
		x0, y0 = f.x+f.w, f.y+nodeH/2
		x1, y1 = t.x+t.w, t.y+nodeH/2
		out := 40 + float64(i%4)*14
		c1x, c1y, c2x, c2y = max(x0, x1)+out, y0, max(x0, x1)+out, y1
		side = 1
	}
	fmt.Fprintf(b, `<path class="edge" d="M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f" marker-end="url(#arrow)"/>`,
		x0, y0, c1x, c1y, c2x, c2y, x1, y1)
	label := shortLabel(e.labels)
	mx := 0.125*x0 + 0.375*c1x + 0.375*c2x + 0.125*x1
	my := 0.125*y0 + 0.375*c1y + 0.375*c2y + 0.125*y1
	w := float64(len([]rune(label)))*labelCharW + 8
	cx := mx + float64(side)*(w/2+4) // beside a curve that goes round, so the label clears the states
	g.extend(c1x, c2x, cx-w/2, cx+w/2)
	fmt.Fprintf(b, `<rect class="edge-label-bg" x="%.1f" y="%.1f" width="%.1f" height="16" rx="3"/><text class="edge-label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
		cx-w/2, my-9, w, cx, my+3, esc(label))
}

func drawNode(b *strings.Builder, n *node) {
	cls := "node"
	switch {
	case n.External:
		cls += " external"
	case n.End:
		cls += " end"
	}
	if n.Start {
		cls += " start"
	}
	if n.Urgent {
		cls += " urgent"
	}
	if !n.External {
		href := fmt.Sprintf("/console/edit?file=%s&line=%d", url.QueryEscape(n.File), n.Line)
		fmt.Fprintf(b, `<a href="%s" aria-label="%s">`, esc(href), esc(fmt.Sprintf("state %s: %s. Edit it, line %d of %s", n.Label, n.Kind, n.Line, n.File)))
	}
	fmt.Fprintf(b, `<g class="%s"><rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="8"/>`, cls, n.x, n.y, n.w, nodeH)
	fmt.Fprintf(b, `<text class="name" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, n.x+n.w/2, n.y+18, esc(n.Label))
	fmt.Fprintf(b, `<text class="kind" x="%.1f" y="%.1f" text-anchor="middle">%s</text></g>`, n.x+n.w/2, n.y+35, esc(n.Kind))
	if !n.External {
		b.WriteString(`</a>`)
	}
}

func esc(s string) string { return template.HTMLEscapeString(s) }
