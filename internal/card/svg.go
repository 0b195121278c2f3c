package card

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// SVG writes the card as an SVG document, 4 by 6 inches.
func (c Card) SVG(w io.Writer) error {
	l, err := c.layout()
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="4in" height="6in" viewBox="0 0 %g %g" role="img" aria-label="%s">`+"\n",
		Width, Height, html.EscapeString(c.Heading()))
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="#fff"/>`+"\n", Width, Height)
	fmt.Fprintf(&b, `<g font-family="Helvetica, Arial, sans-serif" text-anchor="middle" fill="#111">`+"\n")
	for _, t := range l.texts {
		weight := ""
		if t.bold {
			weight = ` font-weight="bold"`
		}
		for i, line := range t.lines {
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="%g"%s>%s</text>`+"\n", Width/2, t.y+float64(i)*t.size*1.25, t.size, weight, html.EscapeString(line))
		}
	}
	b.WriteString("</g>\n")
	m := l.module()
	fmt.Fprintf(&b, `<g transform="translate(%.3f %.3f) scale(%.4f)"><path fill="#000" shape-rendering="crispEdges" d="`, l.qrX, l.qrY, m)
	for y, row := range l.qr {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quietModules, y+quietModules)
			}
		}
	}
	b.WriteString(`"/></g>` + "\n</svg>\n")
	_, err = io.WriteString(w, b.String())
	return err
}
