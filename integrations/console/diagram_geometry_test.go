package console

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// The font metrics this test assumes, as the console's CSS sets the fonts: average advance per
// character of system-ui 600 14px (names) and 12px (kinds, edge labels).
var assumedCharW = map[string]float64{"name": 8.6, "kind": 7.0, "edge-label": 7.0}

type box struct{ x, y, w, h float64 }

func (b box) String() string { return fmt.Sprintf("(%.0f,%.0f %.0fx%.0f)", b.x, b.y, b.w, b.h) }

// overlaps reports whether the interiors of a and b, each grown by pad, meet.
func (b box) overlaps(o box, pad float64) bool {
	return b.x-pad < o.x+o.w && o.x-pad < b.x+b.w && b.y-pad < o.y+o.h && o.y-pad < b.y+b.h
}

// crossedBy reports whether the segment p-q passes through the inside of b.
func (b box) crossedBy(p, q point) bool {
	in := box{b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1}
	lo, hi := point{math.Min(p.x, q.x), math.Min(p.y, q.y)}, point{math.Max(p.x, q.x), math.Max(p.y, q.y)}
	return lo.x < in.x+in.w && hi.x > in.x && lo.y < in.y+in.h && hi.y > in.y
}

// drawing is what the SVG holds, read back from its text.
type drawing struct {
	view   box
	nodes  []box
	texts  []textIn // node texts and edge labels, each with the box it must fit
	labels map[int]box
	paths  map[int][]point
}

type textIn struct {
	class, text string
	in          box
}

func readDrawing(t *testing.T, svg string) drawing {
	t.Helper()
	d := drawing{labels: map[int]box{}, paths: map[int][]point{}}
	dec := xml.NewDecoder(strings.NewReader(svg))
	var group string // the class of the <g> we are in
	var groupEdge int
	var last box // the last rect, which the texts after it belong to
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			a := attrs(el)
			switch el.Name.Local {
			case "svg":
				f := strings.Fields(a["viewBox"])
				d.view = box{num(t, f[0]), num(t, f[1]), num(t, f[2]), num(t, f[3])}
			case "g":
				group = a["class"]
				groupEdge, _ = strconv.Atoi(a["data-edge"])
			case "rect":
				last = box{num(t, a["x"]), num(t, a["y"]), num(t, a["width"]), num(t, a["height"])}
				if strings.HasPrefix(group, "node") {
					d.nodes = append(d.nodes, last)
				} else if group == "edge-label-group" {
					d.labels[groupEdge] = last
				}
			case "text":
				var s string
				dec.DecodeElement(&s, &el)
				d.texts = append(d.texts, textIn{class: a["class"], text: s, in: last})
			case "path":
				if a["class"] == "edge" {
					i, _ := strconv.Atoi(a["data-edge"])
					d.paths[i] = pathPoints(t, a["d"])
				}
			}
		}
	}
	return d
}

