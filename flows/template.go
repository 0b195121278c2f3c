package flows

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// Template is a text with {{field}} placeholders, parsed once when a flow is read. A placeholder
// may cap how much of the value it shows: {{what:40}} shows at most 40 characters.
type Template struct {
	raw    string
	parts  []templatePart // nil when the text has no placeholders
	fields []string
	pos    Pos
}

type templatePart struct {
	literal string
	field   string // set for a placeholder
	limit   int    // {{field:N}}: at most N characters of the value; 0 for none
}

// Fields the engine fills in itself, usable in any text.
const (
	FieldTipCode = "tip_code"
	FieldAlias   = "alias"
)

// The lengths of the values the engine fills in itself: a tip code is always TIP- and six
// characters, an alias four (package bot draws them; its tests hold it to these).
const (
	TipCodeLength = 10
	AliasLength   = 4
)

// ellipsis ends a value a placeholder cut short; three dots stay in the GSM alphabet.
const ellipsis = "..."

// parseTemplate splits raw into literals and placeholders. Field names are lower-case letters,
// digits and underscores, optionally followed by :N.
func parseTemplate(raw string) (Template, error) {
	t := Template{raw: raw}
	rest := raw
	for {
		open := strings.Index(rest, "{{")
		if open < 0 {
			if strings.Contains(rest, "}}") {
				return t, fmt.Errorf(`"}}" without a matching "{{"`)
			}
			break
		}
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			return t, fmt.Errorf(`"{{" is not closed with "}}"`)
		}
		inside := strings.TrimSpace(rest[open+2 : open+end])
		name, limit, err := parsePlaceholder(inside)
		if err != nil {
			return t, err
		}
		t.parts = append(t.parts, templatePart{literal: rest[:open]}, templatePart{field: name, limit: limit})
		t.fields = append(t.fields, name)
		rest = rest[open+end+2:]
	}
	if t.parts != nil && rest != "" {
		t.parts = append(t.parts, templatePart{literal: rest})
	}
	return t, nil
}

func parsePlaceholder(inside string) (string, int, error) {
	name, n, capped := strings.Cut(inside, ":")
	name = strings.TrimSpace(name)
	if !yamlpos.IsName(name) {
		return "", 0, fmt.Errorf("{{%s}} is not a field name: use lower-case letters, digits and _", inside)
	}
	if !capped {
		return name, 0, nil
	}
	limit, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || limit < 1 || limit > MaxTextLength {
		return "", 0, fmt.Errorf("{{%s}}: after the colon comes the most characters to show, a whole number from 1 to %d, like {{%s:40}}", inside, MaxTextLength, name)
	}
	return name, limit, nil
}

// Raw returns the text as written.
func (t Template) Raw() string { return t.raw }

// Fields lists the placeholders in order of appearance.
func (t Template) Fields() []string { return t.fields }

// Render fills the placeholders with lookup(field), each value as Echo shows it; a field with no
// value renders empty.
func (t Template) Render(lookup func(string) string) string {
	if t.parts == nil {
		return t.raw
	}
	var b strings.Builder
	b.Grow(len(t.raw) + 16)
	for _, p := range t.parts {
		if p.field != "" {
			b.WriteString(Echo(lookup(p.field), p.limit))
		} else {
			b.WriteString(p.literal)
		}
	}
	return b.String()
}

// Longest renders the text with every placeholder at the longest value it can show: limit(field)
// characters (or the placeholder's own cap, plus the ellipsis, when that is shorter). Since Echo
// keeps every value within the GSM alphabet, one character to a unit, this is the most SMS
// segments the text can take when it is sent.
func (t Template) Longest(limit func(field string) int) string {
	if t.parts == nil {
		return t.raw
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.field == "" {
			b.WriteString(p.literal)
			continue
		}
		n := limit(p.field)
		if p.limit > 0 && p.limit < n {
			n = p.limit + len(ellipsis)
		}
		b.WriteString(strings.Repeat("x", n))
	}
	return b.String()
}

// Pos returns where the text was written.
func (t Template) Pos() Pos { return t.pos }

// Echo is how a texter's answer is shown back in a text: on one line, in the basic SMS alphabet
// (accents dropped, typographic quotes and dashes made plain, anything else such as emoji left
// out), so that an answer never switches a text to UCS-2 or to more segments than lint measured;
// and, with limit above 0, cut to at most limit characters at a word, ending in "...".
func Echo(v string, limit int) string {
	v = gsmOnly(v)
	if limit <= 0 || utf8.RuneCountInString(v) <= limit {
		return v
	}
	r := []rune(v)[:limit]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > limit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:-") + ellipsis
}

// gsmOnly keeps s to characters of the GSM 03.38 basic set that cost one unit each, on one line.
func gsmOnly(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case r < 0x80 && r >= ' ' && r != '`' && !strings.ContainsRune(gsmExtended, r):
		case r < 0x80:
			r = plainFor(r)
		case strings.ContainsRune(gsmBasic, r):
		default:
			r = plainFor(r)
		}
		if r == 0 || (r == ' ' && space) {
			continue
		}
		space = r == ' '
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || c == '`' || strings.IndexByte(gsmExtended, c) >= 0 {
			return false
		}
	}
	return true
}

// plainFor maps a character outside the one-unit GSM set to a plain one, or 0 to leave it out.
func plainFor(r rune) rune {
	switch r {
	case '‘', '’', '`', '´', 'ʼ':
		return '\''
	case '“', '”', '«', '»':
		return '"'
	case '–', '—', '‐', '−':
		return '-'
	case '[', '{':
		return '('
	case ']', '}':
		return ')'
	case '\\', '|':
		return '/'
	case '~':
		return '-'
	case '€':
		return 'E'
	case '\u00a0':
		return ' '
	}
	if f := foldRune(r); f != 0 && f < 0x80 {
		if unicode.IsUpper(r) {
			f = unicode.ToUpper(f)
		}
		return f
	}
	return 0
}
