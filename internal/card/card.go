// Package card draws printable campaign cards: the number to text, the campaign word, one line
// of what it offers, and a QR code with an sms: link that opens the phone's messaging app with
// the word filled in. It draws SVG, PDF and PNG from one layout.
//
// Imports: flows (the campaign words it prints) and the drawing libraries; integrations/console
// and cmd/frontdoor import it. Unlike the other internal packages it is not a leaf: it sits above
// flows.
package card

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// Card is one campaign card.
type Card struct {
	To   string // the short code or number texters send to, e.g. "233733" or "+15550100000"
	Word string // the campaign word, e.g. "PARENTS"
	Line string // one line of what the word offers, e.g. "For parents and caregivers."
	Lang string // "es" prints the card's own words in Spanish; anything else in English
}

// Check reports what is wrong with a card's number or word.
func (c Card) Check() error {
	to := strings.TrimPrefix(c.To, "+")
	switch {
	case c.To == "":
		return errors.New("no number to text: set FRONTDOOR_SHORT_CODE or pass --to")
	case len(to) < 3 || len(to) > 15 || strings.ContainsFunc(to, func(r rune) bool { return r < '0' || r > '9' }):
		return fmt.Errorf("the number to text %q should be a short code or a number in E.164, like 233733 or +15550100000", c.To)
	case c.Word == "" || strings.ContainsFunc(c.Word, unicode.IsSpace):
		return fmt.Errorf("the campaign word %q should be one word", c.Word)
	}
	return nil
}

// Link is the card's sms: link, written "sms:NUMBER?&body=WORD". Android's messaging apps
// read the body from the query ("?body=", as RFC 5724 writes it) and iOS's after an "&"
// ("&body="); "?&body=" is both at once, so one printed code works on either phone.
func (c Card) Link() string {
	return "sms:" + c.To + "?&body=" + url.QueryEscape(c.Word)
}

// words are the card's own texts in one language.
type words struct {
	textTo, scan, danger, rates string
}

var cardWords = map[string]words{
	"en": {
		textTo: "Text %s to %s",
		scan:   "Or scan the code with your phone's camera.",
		danger: "If you are in danger now, call 911.",
		rates:  "Msg & data rates may apply. Reply HELP for help, STOP to stop texts.",
	},
	"es": {
		textTo: "Envíe %s al %s",
		scan:   "O escanee el código con la cámara de su celular.",
		danger: "Si corre peligro ahora, llame al 911.",
		rates:  "Pueden aplicarse tarifas de mensajes y datos. Responda AYUDA para ayuda, PARAR para no recibir mensajes.",
	},
}

func (c Card) words() words {
	if w, ok := cardWords[c.Lang]; ok {
		return w
	}
	return cardWords["en"]
}

// Heading is the card's first line: "Text PARENTS to 233733".
func (c Card) Heading() string { return fmt.Sprintf(c.words().textTo, c.Word, c.To) }

// QR returns the modules of the card's QR code, row by row, true for dark, without the quiet
// zone around it.
func (c Card) QR() ([][]bool, error) {
	q, err := qrcode.NewWith(c.Link(), qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionQuart))
	if err != nil {
		return nil, fmt.Errorf("error making the QR code: %w", err)
	}
	var m matrix
	if err := q.Save(&m); err != nil {
		return nil, fmt.Errorf("error making the QR code: %w", err)
	}
	return m.bits, nil
}

// matrix is a qrcode.Writer that keeps the modules.
type matrix struct{ bits [][]bool }

func (m *matrix) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *matrix) Close() error                  { return nil }
