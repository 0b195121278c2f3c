package card

import (
	"io"

	"codeberg.org/go-pdf/fpdf"
)

// PDF writes the card as a one-page PDF, 4 by 6 inches, with the PDF core font Helvetica.
func (c Card) PDF(w io.Writer) error {
	l, err := c.layout()
	if err != nil {
		return err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: Width, Ht: Height}})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(c.Heading(), true)
	pdf.SetCreator("Frontdoor", true)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("") // the core fonts speak cp1252: á, é, ñ, ¿ ...
	for _, t := range l.texts {
		style := ""
		if t.bold {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, t.size)
		for i, line := range t.lines {
			s := tr(line)
			pdf.Text((Width-pdf.GetStringWidth(s))/2, t.y+float64(i)*t.size*1.25, s)
		}
	}
	m := l.module()
	pdf.SetFillColor(0, 0, 0)
	for y, row := range l.qr {
		for x, dark := range row {
			if dark {
				pdf.Rect(l.qrX+float64(x+quietModules)*m, l.qrY+float64(y+quietModules)*m, m, m, "F")
			}
		}
	}
	return pdf.Output(w)
}
