package flows

import (
	"fmt"
	"github.com/nhttf/frontdoor/internal/yamlpos"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds one flow file.
const MaxFileSize = 256 << 10

// MaxTextLength is the longest text one SMS reply may carry (Twilio's Body limit).
const MaxTextLength = 1600

// ReadFlow reads one flow file. It reports every problem it can find rather than the first one;
// the flow is nil when there is an error. References to other states are checked later, by Load.
func ReadFlow(file string, data []byte) (*Flow, Problems) {
	f, probs := readFlow(file, data)
	if len(probs.Errors()) > 0 {
		return nil, probs
	}
	return f, probs
}

// readFlow reads what it can of a flow file. The flow is nil only when the file is not a YAML
// document; with other errors it is marked partial (and so are the states that had errors), so
// that Load still checks what was read: an unknown field does not hide a bad next.
func readFlow(file string, data []byte) (*Flow, Problems) {
	r := &nodeReader{yamlpos.NewReader(file)}
	if len(data) > MaxFileSize {
		r.Problems = append(r.Problems, Problem{Pos: Pos{File: file}, Msg: fmt.Sprintf("the file is %d bytes; a flow file may be at most %d", len(data), MaxFileSize)})
		return nil, r.Problems
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{yamlpos.SyntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, Problems{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "the file is empty; a flow needs at least flow, languages, start and states"}}
	}
	f := r.flow(&doc)
	f.partial = len(r.Problems.Errors()) > 0
	return f, r.Problems
}

func (r *nodeReader) flow(doc *yaml.Node) *Flow {
	root := yamlpos.Resolve(doc)
	f := &Flow{File: r.File, States: map[string]*State{}, pos: r.Pos(root)}
	fields := r.Mapping(root, "the flow", "flow", "description", "languages", "start", "first_text", "triggers", "states")
	if fields == nil {
		return f
	}
	need := func(key, example string) (yamlpos.Field, bool) {
		fl, ok := fields[key]
		if !ok {
			r.Errorf(root, "the flow has no %q field (for example %q)", key, example)
		}
		return fl, ok
	}
	if fl, ok := need("flow", "flow: main"); ok {
		if name, ok := r.Name(fl.Value, "the flow name"); ok {
			f.Name = name // else "": the other flows' references to it are not checked
		}
	}
	if fl, ok := fields["description"]; ok {
		f.Description, _ = r.Str(fl.Value, "description")
	}
	if fl, ok := need("languages", "languages: [en, es]"); ok {
		f.Languages = r.languages(fl.Value)
	}
	if fl, ok := need("start", "start: welcome"); ok {
		f.Start, _ = r.Name(fl.Value, "start")
		f.startPos = r.Pos(fl.Value)
	}
	if fl, ok := need("states", "states:"); ok {
		r.states(f, fl.Value)
	}
	if fl, ok := fields["first_text"]; ok {
		f.FirstText = r.firstText(fl.Value)
	}
	if fl, ok := fields["triggers"]; ok {
		r.readTriggers(f, fl.Value)
	}
	return f
}

func (r *nodeReader) firstText(n *yaml.Node) *FirstText {
	ft := &FirstText{Pos: r.Pos(yamlpos.Resolve(n))}
	fields := r.Mapping(n, "first_text", "words", "save")
	if fields == nil {
		return ft
	}
	if fl, ok := fields["words"]; ok {
		for _, w := range r.List(fl.Value, "first_text: words") {
			if s, ok := r.Str(w, "first_text: a word"); ok {
				ft.Words = append(ft.Words, s)
			}
		}
	} else {
		r.Errorf(n, "first_text has no \"words\" (the first words that start this flow, like [tip, aviso])")
	}
	if fl, ok := fields["save"]; ok {
		ft.Save, _ = r.Name(fl.Value, "first_text: save")
	} else {
		r.Errorf(n, "first_text has no \"save\" (the answer the rest of the message is saved as, like save: what)")
	}
	return ft
}

func (r *nodeReader) languages(n *yaml.Node) []string {
	var langs []string
	for _, item := range r.List(n, "languages") {
		l, ok := r.Str(item, "a language")
		if !ok {
			continue
		}
		if len(l) < 2 || len(l) > 3 || strings.ToLower(l) != l || !yamlpos.IsName(l) {
			r.Errorf(item, "language %q should be a two-letter code such as en or es", l)
			continue
		}
		if yamlpos.Contains(langs, l) {
			r.Errorf(item, "language %q is listed twice", l)
			continue
		}
		langs = append(langs, l)
	}
	if len(langs) == 0 && len(r.Problems.Errors()) == 0 {
		r.Errorf(n, "the flow needs at least one language, for example languages: [en, es]")
	}
	return langs
}

func (r *nodeReader) states(f *Flow, n *yaml.Node) {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		r.Errorf(n, "states should list the flow's states by name, not %s", yamlpos.Describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name, ok := r.Name(k, "the state name")
		if !ok {
			continue
		}
		before := len(r.Problems.Errors())
		st := r.state(f, name, v)
		st.Pos = r.Pos(k)
		st.partial = len(r.Problems.Errors()) > before
		f.States[name] = st
		f.Order = append(f.Order, name)
	}
}

var stateFields = []string{"say", "menu", "retry", "ask", "next", "handoff", "end", "urgent", "action"}

func (r *nodeReader) state(f *Flow, name string, n *yaml.Node) *State {
	st := &State{Name: name, ID: f.Name + "." + name}
	what := fmt.Sprintf("state %q", name)
	fields := r.Mapping(n, what, stateFields...)
	for key, fl := range fields {
		switch key {
		case "say":
			st.Say = r.texts(fl.Value, what+": say")
		case "retry":
			st.Retry = r.texts(fl.Value, what+": retry")
		case "menu":
			st.Menu = r.menu(fl.Value, what)
		case "ask":
			st.Ask = r.ask(fl.Value, what)
		case "next":
			st.Next = r.target(fl.Value, what+": next")
		case "handoff":
			st.Handoff = r.handoff(fl.Value, what)
		case "end":
			st.End = r.Boolean(fl.Value, what+": end")
		case "urgent":
			st.Urgent = r.Boolean(fl.Value, what+": urgent")
		case "action":
			if s, ok := r.Str(fl.Value, what+": action"); ok {
				if s != string(ActionSubmitTip) {
					r.Errorf(fl.Value, "%s: unknown action %q; the only action is %s", what, s, ActionSubmitTip)
				}
				st.Action = Action(s)
			}
		}
	}
	return st
}

// texts reads a language-to-text mapping.
func (r *nodeReader) texts(n *yaml.Node, what string) Texts {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "%s needs a text for each language, written as lines like \"en: ...\" and \"es: ...\"", what)
		return Texts{}
	}
	out := Texts{byLang: make(map[string]Template, len(n.Content)/2), pos: r.Pos(n)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		text, ok := r.Str(v, fmt.Sprintf("%s: the %s text", what, k.Value))
		if !ok {
			continue
		}
		text = strings.TrimRight(text, "\n")
		if strings.TrimSpace(text) == "" {
			r.Errorf(v, "%s: the %s text is empty", what, k.Value)
			continue
		}
		if len([]rune(text)) > MaxTextLength {
			r.Errorf(v, "%s: the %s text has %d characters; one SMS reply may have at most %d", what, k.Value, len([]rune(text)), MaxTextLength)
			continue
		}
		tpl, err := parseTemplate(text)
		if err != nil {
			r.Errorf(v, "%s: the %s text: %v", what, k.Value, err)
			continue
		}
		tpl.pos = r.Pos(v)
		out.byLang[k.Value] = tpl
	}
	return out
}
