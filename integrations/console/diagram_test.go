package console

import (
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

func TestDiagram(t *testing.T) {
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	tip, _ := set.Flow("tip")
	g := newGraph(tip).layout()
	svg := string(g.svg())
	if n := strings.Count(svg, "<a href="); n != len(tip.Order) {
		t.Errorf("%d state links, want one per state (%d)", n, len(tip.Order))
	}
	byID := func(id string) *node { return g.byID["tip."+id] }
	if byID("intro").layer != 0 || byID("where").layer != 1 || byID("review").layer <= byID("danger_now").layer {
		t.Errorf("layers: intro %d, where %d, danger_now %d, review %d", byID("intro").layer, byID("where").layer,
			byID("danger_now").layer, byID("review").layer)
	}
	want := []transition{{"review", "2 (again, redo, de nuevo, otra vez, rehacer)", "where"}, {"danger", "after 2 bad answers", "review"}, {"danger", "yes", "danger_now"}}
	for _, w := range want {
		found := false
		for _, tr := range g.Trans {
			found = found || tr == w
		}
		if !found {
			t.Errorf("transition %+v is missing from %+v", w, g.Trans)
		}
	}
	for _, n := range g.nodes { // no two states overlap
		for _, m := range g.nodes {
			if n != m && n.layer == m.layer && n.x < m.x+m.w && m.x < n.x+n.w {
				t.Errorf("%s and %s overlap", n.ID, m.ID)
			}
		}
	}
	main, _ := set.Flow("main")
	mg := newGraph(main).layout()
	if ext := mg.byID["tip.intro"]; ext == nil || !ext.External || !strings.Contains(string(mg.svg()), `class="node external"`) {
		t.Error("main's jump to tip.intro is not drawn as another flow's state")
	}
}
