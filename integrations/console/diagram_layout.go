package console

import (
	"sort"
	"unicode/utf8"
)

// Layout sizes, in SVG user units (pixels at 100%).
const (
	nodeH     = 44.0
	nodeGap   = 32.0 // between the boxes of a layer
	margin    = 20.0
	boxPad    = 24.0 // room beside a box's text, both sides together
	minBoxW   = 110.0
	labelH    = 16.0 // an edge label's box
	labelZone = labelH + 8
	labelGap  = 6.0  // between the labels under one box
	trackGap  = 10.0 // between the horizontal runs of one channel
	stubZone  = 14.0 // above a box: room for the arrowheads
	laneGap   = 10.0 // between the vertical runs round the side
	minGap    = 40.0 // the least room between two layers
)

// The fonts the console's CSS sets for the diagram are system-ui 600 14px (a state's name) and
// 12px (its kind, the edge labels). These are generous average advances per character, so that
// text fits its box; the browser test measures the real fonts.
const (
	nameCharW  = 8.6
	smallCharW = 7.0
)

func textW(s string, perChar float64) float64 { return float64(utf8.RuneCountInString(s)) * perChar }

// layout places the nodes and routes the edges; it returns g for chaining.
func (g *graph) layout() *graph {
	g.layer()
	g.order()
	g.size()
	g.place()
	g.route()
	return g
}

