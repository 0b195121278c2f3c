package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TestCampaignCard: the command draws a built-in campaign word's card in each format; the PNG's
// QR code decodes to the sms: link, and the Spanish word prints the Spanish card.
func TestCampaignCard(t *testing.T) {
	env := map[string]string{"FRONTDOOR_SHORT_CODE": "233733"}
	code, out, errOut := runCLI(t, env, "", "campaigns", "card", "PARENTS")
	if code != 0 || !strings.HasPrefix(out, "<svg") || !strings.Contains(out, ">Text PARENTS to 233733<") ||
		!strings.Contains(out, ">For parents and caregivers.<") {
		t.Fatalf("exit %d: %s %s", code, errOut, out)
	}
	code, out, _ = runCLI(t, env, "", "campaigns", "card", "padres", "--format", "svg")
	if code != 0 || !strings.Contains(out, "Envíe PADRES al 233733") || !strings.Contains(out, "Para madres, padres y cuidadores.") {
		t.Fatalf("exit %d: %s", code, out)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "faith.png")
	if code, _, errOut := runCLI(t, nil, "", "campaigns", "card", "FAITH", "--format", "png", "--to", "+15550100000", "-o", file); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil || res.GetText() != "sms:+15550100000?&body=FAITH" {
		t.Fatalf("the card's QR code reads %v, %v", res, err)
	}
	code, out, _ = runCLI(t, env, "", "campaigns", "card", "SCHOOL", "--format", "pdf")
	if code != 0 || !strings.HasPrefix(out, "%PDF-") {
		t.Fatalf("exit %d: %.20q", code, out)
	}
}

// TestCampaignCard_Refuses: an unknown word names the words there are; no number, or a bad
// one, says what to set; a bad format says which there are.
func TestCampaignCard_Refuses(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		args []string
		code int
		want string
	}{
		{nil, []string{"NOPE", "--to", "233733"}, 1, `"NOPE" is not a campaign word of the built-in flows; they are BUSINESS, NEGOCIO, FAITH, FE, PARENTS, PADRES`},
		{nil, []string{"PARENTS"}, 2, "no number to text: set FRONTDOOR_SHORT_CODE or pass --to"},
		{nil, []string{"PARENTS", "--to", "23-37"}, 2, `the number to text "23-37" should be a short code`},
		{nil, []string{"PARENTS", "--to", "233733", "--format", "gif"}, 2, `--format is "gif"; use svg, pdf or png`},
		{nil, []string{}, 2, "the campaign word is missing"},
	} {
		code, _, errOut := runCLI(t, c.env, "", append([]string{"campaigns", "card"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %s", c.args, code, errOut)
		}
	}
}
