package transcript

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

var (
	transcriptFields = []string{"name", "from", "ignore_case", "steps"}
	stepFields       = []string{"send", "media", "wait", "replies", "contains", "not_contains", "ignore_case", "silent",
		"state", "flags", "saved", "effects", "lang"}
)

// Parse reads one transcript file and reports every problem with file:line:col, like flows lint
// does for flow files: unknown fields with a suggestion, values of the wrong kind, a wait that is
// not a duration, a step that sends nothing. The transcript is nil when there is an error.
func Parse(file string, data []byte) (*Transcript, flows.Problems) {
	r := yamlpos.NewReader(file)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, flows.Problems{yamlpos.SyntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, flows.Problems{{Pos: flows.Pos{File: file, Line: 1, Col: 1}, Msg: "the file is empty; a transcript needs steps: what the texter sends and what must come back"}}
	}
	root := yamlpos.Resolve(&doc)
	t := &Transcript{File: file, Name: file, From: DefaultFrom}
	fields := r.Mapping(root, "the transcript", transcriptFields...)
	if fl, ok := fields["name"]; ok {
		t.Name, _ = r.Str(fl.Value, "name")
	}
	if fl, ok := fields["from"]; ok {
		t.From, _ = r.Str(fl.Value, "from")
	}
	if fl, ok := fields["ignore_case"]; ok {
		t.IgnoreCase = r.Boolean(fl.Value, "ignore_case")
	}
	fl, ok := fields["steps"]
	if !ok && fields != nil {
		r.Errorf(root, "the transcript has no steps: list what the texter sends, like steps: [{send: hi, contains: [\"911\"]}]")
	}
	if ok {
		for i, n := range r.List(fl.Value, "steps") {
			t.Steps = append(t.Steps, readStep(r, n, i+1, t.IgnoreCase))
		}
		if len(t.Steps) == 0 && len(r.Problems.Errors()) == 0 {
			r.Errorf(fl.Value, "steps is empty: list what the texter sends")
		}
	}
	if len(r.Problems.Errors()) > 0 {
		return nil, r.Problems
	}
	return t, r.Problems
}

// readStep reads step n (counting from 1).
func readStep(r *yamlpos.Reader, node *yaml.Node, n int, ignoreCase bool) Step {
	what := fmt.Sprintf("step %d", n)
	s := Step{line: node.Line, IgnoreCase: ignoreCase, pos: map[string]flows.Pos{}}
	fields := r.Mapping(node, what, stepFields...)
	if fields == nil {
		return s
	}
	if _, ok := fields["send"]; !ok {
		r.Errorf(node, "%s has no send: what the texter sends (send: \"\" for an empty message)", what)
	}
	for key, fl := range fields {
		s.pos[key] = r.Pos(fl.Value)
		label := what + ": " + key
		switch key {
		case "send":
			s.Send, _ = r.Str(fl.Value, label)
		case "media":
			s.Media = r.Integer(fl.Value, label, 0, 10)
		case "wait":
			s.Wait = readWait(r, fl.Value, label)
		case "replies":
			replies := strs(r, fl.Value, label)
			s.Replies = &replies
		case "contains":
			s.Contains = strs(r, fl.Value, label)
		case "not_contains":
			s.NotContains = strs(r, fl.Value, label)
		case "ignore_case":
			s.IgnoreCase = r.Boolean(fl.Value, label)
		case "silent":
			s.Silent = r.Boolean(fl.Value, label)
		case "state":
			if v, ok := str(r, fl.Value, label); ok {
				s.State = &v
			}
		case "flags":
			flags := strs(r, fl.Value, label)
			s.Flags = &flags
		case "effects":
			effects := strs(r, fl.Value, label)
			s.Effects = &effects
		case "saved":
			s.Saved = readSaved(r, fl.Value, label, s.pos)
		case "lang":
			s.Lang, _ = r.Str(fl.Value, label)
		}
	}
	return s
}

func readWait(r *yamlpos.Reader, n *yaml.Node, what string) time.Duration {
	v, ok := r.Str(n, what)
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		r.Errorf(n, "%s %q is not a duration like 90s, 20m or 73h", what, v)
		return 0
	}
	return d
}

// str reads a text; an empty value (state: "" or state:) is the empty text.
func str(r *yamlpos.Reader, n *yaml.Node, what string) (string, bool) {
	if n = yamlpos.Resolve(n); n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return "", true
	}
	return r.Str(n, what)
}

// strs reads a list of texts; [] is an empty list, one text a list of one.
func strs(r *yamlpos.Reader, n *yaml.Node, what string) []string {
	out := []string{}
	for _, item := range r.List(n, what) {
		if v, ok := r.Str(item, what+" (each entry)"); ok {
			out = append(out, v)
		}
	}
	return out
}

func readSaved(r *yamlpos.Reader, n *yaml.Node, what string, pos map[string]flows.Pos) map[string]string {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "%s should list answers as name: value, like saved: {where: \"Houston, TX\"}", what)
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if val, ok := str(r, v, what+": "+k.Value); ok {
			out[k.Value] = val
			pos["saved."+k.Value] = r.Pos(k)
		}
	}
	return out
}
