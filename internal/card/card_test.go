package card_test

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/nhttf/frontdoor/internal/card"
)

// decode reads the QR code in img with an independent decoder (ZXing's port to Go).
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR code does not decode: %v", err)
	}
	return res.GetText()
}

// TestPNG_QRDecodesToTheLink: the printed code, read back from the card's PNG, is the sms: link
// with the word filled in, in both languages.
func TestPNG_QRDecodesToTheLink(t *testing.T) {
	for _, c := range []card.Card{
		{To: "233733", Word: "PARENTS", Line: "For parents and caregivers.", Lang: "en"},
		{To: "+15550100000", Word: "PADRES", Line: "Para madres, padres y cuidadores.", Lang: "es"},
	} {
		var b bytes.Buffer
		if err := c.PNG(&b); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := decode(t, img), "sms:"+c.To+"?&body="+c.Word; got != want {
			t.Errorf("the QR code reads %q, want %q", got, want)
		}
		if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 900 {
			t.Errorf("the PNG is %v, want 600x900 (4x6 in at 150 dpi)", b)
		}
	}
}

// TestQR_DecodesToTheLink reads the code's modules drawn as an image, as a scanner would.
func TestQR_DecodesToTheLink(t *testing.T) {
	c := card.Card{To: "233733", Word: "FE", Lang: "es"}
	bits, err := c.QR()
	if err != nil {
		t.Fatal(err)
	}
	const scale, quiet = 8, 4
	n := len(bits) + 2*quiet
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				for dy := range scale {
					for dx := range scale {
						img.SetGray((x+quiet)*scale+dx, (y+quiet)*scale+dy, color.Gray{})
					}
				}
			}
		}
	}
	if got := decode(t, img); got != "sms:233733?&body=FE" {
		t.Errorf("the QR code reads %q", got)
	}
}

// TestSVG_Card: the SVG is well-formed XML, 4 by 6 inches, with the heading, the line, the
// 911 line and the opt-out words, and draws the QR code's modules.
func TestSVG_Card(t *testing.T) {
	c := card.Card{To: "233733", Word: "PARENTS", Line: "For parents & caregivers.", Lang: "en"}
	var b bytes.Buffer
	if err := c.SVG(&b); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("the SVG is not well-formed: %v", err)
			}
			break
		}
	}
	svg := b.String()
	for _, want := range []string{`width="4in" height="6in"`, ">Text PARENTS to 233733<", ">For parents &amp; caregivers.<",
		"If you are in danger now, call 911.", "Msg &amp; data rates may apply.", "M4 4h1v1h-1z"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}

// TestPDF_Card: a one-page PDF with the card's words in Spanish (cp1252 for the accents).
func TestPDF_Card(t *testing.T) {
	c := card.Card{To: "233733", Word: "PADRES", Line: "Para madres, padres y cuidadores.", Lang: "es"}
	var b bytes.Buffer
	if err := c.PDF(&b); err != nil {
		t.Fatal(err)
	}
	pdf := b.String()
	if !strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(pdf, "/Count 1") {
		t.Fatalf("not a one-page PDF: %.40q", pdf)
	}
	if !strings.Contains(pdf, "/MediaBox [0 0 288.00 432.00]") {
		t.Errorf("the page is not 4 by 6 inches")
	}
}

// TestCheck refuses a card without a number, with a number that is not one, or with two words.
func TestCheck(t *testing.T) {
	for _, c := range []card.Card{{Word: "PARENTS"}, {To: "23a733", Word: "PARENTS"}, {To: "233733", Word: "TWO WORDS"}, {To: "233733"}} {
		if err := c.Check(); err == nil {
			t.Errorf("%+v: no error", c)
		}
		if err := c.SVG(&bytes.Buffer{}); err == nil {
			t.Errorf("%+v: drawn", c)
		}
	}
}
