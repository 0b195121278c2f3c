package flows

import (
	"fmt"
	"strings"

	"github.com/looplab/fsm"
)

// Graph draws a flow with looplab/fsm's visualisers: format "mermaid" (a state diagram) or "dot"
// (Graphviz). States of other flows appear as flow__state; retries (self-loops) are left out.
func Graph(set *Set, f *Flow, format string) (string, error) {
	name := func(id string) string {
		if fl, st, _ := strings.Cut(id, "."); fl != f.Name {
			return fl + "__" + st
		}
		return strings.TrimPrefix(id, f.Name+".")
	}
	var events []fsm.EventDesc
	var ends []string
	for _, sn := range f.Order {
		st := f.States[sn]
		for _, ev := range st.events {
			if ev.Dst == st.ID {
				continue
			}
			events = append(events, fsm.EventDesc{Name: ev.Name, Src: []string{name(st.ID)}, Dst: name(ev.Dst)})
		}
		if st.End || st.Handoff != nil {
			ends = append(ends, sn)
		}
	}
	m := fsm.NewFSM(f.Start, events, nil)
	switch format {
	case "mermaid":
		out, err := fsm.VisualizeWithType(m, fsm.MermaidStateDiagram)
		if err != nil {
			return "", err
		}
		for _, e := range ends {
			out += fmt.Sprintf("    %s --> [*]\n", e)
		}
		return out, nil
	case "dot":
		return fsm.VisualizeWithType(m, fsm.GRAPHVIZ)
	}
	return "", fmt.Errorf("unknown graph format %q: use mermaid or dot", format)
}