func attrs(el xml.StartElement) map[string]string {
	m := map[string]string{}
	for _, a := range el.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func num(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func pathPoints(t *testing.T, d string) []point {
	var ps []point
	for _, f := range strings.Fields(d) {
		xy := strings.Split(f[1:], ",")
		ps = append(ps, point{num(t, xy[0]), num(t, xy[1])})
	}
	return ps
}

// TestDiagram_geometry draws every built-in flow and checks the picture itself: boxes apart,
// labels clear of the boxes, of each other and of other edges' lines, everything in the view,
// text within its box at the assumed metrics, lines that never pass through a box, leave each
// state from its bottom and enter the next at its top, and never run along one another.
func TestDiagram_geometry(t *testing.T) {
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	hard, probs := flows.Load(fstest.MapFS{"main.yaml": {Data: []byte(hardFlow)}, "other.yaml": {Data: []byte(otherFlow)}},
		flows.Options{Reserved: bot.Reserved})
	if hard == nil {
		t.Fatal(probs)
	}
	for _, f := range append(set.Flows(), hard.Flows()...) {
		t.Run(f.Name, func(t *testing.T) {
			g := newGraph(f).layout()
			d := readDrawing(t, string(g.svg()))
			if len(d.nodes) != len(g.nodes) || len(d.paths) != len(g.edges) || len(d.labels) != len(g.edges) {
				t.Fatalf("read %d boxes, %d lines, %d labels; drew %d, %d, %d", len(d.nodes), len(d.paths), len(d.labels), len(g.nodes), len(g.edges), len(g.edges))
			}
			checkBoxes(t, d)
			checkTexts(t, d)
			checkLines(t, d)
		})
	}
}

func checkBoxes(t *testing.T, d drawing) {
	inView := func(b box) bool {
		return b.x >= d.view.x && b.y >= d.view.y && b.x+b.w <= d.view.x+d.view.w && b.y+b.h <= d.view.y+d.view.h
	}
	for i, a := range d.nodes {
		if !inView(a) {
			t.Errorf("box %v is outside the view %v", a, d.view)
		}
		for _, b := range d.nodes[i+1:] {
			if a.overlaps(b, 8) {
				t.Errorf("boxes %v and %v overlap or touch", a, b)
			}
		}
	}
	for i, l := range d.labels {
		if !inView(l) {
			t.Errorf("label %d %v is outside the view %v", i, l, d.view)
		}
		for _, n := range d.nodes {
			if l.overlaps(n, 0) {
				t.Errorf("label %d %v overlaps box %v", i, l, n)
			}
		}
		for j, m := range d.labels {
			if i < j && l.overlaps(m, 0) {
				t.Errorf("labels %d %v and %d %v overlap", i, l, j, m)
			}
		}
	}
}

func checkTexts(t *testing.T, d drawing) {
	for _, tx := range d.texts {
		w := float64(utf8.RuneCountInString(tx.text)) * assumedCharW[tx.class]
		room := tx.in.w - 12 // a little air on both sides
		if tx.class == "edge-label" {
			room = tx.in.w - 4
		}
		if assumedCharW[tx.class] == 0 || w > room {
			t.Errorf("%s %q is %.0f wide; its box %v has room for %.0f", tx.class, tx.text, w, tx.in, room)
		}
	}
}

func checkLines(t *testing.T, d drawing) {
	for i, ps := range d.paths {
		for _, p := range ps {
			if p.x < d.view.x || p.y < d.view.y || p.x > d.view.x+d.view.w || p.y > d.view.y+d.view.h {
				t.Errorf("line %d goes out of the view at %v", i, p)
			}
		}
		if !onEdge(ps[0], d.nodes, true) || !onEdge(ps[len(ps)-1], d.nodes, false) {
			t.Errorf("line %d does not leave a box's bottom and enter a box's top: %v", i, ps)
		}
		for k := 0; k+1 < len(ps); k++ {
			p, q := ps[k], ps[k+1]
			if p.x != q.x && p.y != q.y {
				t.Errorf("line %d has a slanted piece %v-%v", i, p, q)
			}
			for _, n := range d.nodes {
				if n.crossedBy(p, q) {
					t.Errorf("line %d passes through box %v (%v-%v)", i, n, p, q)
				}
			}
			for j, l := range d.labels {
				if j != i && l.crossedBy(p, q) {
					t.Errorf("line %d passes under label %d %v", i, j, l)
				}
			}
			for j, other := range d.paths {
				if j > i && alongside(p, q, other) {
					t.Errorf("lines %d and %d run along each other near %v-%v", i, j, p, q)
				}
			}
		}
	}
}

// onEdge reports whether p is on the bottom (or top) side of one of the boxes.
func onEdge(p point, nodes []box, bottom bool) bool {
	for _, n := range nodes {
		y := n.y
		if bottom {
			y = n.y + n.h
		}
		if math.Abs(p.y-y) < 0.6 && p.x > n.x && p.x < n.x+n.w {
			return true
		}
	}
	return false
}

// alongside reports whether the segment p-q shares more than a pixel of its line with a piece
// of the line ps.
func alongside(p, q point, ps []point) bool {
	for k := 0; k+1 < len(ps); k++ {
		a, b := ps[k], ps[k+1]
		switch {
		case p.x == q.x && a.x == b.x && math.Abs(p.x-a.x) < 1:
			if overlap1(p.y, q.y, a.y, b.y) > 1 {
				return true
			}
		case p.y == q.y && a.y == b.y && math.Abs(p.y-a.y) < 1:
			if overlap1(p.x, q.x, a.x, b.x) > 1 {
				return true
			}
		}
	}
	return false
}

func overlap1(a1, a2, b1, b2 float64) float64 {
	return math.Min(math.Max(a1, a2), math.Max(b1, b2)) - math.Max(math.Min(a1, a2), math.Min(b1, b2))
}

// hardFlow is harder to draw than the built-in flows: a menu whose choices all lead to one
// another, a long state name, a question with three ways out, lines back to the start and
// across layers, and another flow's states.
const hardFlow = `flow: main
languages: [en]
start: welcome
states:
  welcome:
    say: {en: "Hi. Reply 1-4."}
    menu:
      - {choice: 1, next: a_really_long_state_name_for_a_diagram}
      - {choice: 2, next: b}
      - {choice: 3, next: c}
      - {choice: 4, next: d}
      - {choice: 5, next: other.start}
  a_really_long_state_name_for_a_diagram:
    say: {en: "A. Reply 1-4."}
    menu: &m
      - {choice: 1, next: a_really_long_state_name_for_a_diagram}
      - {choice: 2, next: b}
      - {choice: 3, next: c}
      - {choice: 4, next: d}
      - {choice: 6, next: question}
      - {choice: 0, next: welcome}
  b:
    say: {en: "B."}
    menu: *m
  c:
    say: {en: "C."}
    menu: *m
  d:
    say: {en: "D."}
    menu: *m
  question:
    say: {en: "Is it so? Reply YES or NO."}
    ask:
      save: so
      kind: yes_no
      retry: {en: "YES or NO?"}
      tries: 3
      yes: done
      no: welcome
      give_up: other.start
  done:
    say: {en: "Done."}
    end: true
`

const otherFlow = `flow: other
languages: [en]
start: start
states:
  start:
    say: {en: "Other. Reply 0."}
    menu:
      - {choice: 0, next: main.welcome}
      - {choice: 1, next: main.question}
`
