package console

import (
	"math"
	"sort"
)

// point is a corner of an edge's line.
type point struct{ x, y float64 }

// run is a horizontal stretch of an edge in a channel, the gap between two layers (channel c
// is below layer c; -1 is above the first). At each end the edge turns up or down.
type run struct {
	lo, hi float64
	e      *edge
	i      int // the edge's first or second run
	ends   [2]end
}

// end is where a run turns: up out of the channel (to the box above, or a lane going up) or
// down (into the box below, or a lane going down).
type end struct {
	x  float64
	up bool
}

// route places the ports on the boxes, gives every horizontal run a track of its channel, and
// from the channels' heights the layers their y.
func (g *graph) route() {
	g.ports()
	channels := map[int][]*run{}
	add := func(c int, a, b end, e *edge, i int) {
		channels[c] = append(channels[c], &run{lo: min(a.x, b.x), hi: max(a.x, b.x), e: e, i: i, ends: [2]end{a, b}})
	}
	for _, e := range g.edges {
		from, to := e.from.layer, e.to.layer-1 // the channels it leaves and enters by
		switch {
		case e.side != 0:
			add(from, end{e.outX, true}, end{e.laneX, to < from}, e, 0)
			add(to, end{e.laneX, from < to}, end{e.inX, false}, e, 1)
		case math.Abs(e.outX-e.inX) >= 0.5:
			add(from, end{e.outX, true}, end{e.inX, false}, e, 0)
		}
	}
	tracks := map[*run]int{}
	count := map[int]int{}
	for c, runs := range channels {
		count[c] = assignTracks(runs, tracks)
	}
	top := g.placeLayers(count)
	for c, runs := range channels {
		zone := labelZone
		if c < 0 {
			zone = 0
		}
		for _, r := range runs {
			r.e.tracks[r.i] = top[c] + zone + trackGap*(float64(tracks[r])+0.5)
		}
	}
}

// assignTracks gives each run a track of its channel (0 nearest the layer above): overlapping
// runs get different tracks, ordered so that where one run's end turns across another, the
// turn does not cross it if that can be helped (a run whose end turns up lies above the runs it
// passes over; one whose end turns down, below). It returns how many tracks the channel needs.
func assignTracks(runs []*run, tracks map[*run]int) int {
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].lo < runs[j].lo })
	overlap := func(a, b *run) bool { return a.lo <= b.hi+8 && b.lo <= a.hi+8 }
	above := make([][]int, len(runs)) // above[i]: the runs that should lie above run i
	for i, a := range runs {
		for j, b := range runs {
			if i == j || !overlap(a, b) {
				continue
			}
			for _, p := range b.ends {
				if p.x > a.lo+0.5 && p.x < a.hi-0.5 {
					if p.up {
						above[i] = append(above[i], j)
					} else {
						above[j] = append(above[j], i)
					}
				}
			}
		}
	}
	done := make([]bool, len(runs))
	n := 0
	for range runs {
		i := nextRun(above, done)
		t := 0
		for _, j := range above[i] {
			if done[j] {
				t = max(t, tracks[runs[j]]+1)
			}
		}
		for taken := true; taken; {
			taken = false
			for k, r := range runs {
				if done[k] && tracks[r] == t && overlap(r, runs[i]) {
					taken, t = true, t+1
					break
				}
			}
		}
		tracks[runs[i]], done[i] = t, true
		n = max(n, t+1)
	}
	return n
}

// nextRun picks the next run to place: the first whose runs above are all placed, or, where the
// wishes go round in a circle, the one with the fewest left to place.
func nextRun(above [][]int, done []bool) int {
	best, fewest := -1, 1<<30
	for i := range above {
		if done[i] {
			continue
		}
		left := 0
		for _, j := range above[i] {
			if !done[j] && j != i {
				left++
			}
		}
		if left < fewest {
			best, fewest = i, left
		}
		if left == 0 {
			break
		}
	}
	return best
}

// placeLayers sets each layer's y from the heights of the channels, and the picture's height;
// it returns the top of each channel.
func (g *graph) placeLayers(tracks map[int]int) map[int]float64 {
	last := len(g.layers) - 1
	height := func(c int) float64 {
		n := float64(tracks[c])
		switch {
		case c < 0 && n == 0, c == last && n == 0:
			return 0
		case c < 0:
			return n*trackGap + stubZone
		case c == last:
			return labelZone + n*trackGap + 6
		}
		return max(minGap, labelZone+n*trackGap+stubZone)
	}
	top := map[int]float64{-1: margin}
	y := margin + height(-1)
	for i, l := range g.layers {
		for _, n := range l {
			n.y = y
		}
		top[i] = y + nodeH
		y += nodeH + height(i)
	}
	g.height = y + margin
	return top
}

