// Package yamlpos reads YAML files written by people (flows, the on-call roster) and reports
// problems in plain words with file:line:col.
//
// Imports: a YAML parser only; it is the leaf that flows, bot/roster, bot/directory,
// bot/transcript and the console import.
package yamlpos

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Reader turns YAML nodes into values, collecting plain-worded problems with their positions.
type Reader struct {
	File     string
	Problems Problems
}

// NewReader returns a reader for one file.
func NewReader(file string) *Reader { return &Reader{File: file} }

// Pos returns where n is in the file.
func (r *Reader) Pos(n *yaml.Node) Pos { return Pos{File: r.File, Line: n.Line, Col: n.Column} }

// Errorf records an error at n.
func (r *Reader) Errorf(n *yaml.Node, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Pos: r.Pos(n), Msg: fmt.Sprintf(format, args...)})
}

// Field is one key of a mapping with its value.
type Field struct {
	Key, Value *yaml.Node
}

// Mapping returns the keys of n, which must be a mapping; keys not in allowed are reported with a
// suggestion when one is close.
func (r *Reader) Mapping(n *yaml.Node, what string, allowed ...string) map[string]Field {
	n = Resolve(n)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "%s should be a set of \"name: value\" lines, not %s", what, Describe(n))
		return nil
	}
	out := make(map[string]Field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !Contains(allowed, k.Value) {
			hint := Suggest(k.Value, allowed)
			if hint == "" {
				hint = "; the fields allowed here are " + strings.Join(allowed, ", ")
			}
			r.Errorf(k, "%s has an unknown field %q%s", what, k.Value, hint)
			continue
		}
		out[k.Value] = Field{k, v}
	}
	return out
}

// Str reads a scalar as text.
func (r *Reader) Str(n *yaml.Node, what string) (string, bool) {
	n = Resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.Errorf(n, "%s should be a single value, not %s", what, Describe(n))
		return "", false
	}
	return n.Value, true
}

// Name reads a scalar that must be a lower-case name.
func (r *Reader) Name(n *yaml.Node, what string) (string, bool) {
	s, ok := r.Str(n, what)
	if ok && !IsName(s) {
		r.Errorf(n, "%s %q is not a valid name: use lower-case letters, digits and _, starting with a letter", what, s)
		return s, false
	}
	return s, ok
}

// Boolean reads true or false.
func (r *Reader) Boolean(n *yaml.Node, what string) bool {
	s, ok := r.Str(n, what)
	if !ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	r.Errorf(n, "%s should be true or false, not %q", what, s)
	return false
}

// Integer reads a whole number from min to max.
func (r *Reader) Integer(n *yaml.Node, what string, min, max int) int {
	s, ok := r.Str(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < min || v > max {
		r.Errorf(n, "%s should be a whole number from %d to %d, not %q", what, min, max, s)
		return 0
	}
	return v
}

// List reads a sequence; a single scalar counts as a list of one.
func (r *Reader) List(n *yaml.Node, what string) []*yaml.Node {
	n = Resolve(n)
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	r.Errorf(n, "%s should be a list, not %s", what, Describe(n))
	return nil
}

// Strings reads one string or a list of them, each trimmed and passed to check, which returns
// the tidy value or, when it is wrong, why (reported at the item, which is then left out).
func (r *Reader) Strings(n *yaml.Node, what string, check func(string) (value, bad string)) []string {
	n = Resolve(n)
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	for _, item := range items {
		s, ok := r.Str(item, what)
		if !ok {
			continue
		}
		v, bad := check(strings.TrimSpace(s))
		if bad != "" {
			r.Errorf(item, "%s", bad)
			continue
		}
		out = append(out, v)
	}
	return out
}

// Resolve follows aliases and unwraps a document node.
func Resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return n
}

// Describe says in words what kind of value n is.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of fields"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "this"
}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Suggest returns ` (did you mean "x"?)` when one of options is within two edits of s.
func Suggest(s string, options []string) string {
	best, bestD := "", 3
	for _, o := range options {
		if d := editDistance(strings.ToLower(s), o); d < bestD {
			best, bestD = o, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// SyntaxProblem turns a YAML parser error into a positioned, plainly worded problem.
func SyntaxProblem(file string, data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line, col := 1, 1
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	lines := strings.Split(string(data), "\n")
	if line >= 1 && line <= len(lines) {
		if i := strings.IndexByte(lines[line-1], '\t'); i >= 0 {
			return Problem{Pos: Pos{file, line, i + 1}, Msg: "a tab is used for indenting; YAML needs spaces"}
		}
		col = len(lines[line-1]) - len(strings.TrimLeft(lines[line-1], " ")) + 1
	}
	hint := "check the indenting, and put texts that contain \": \" in quotes"
	if strings.Contains(msg, "did not find expected ',' or '}'") {
		hint = "a text inside { } has a character YAML treats specially, such as ? : , [ ] { }; put the text in quotes"
	}
	return Problem{Pos: Pos{file, line, col}, Msg: "this is not valid YAML near here: " + msg + " (" + hint + ")"}
}

// IsName reports whether s is a valid name: lower-case letters, digits and underscores,
// starting with a letter.
func IsName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
