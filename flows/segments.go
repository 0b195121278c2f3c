package flows

import "strings"

// Encoding is the character set an SMS is sent in.
type Encoding string

const (
	GSM7 Encoding = "GSM-7"
	UCS2 Encoding = "UCS-2"
)

// Segment sizes from the SMS standard: one GSM-7 message holds 160 characters and each part of a
// longer one 153; UCS-2 holds 70 and 67.
const (
	gsmSingle, gsmPart   = 160, 153
	ucs2Single, ucs2Part = 70, 67
)

// gsmBasic is the GSM 03.38 basic character set (each costs one septet); gsmExtended characters
// cost two (an escape and the character).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€\f"
)

// SMSInfo says how a text travels as SMS.
type SMSInfo struct {
	Encoding Encoding
	Units    int // septets for GSM-7, UTF-16 code units for UCS-2
	Segments int
}

// MeasureSMS counts the encoding, units and segments of text as a carrier would.
func MeasureSMS(text string) SMSInfo {
	units, gsm := 0, true
	for _, r := range text {
		switch {
		case r < 0x80 && r != '`' && r != 0x1b && (r >= ' ' || r == '\n' || r == '\r') && !strings.ContainsRune(gsmExtended, r):
			units++
		case strings.ContainsRune(gsmExtended, r):
			units += 2
		case strings.ContainsRune(gsmBasic, r):
			units++
		default:
			gsm = false
		}
		if !gsm {
			break
		}
	}
	if gsm {
		return SMSInfo{Encoding: GSM7, Units: units, Segments: segments(units, gsmSingle, gsmPart)}
	}
	units = 0
	for _, r := range text {
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	return SMSInfo{Encoding: UCS2, Units: units, Segments: segments(units, ucs2Single, ucs2Part)}
}

func segments(units, single, part int) int {
	switch {
	case units == 0:
		return 0
	case units <= single:
		return 1
	default:
		return (units + part - 1) / part
	}
}
