package flows_test

import (
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/flows"
)

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"1":             "1",
		" 1. ":          "1",
		"Safety":        "safety",
		"  No más! ":    "nomas",
		"ESPAÑOL":       "espanol",
		"Información":   "informacion",
		"¿Sí?":          "si",
		"stop\r\n":      "stop",
		"":              "",
		"🙏":             "",
		"Привет":        "привет",
		"bad\xffutf8":   "badutf8",
		"Ünïcödé Çà Øø": "unicodecaoo",
	} {
		if got := flows.Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"I'm in DANGER!":     " i m in danger ",
		"call 911, please":   " call 911 please ",
		"¡Ayúdame!":          " ayudame ",
		"":                   " ",
		"   ":                " ",
		"a\r\nb":             " a b ",
		"emoji 🙏 in between": " emoji in between ",
	} {
		if got := flows.Words(in); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMeasureSMS(t *testing.T) {
	tests := []struct {
		text     string
		enc      flows.Encoding
		units    int
		segments int
	}{
		{"", flows.GSM7, 0, 0},
		{strings.Repeat("a", 160), flows.GSM7, 160, 1},
		{strings.Repeat("a", 161), flows.GSM7, 161, 2},
		{strings.Repeat("a", 306), flows.GSM7, 306, 2},
		{strings.Repeat("a", 307), flows.GSM7, 307, 3},
		{"ñ é ü ¿ ¡ Ñ à", flows.GSM7, 13, 1},
		{"{}[]~^|\\€", flows.GSM7, 18, 1},
		{strings.Repeat("€", 80), flows.GSM7, 160, 1},
		{strings.Repeat("€", 81), flows.GSM7, 162, 2},
		{"número", flows.UCS2, 6, 1},
		{strings.Repeat("á", 70), flows.UCS2, 70, 1},
		{strings.Repeat("á", 71), flows.UCS2, 71, 2},
		{strings.Repeat("á", 134), flows.UCS2, 134, 2},
		{strings.Repeat("á", 135), flows.UCS2, 135, 3},
		{"🙏", flows.UCS2, 2, 1},
		{"`", flows.UCS2, 1, 1},
	}
	for _, tt := range tests {
		got := flows.MeasureSMS(tt.text)
		if got.Encoding != tt.enc || got.Units != tt.units || got.Segments != tt.segments {
			t.Errorf("MeasureSMS(%.20q) = %+v, want %s %d units %d segments", tt.text, got, tt.enc, tt.units, tt.segments)
		}
	}
}
