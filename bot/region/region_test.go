package region

import "testing"

func TestOf(t *testing.T) {
	for in, want := range map[string]string{
		"Austin, TX": "TX", "ZIP 78701": "TX", "78701": "TX", "73301": "TX", "73101": "OK",
		"Texas": "TX", "tx": "TX", "Tejas": "TX", "New York, NY": "NY", "ZIP 10001": "NY",
		"00501": "NY", "00901": "PR", "02108": "MA", "05501": "MA", "05401": "VT", "20001": "DC",
		"20166": "VA", "60601": "IL", "88510": "TX", "89501": "NV", "96813": "HI", "99501": "AK",
		"san juan puerto rico": "PR", "Albuquerque, Nuevo México": "NM", "carolina del norte": "NC",
		"": "", "Paris, France": "", "09001": "", "somewhere": "", "12": "",
	} {
		if got := Of(in); got != want {
			t.Errorf("Of(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAmbiguous(t *testing.T) {
	for in, want := range map[string]bool{"ok": true, "Ok": true, "hi!": true, "me": true, "OK": false, "HI": false, "tx": false, "Texas": false, "Oklahoma": false} {
		if got := Ambiguous(in); got != want {
			t.Errorf("Ambiguous(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestFromZIPCoversEveryState(t *testing.T) {
	seen := map[string]bool{}
	for p := 0; p < 1000; p++ {
		z := string(rune('0'+p/100)) + string(rune('0'+p/10%10)) + string(rune('0'+p%10)) + "00"
		if st := FromZIP(z); st != "" {
			if !Valid(st) {
				t.Fatalf("FromZIP(%s) = %q, not a known code", z, st)
			}
			seen[st] = true
		}
	}
	for code := range Names {
		switch code {
		case "AS", "MP": // their ZIPs share prefixes with Hawaii and Guam
			continue
		}
		if !seen[code] {
			t.Errorf("no ZIP prefix maps to %s", code)
		}
	}
}
