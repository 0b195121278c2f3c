package flows

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// nodeReader turns YAML nodes into values, collecting plain-worded problems with their positions.
type nodeReader struct {
	file  string
	probs Problems
}

func (r *nodeReader) pos(n *yaml.Node) Pos { return Pos{File: r.file, Line: n.Line, Col: n.Column} }

func (r *nodeReader) errorf(n *yaml.Node, format string, args ...any) {
	r.probs = append(r.probs, Problem{Pos: r.pos(n), Msg: fmt.Sprintf(format, args...)})
}

// field is one key of a mapping with its value.
type field struct {
	key, value *yaml.Node
}

// mapping returns the keys of n, which must be a mapping; keys not in allowed are reported with a
// suggestion when one is close.
func (r *nodeReader) mapping(n *yaml.Node, what string, allowed ...string) map[string]field {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s should be a set of \"name: value\" lines, not %s", what, describe(n))
		return nil
	}
	out := make(map[string]field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contains(allowed, k.Value) {
			hint := suggest(k.Value, allowed)
			if hint == "" {
				hint = "; the fields allowed here are " + strings.Join(allowed, ", ")
			}
			r.errorf(k, "%s has an unknown field %q%s", what, k.Value, hint)
			continue
		}
		out[k.Value] = field{k, v}
	}
	return out
}

// str reads a scalar as text.
func (r *nodeReader) str(n *yaml.Node, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.errorf(n, "%s should be a single value, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

// name reads a scalar that must be a lower-case name.
func (r *nodeReader) name(n *yaml.Node, what string) (string, bool) {
	s, ok := r.str(n, what)
	if ok && !isName(s) {
		r.errorf(n, "%s %q is not a valid name: use lower-case letters, digits and _, starting with a letter", what, s)
		return s, false
	}
	return s, ok
}

func (r *nodeReader) boolean(n *yaml.Node, what string) bool {
	s, ok := r.str(n, what)
	if !ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	r.errorf(n, "%s should be true or false, not %q", what, s)
	return false
}

func (r *nodeReader) integer(n *yaml.Node, what string, min, max int) int {
	s, ok := r.str(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < min || v > max {
		r.errorf(n, "%s should be a whole number from %d to %d, not %q", what, min, max, s)
		return 0
	}
	return v
}

// list reads a sequence; a single scalar counts as a list of one.
func (r *nodeReader) list(n *yaml.Node, what string) []*yaml.Node {
	n = resolve(n)
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	r.errorf(n, "%s should be a list, not %s", what, describe(n))
	return nil
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return n
}

func describe(n *yaml.Node) string {
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns ` (did you mean "x"?)` when one of options is within two edits of s.
func suggest(s string, options []string) string {
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

// syntaxProblem turns a YAML parser error into a positioned, plainly worded problem.
func syntaxProblem(file string, data []byte, err error) Problem {
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