// layer puts each node one below its deepest forward predecessor. An edge is forward when it
// leads further from the start (breadth first), or between states equally far that do not lead
// back to each other; so a menu's choices sit side by side however they link among themselves,
// and a question's answers still go down the page.
func (g *graph) layer() {
	dist := g.distances()
	scc := sccWithin(g.nodes, dist)
	forward := func(u, v *node) bool { return dist[v] > dist[u] || (dist[v] == dist[u] && scc[u] != scc[v]) }
	done := map[*node]bool{}
	var depth func(n *node) int
	depth = func(n *node) int {
		if done[n] {
			return n.layer
		}
		done[n] = true
		l := 0
		for _, p := range n.pred {
			if forward(p, n) {
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

// distances counts the edges from the start to each node; nodes the start does not reach count
// from themselves, in file order.
func (g *graph) distances() map[*node]int {
	dist := map[*node]int{}
	bfs := func(root *node) {
		dist[root] = 0
		queue := []*node{root}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			for _, s := range n.succ {
				if _, seen := dist[s]; !seen {
					dist[s] = dist[n] + 1
					queue = append(queue, s)
				}
			}
		}
	}
	if start := g.byID[g.flow.Name+"."+g.flow.Start]; start != nil {
		bfs(start)
	}
	for _, n := range g.nodes {
		if _, seen := dist[n]; !seen {
			bfs(n)
		}
	}
	return dist
}

// sccWithin numbers the strongly connected components of the graph made of the edges between
// nodes equally far from the start (Tarjan's algorithm).
func sccWithin(nodes []*node, dist map[*node]int) map[*node]int {
	index, low, comp := map[*node]int{}, map[*node]int{}, map[*node]int{}
	onStack := map[*node]bool{}
	var stack []*node
	next, ncomp := 0, 0
	var visit func(n *node)
	visit = func(n *node) {
		index[n], low[n] = next, next
		next++
		stack = append(stack, n)
		onStack[n] = true
		for _, s := range n.succ {
			if dist[s] != dist[n] {
				continue
			}
			if _, seen := index[s]; !seen {
				visit(s)
				low[n] = min(low[n], low[s])
			} else if onStack[s] {
				low[n] = min(low[n], index[s])
			}
		}
		if low[n] == index[n] {
			for {
				m := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[m] = false
				comp[m] = ncomp
				if m == n {
					break
				}
			}
			ncomp++
		}
	}
	for _, n := range nodes {
		if _, seen := index[n]; !seen {
			visit(n)
		}
	}
	return comp
}

// order sorts each layer by the mean position of its neighbours in the layer above, then below,
// a few times, to keep the lines between layers short.
func (g *graph) order() {
	renumber := func(l []*node) {
		for i, n := range l {
			n.order = i
		}
	}
	for _, l := range g.layers {
		renumber(l)
	}
	for pass := 0; pass < 6; pass++ {
		down := pass%2 == 0
		for k := range g.layers {
			i := k
			if !down {
				i = len(g.layers) - 1 - k
			}
			l := g.layers[i]
			for _, n := range l {
				nb := n.pred
				want := i - 1
				if !down {
					nb, want = n.succ, i+1
				}
				sum, count := 0.0, 0
				for _, m := range nb {
					if m.layer == want {
						sum += float64(m.order)
						count++
					}
				}
				n.bary = float64(n.order)
				if count > 0 {
					n.bary = sum / float64(count)
				}
			}
			sort.SliceStable(l, func(a, b int) bool { return l[a].bary < l[b].bary })
			renumber(l)
		}
	}
}

// size makes each box wide enough for its name, its kind, the labels of the edges leaving it
// and the arrows entering it.
func (g *graph) size() {
	for _, e := range g.edges {
		e.label = shortLabel(e.labels)
		e.labelW = textW(e.label, smallCharW) + 10
	}
	for _, n := range g.nodes {
		labels := 0.0
		for i, e := range n.outs {
			if i > 0 {
				labels += labelGap
			}
			labels += e.labelW
		}
		n.w = max(minBoxW, textW(n.Label, nameCharW)+boxPad, textW(n.Kind, smallCharW)+boxPad, labels+12, float64(len(n.ins)-1)*inPortGap+2*inPortPad+4)
	}
}

// gapLane is the side of an edge between two states of one layer: it runs up through the gap
// between the boxes next to its target.
const gapLane = 2

// place sets each box's x, centring the layers under each other, and gives the edges that do
// not go down one layer their lanes: in a gap of the layer, or round the side.
func (g *graph) place() {
	gaps := g.assignGaps()
	widths := make([]float64, len(g.layers))
	for i, l := range g.layers {
		for j, n := range l {
			if j > 0 {
				widths[i] += gapWidth(gaps[[2]int{i, j - 1}])
			}
			widths[i] += n.w
		}
		g.width = max(g.width, widths[i])
	}
	for i, l := range g.layers {
		x := (g.width - widths[i]) / 2
		for j, n := range l {
			n.x = x
			x += n.w + gapWidth(gaps[[2]int{i, j}])
		}
	}
	for _, e := range g.edges {
		if e.to.layer != e.from.layer+1 && e.side != gapLane {
			e.side = 1
			if e.from.x+e.from.w/2+e.to.x+e.to.w/2 < g.width {
				e.side = -1
			}
		}
	}
	left, right := g.assignLanes(-1), g.assignLanes(1)
	shift := margin + float64(left)*laneGap + laneGap/2
	for _, n := range g.nodes {
		n.x += shift
	}
	for _, e := range g.edges {
		switch e.side {
		case -1:
			e.laneX = shift - float64(e.lane+1)*laneGap
		case 1:
			e.laneX = shift + g.width + float64(e.lane+1)*laneGap
		case gapLane:
			left := g.layers[e.to.layer][e.gap]
			e.laneX = left.x + left.w + float64(e.lane+1)*laneGap
		}
	}
	g.width += shift + float64(right)*laneGap + laneGap/2 + margin
}

// assignGaps sends each edge between two states of one layer up through the gap beside its
// target, on the side of its source, in a lane of the gap's own; it returns how many lanes each
// gap (layer, box before it) holds.
func (g *graph) assignGaps() map[[2]int]int {
	gaps := map[[2]int]int{}
	for _, e := range g.edges {
		if e.from.layer != e.to.layer {
			continue
		}
		e.side, e.gap = gapLane, e.to.order-1
		if e.from.order > e.to.order {
			e.gap = e.to.order
		}
		k := [2]int{e.to.layer, e.gap}
		e.lane = gaps[k]
		gaps[k]++
	}
	return gaps
}

// gapWidth is the room between two boxes of a layer with lanes lines going up through it.
func gapWidth(lanes int) float64 { return max(nodeGap, float64(lanes+1)*laneGap) }

// assignLanes gives each edge going round side its own lane where its run overlaps another's,
// shortest runs nearest the boxes, and returns how many lanes the side needs.
func (g *graph) assignLanes(side int) int {
	var es []*edge
	for _, e := range g.edges {
		if e.side == side {
			es = append(es, e)
		}
	}
	span := func(e *edge) (int, int) { // the channels it runs between
		a, b := e.from.layer, e.to.layer-1
		return min(a, b), max(a, b)
	}
	sort.SliceStable(es, func(i, j int) bool {
		li, hi := span(es[i])
		lj, hj := span(es[j])
		return hi-li < hj-lj
	})
	var lanes [][]*edge
	for _, e := range es {
		lo, hi := span(e)
		e.lane = len(lanes)
		for k, taken := range lanes {
			free := true
			for _, o := range taken {
				olo, ohi := span(o)
				free = free && (hi < olo || ohi < lo)
			}
			if free {
				e.lane = k
				break
			}
		}
		if e.lane == len(lanes) {
			lanes = append(lanes, nil)
		}
		lanes[e.lane] = append(lanes[e.lane], e)
	}
	return len(lanes)
}
