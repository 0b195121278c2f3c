package console

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strings"
)

// svg draws the laid-out graph: the lines, the boxes over them, the labels over both. Every
// state links to its line in the editor.
func (g *graph) svg() template.HTML {
	var b strings.Builder
	w, h := math.Ceil(g.width), math.Ceil(g.height)
	fmt.Fprintf(&b, `<svg class="diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="group" aria-label="%s">`,
		w, h, w, h, esc("Diagram of flow "+g.flow.Name))
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>`)
	for i, e := range g.edges {
		fmt.Fprintf(&b, `<path class="edge" data-edge="%d" d="%s" marker-end="url(#arrow)"/>`, i, pathData(e.points()))
	}
	for _, n := range g.nodes {
		drawNode(&b, n)
	}
	for i, e := range g.edges {
		x, y := e.outX-e.labelW/2, e.from.y+nodeH+4
		fmt.Fprintf(&b, `<g class="edge-label-group" data-edge="%d"><rect class="edge-label-bg" x="%.1f" y="%.1f" width="%.1f" height="%.0f" rx="3"/><text class="edge-label" x="%.1f" y="%.1f" text-anchor="middle">%s</text></g>`,
			i, x, y, e.labelW, labelH, e.outX, y+12, esc(e.label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// pathData writes a line through points as SVG path data.
func pathData(ps []point) string {
	var b strings.Builder
	for i, p := range ps {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%.1f,%.1f ", cmd, p.x, p.y)
	}
	return strings.TrimSpace(b.String())
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
