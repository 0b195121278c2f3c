package card

import "strings"

// The card is 4 by 6 inches, drawn in points (1/72 inch) with the origin at the top left.
const (
	Width, Height = 288.0, 432.0
	margin        = 20.0
	qrSize        = 190.0
	quietModules  = 4 // the blank border a QR code needs around it, in modules
)

// text is one block of lines, centred on the card.
type text struct {
	lines []string
	y     float64 // the baseline of the first line
	size  float64 // font size in points
	bold  bool
}

// layout is what every format draws.
type layout struct {
	texts []text
	qr    [][]bool
	qrX   float64 // the top left of the QR code, quiet zone included
	qrY   float64
}

func (c Card) layout() (layout, error) {
	if err := c.Check(); err != nil {
		return layout{}, err
	}
	qr, err := c.QR()
	if err != nil {
		return layout{}, err
	}
	w := c.words()
	l := layout{qr: qr, qrX: (Width - qrSize) / 2, qrY: 96}
	y := 52.0
	add := func(s string, size float64, bold bool, gap float64) {
		lines := wrap(s, int((Width-2*margin)/(size*0.52)))
		l.texts = append(l.texts, text{lines: lines, y: y, size: size, bold: bold})
		y += float64(len(lines))*size*1.25 + gap
	}
	add(c.Heading(), 20, true, 2)
	if c.Line != "" {
		add(c.Line, 13, false, 0)
	}
	if y > l.qrY {
		l.qrY = y
	}
	y = l.qrY + qrSize + 18
	add(w.scan, 11, false, 10)
	add(w.danger, 12, true, 10)
	add(w.rates, 8, false, 0)
	return l, nil
}

// wrap breaks s into lines of at most n characters, at spaces.
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = word
		case len([]rune(cur))+1+len([]rune(word)) <= n:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// module is the side of one QR module in points.
func (l layout) module() float64 { return qrSize / float64(len(l.qr)+2*quietModules) }
