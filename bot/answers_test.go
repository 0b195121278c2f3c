package bot

import (
	"strings"
	"testing"
)

func TestPlace(t *testing.T) {
	good := map[string]string{
		"77002":                            "ZIP 77002",
		" 77002-1234 ":                     "ZIP 77002",
		"zip 10001":                        "ZIP 10001",
		"Houston, TX":                      "Houston, TX",
		"houston tx":                       "Houston, TX",
		"El Paso, Texas":                   "El Paso, TX",
		"new york new york":                "New York, NY",
		"Charleston, West Virginia":        "Charleston, WV",
		"washington dc":                    "Washington, DC",
		"San Juan, Puerto Rico":            "San Juan, PR",
		"los angeles, california.":         "Los Angeles, CA",
		"San Antonio, Tejas":               "San Antonio, TX",
		"Albuquerque, Nuevo México":        "Albuquerque, NM",
		"Washington, District of Columbia": "Washington, DC",
	}
	for in, want := range good {
		if got, ok := place(in); !ok || got != want {
			t.Errorf("place(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Houston", "TX", "somewhere near the river", "7700", "770022", "12345-12", "Paris, France",
		"🏠", strings.Repeat("a ", 80) + "TX"} {
		if got, ok := place(in); ok {
			t.Errorf("place(%q) = %q, want no place", in, got)
		}
	}
}

func TestYesNo(t *testing.T) {
	for in, want := range map[string]bool{"yes": true, "Y": true, "Sí": true, "si!": true, "claro": true, "YEAH": true,
		"no": false, "No.": false, "nope": false, "N": false} {
		if got, ok := yesNo(in); !ok || got != want {
			t.Errorf("yesNo(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "maybe", "yes no", "no sé", "quizás"} {
		if _, ok := yesNo(in); ok {
			t.Errorf("yesNo(%q) should not be an answer", in)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]string{"3": "3", "about 3 people": "3", "007": "7", " 12 ": "12"} {
		if got, ok := number(in); !ok || got != want {
			t.Errorf("number(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "three", "3 or 4", "1234567890", "-"} {
		if _, ok := number(in); ok {
			t.Errorf("number(%q) should not be a number", in)
		}
	}
}

func TestFreeText(t *testing.T) {
	if got, ok := freeText("  hello \n", 10); !ok || got != "hello" {
		t.Errorf("freeText = %q, %v", got, ok)
	}
	if got, ok := freeText("bad\xffbyte", 10); !ok || got != "bad\uFFFDbyte" {
		t.Errorf("invalid UTF-8 should be replaced: %q, %v", got, ok)
	}
	for _, in := range []string{"", "   ", strings.Repeat("á", 11)} {
		if _, ok := freeText(in, 10); ok {
			t.Errorf("freeText(%q) should be refused", in)
		}
	}
	if _, ok := freeText(strings.Repeat("á", 10), 10); !ok {
		t.Error("10 characters (20 bytes) should fit a max of 10")
	}
}
