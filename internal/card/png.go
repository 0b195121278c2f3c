package card

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// pngScale is the PNG's pixels per point: 4 by 6 inches at 150 dots per inch.
const pngScale = 150.0 / 72

// PNG writes the card as a PNG image, 600 by 900 pixels, with the Go fonts.
func (c Card) PNG(w io.Writer) error {
	l, err := c.layout()
	if err != nil {
		return err
	}
	img := image.NewRGBA(image.Rect(0, 0, int(Width*pngScale), int(Height*pngScale)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return fmt.Errorf("error reading the font: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return fmt.Errorf("error reading the font: %w", err)
	}
	ink := image.NewUniform(color.RGBA{0x11, 0x11, 0x11, 0xff})
	for _, t := range l.texts {
		f := regular
		if t.bold {
			f = bold
		}
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: t.size * pngScale, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return fmt.Errorf("error sizing the font: %w", err)
		}
		d := &font.Drawer{Dst: img, Src: ink, Face: face}
		for i, line := range t.lines {
			width := d.MeasureString(line)
			d.Dot = fixed.Point26_6{
				X: fixed.I(int(Width*pngScale/2)) - width/2,
				Y: fixed.I(int((t.y + float64(i)*t.size*1.25) * pngScale)),
			}
			d.DrawString(line)
		}
		face.Close()
	}
	m := l.module() * pngScale
	for y, row := range l.qr {
		for x, dark := range row {
			if !dark {
				continue
			}
			x0 := int(l.qrX*pngScale + float64(x+quietModules)*m)
			y0 := int(l.qrY*pngScale + float64(y+quietModules)*m)
			x1 := int(l.qrX*pngScale + float64(x+1+quietModules)*m)
			y1 := int(l.qrY*pngScale + float64(y+1+quietModules)*m)
			draw.Draw(img, image.Rect(x0, y0, x1, y1), image.Black, image.Point{}, draw.Src)
		}
	}
	return png.Encode(w, img)
}
