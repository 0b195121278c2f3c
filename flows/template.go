package flows

import (
	"fmt"
	"github.com/nhttf/frontdoor/internal/yamlpos"
	"strings"
)

// Template is a text with {{field}} placeholders, parsed once when a flow is read.
type Template struct {
	raw    string
	parts  []templatePart // nil when the text has no placeholders
	fields []string
	pos    Pos
}

type templatePart struct {
	literal string
	field   string // set for a placeholder
}

// Fields the engine fills in itself, usable in any text.
const (
	FieldTipCode = "tip_code"
	FieldAlias   = "alias"
)

// parseTemplate splits raw into literals and placeholders. Field names are lower-case letters,
// digits and underscores.
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
		name := strings.TrimSpace(rest[open+2 : open+end])
		if !yamlpos.IsName(name) {
			return t, fmt.Errorf("{{%s}} is not a field name: use lower-case letters, digits and _", name)
		}
		t.parts = append(t.parts, templatePart{literal: rest[:open]}, templatePart{field: name})
		t.fields = append(t.fields, name)
		rest = rest[open+end+2:]
	}
	if t.parts != nil && rest != "" {
		t.parts = append(t.parts, templatePart{literal: rest})
	}
	return t, nil
}

// Raw returns the text as written.
func (t Template) Raw() string { return t.raw }

// Fields lists the placeholders in order of appearance.
func (t Template) Fields() []string { return t.fields }

// Render fills the placeholders with lookup(field); a field with no value renders empty.
func (t Template) Render(lookup func(string) string) string {
	if t.parts == nil {
		return t.raw
	}
	var b strings.Builder
	b.Grow(len(t.raw) + 16)
	for _, p := range t.parts {
		if p.field != "" {
			b.WriteString(lookup(p.field))
		} else {
			b.WriteString(p.literal)
		}
	}
	return b.String()
}

// Pos returns where the text was written.
func (t Template) Pos() Pos { return t.pos }
