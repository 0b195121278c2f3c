package twilio

import "unicode/utf8"

// The TwiML of a webhook answer is written straight into one buffer, byte for byte what
// twilio-go's twiml package writes through etree (TestReplyMatchesTwilioGo compares them), without
// its document tree and writer per answer.
const (
	twimlHeader     = `<?xml version="1.0" encoding="UTF-8"?>`
	twimlEmpty      = twimlHeader + `<Response/>`
	twimlOpen       = twimlHeader + `<Response>`
	twimlClose      = `</Response>`
	messageOpen     = `<Message>`
	messageClose    = `</Message>`
	escapeHeadroom  = 16 // bytes kept spare per message for entities
	replacementChar = "\uFFFD"
)

// Reply renders replies as TwiML, one <Message> each, with the text escaped as etree escapes
// character data. No replies gives <Response/>: Twilio sends nothing. It never fails; the error
// is kept for callers that render a fail-safe answer on one.
func Reply(replies []string) ([]byte, error) {
	size := len(twimlOpen) + len(twimlClose)
	for _, r := range replies {
		size += len(messageOpen) + len(r) + len(messageClose) + escapeHeadroom
	}
	b := make([]byte, 0, size)
	b = append(b, twimlOpen...)
	empty := true
	for _, r := range replies {
		if r == "" {
			continue // an empty <Message/> would be an empty SMS
		}
		empty = false
		b = append(b, messageOpen...)
		b = appendEscaped(b, r)
		b = append(b, messageClose...)
	}
	if empty {
		return []byte(twimlEmpty), nil
	}
	return append(b, twimlClose...), nil
}

// appendEscaped appends s as XML character data: &, <, >, ' and " as entities, and a byte or
// rune XML does not allow as U+FFFD.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		esc := entity(r, width)
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + width
		}
		i += width
	}
	return append(b, s[last:]...)
}

// entity is what replaces one rune in character data, "" when it stays as it is.
func entity(r rune, width int) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '\'':
		return "&apos;"
	case '"':
		return "&quot;"
	}
	if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
		return replacementChar
	}
	return ""
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