// ports spreads the edges leaving a box along its bottom, each under its label, and those
// entering it along its top, ordered so that lines going left leave and enter on the left.
func (g *graph) ports() {
	sideKey := func(e *edge, other float64) float64 {
		switch e.side {
		case -1:
			return -1e6 - float64(e.lane)
		case 1:
			return 1e6 + float64(e.lane)
		case gapLane:
			return e.laneX
		}
		return other
	}
	for _, n := range g.nodes {
		outs := append([]*edge(nil), n.outs...)
		sort.SliceStable(outs, func(i, j int) bool {
			return sideKey(outs[i], outs[i].to.x+outs[i].to.w/2) < sideKey(outs[j], outs[j].to.x+outs[j].to.w/2)
		})
		total := 0.0
		for i, e := range outs {
			if i > 0 {
				total += labelGap
			}
			total += e.labelW
		}
		x := n.x + (n.w-total)/2
		for _, e := range outs {
			e.outX = x + e.labelW/2
			x += e.labelW + labelGap
		}
	}
	for _, n := range g.nodes {
		ins := append([]*edge(nil), n.ins...)
		sort.SliceStable(ins, func(i, j int) bool { return sideKey(ins[i], ins[i].outX) < sideKey(ins[j], ins[j].outX) })
		want := make([]float64, len(ins))
		for i, e := range ins { // straight down where it can, lanes at the box's ends
			switch e.side {
			case -1:
				want[i] = n.x
			case 1:
				want[i] = n.x + n.w
			case gapLane:
				want[i] = e.laneX
			default:
				want[i] = e.outX
			}
		}
		for i, x := range spread(want, n.x+inPortPad, n.x+n.w-inPortPad, inPortGap) {
			ins[i].inX = x
		}
		straighten(ins, n)
	}
	g.separateStubs()
}

// Arrows enter a box at least inPortGap apart and inPortPad from its corners.
const inPortGap, inPortPad = 12.0, 8.0

// straighten makes a nearly straight arrow straight, where the box and its neighbours allow:
// a jog of a few pixels reads as a glitch.
func straighten(ins []*edge, n *node) {
	for i, e := range ins {
		d := e.outX - e.inX
		if e.side != 0 || d == 0 || math.Abs(d) > 6 || e.outX < n.x+3 || e.outX > n.x+n.w-3 {
			continue
		}
		if (i > 0 && e.outX-ins[i-1].inX < inPortGap) || (i < len(ins)-1 && ins[i+1].inX-e.outX < inPortGap) {
			continue
		}
		e.inX = e.outX
	}
}

// spread moves the sorted positions want as little as it can so that they lie in [lo, hi] at
// least gap apart (the box is wide enough for that: size allows 12 per arrow).
func spread(want []float64, lo, hi, gap float64) []float64 {
	out := make([]float64, len(want))
	for i, w := range want {
		out[i] = min(max(w, lo), hi)
		if i > 0 {
			out[i] = max(out[i], out[i-1]+gap)
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		limit := hi
		if i < len(out)-1 {
			limit = out[i+1] - gap
		}
		out[i] = min(out[i], limit)
	}
	return out
}

// separateStubs moves an arrow's entry when it would run along the line of another edge that
// leaves the layer above at the same x.
func (g *graph) separateStubs() {
	for _, e := range g.edges {
		for _, o := range g.edges {
			if o != e && o.from.layer == e.to.layer-1 && math.Abs(o.outX-e.inX) < 4 && !(e.side == 0 && e.inX == e.outX) {
				if e.inX < e.to.x+e.to.w/2 {
					e.inX += 6
				} else {
					e.inX -= 6
				}
			}
		}
	}
}

// points is the edge's line: down from its port, along its tracks (and its lane), down into
// the top of the box it leads to.
func (e *edge) points() []point {
	start, end := point{e.outX, e.from.y + nodeH}, point{e.inX, e.to.y}
	switch {
	case e.side != 0:
		return []point{start, {e.outX, e.tracks[0]}, {e.laneX, e.tracks[0]}, {e.laneX, e.tracks[1]}, {e.inX, e.tracks[1]}, end}
	case e.tracks[0] == 0:
		return []point{start, end}
	}
	return []point{start, {e.outX, e.tracks[0]}, {e.inX, e.tracks[0]}, end}
}
