package flows

import (
	"fmt"
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
	r := &nodeReader{file: file}
	if len(data) > MaxFileSize {
		r.probs = append(r.probs, Problem{Pos: Pos{File: file}, Msg: fmt.Sprintf("the file is %d bytes; a flow file may be at most %d", len(data), MaxFileSize)})
		return nil, r.probs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{syntaxProblem(file, data, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, Problems{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "the file is empty; a flow needs at least flow, languages, start and states"}}
	}
	f := r.flow(&doc)
	if len(r.probs.Errors()) > 0 {
		return nil, r.probs
	}
	return f, r.probs
}

func (r *nodeReader) flow(doc *yaml.Node) *Flow {
	root := resolve(doc)
	f := &Flow{File: r.file, States: map[string]*State{}, pos: r.pos(root)}
	fields := r.mapping(root, "the flow", "flow", "description", "languages", "start", "states")
	if fields == nil {
		return f
	}
	need := func(key, example string) (field, bool) {
		fl, ok := fields[key]
		if !ok {
			r.errorf(root, "the flow has no %q field (for example %q)", key, example)
		}
		return fl, ok
	}
	if fl, ok := need("flow", "flow: main"); ok {
		f.Name, _ = r.name(fl.value, "the flow name")
	}
	if fl, ok := fields["description"]; ok {
		f.Description, _ = r.str(fl.value, "description")
	}
	if fl, ok := need("languages", "languages: [en, es]"); ok {
		f.Languages = r.languages(fl.value)
	}
	if fl, ok := need("start", "start: welcome"); ok {
		f.Start, _ = r.name(fl.value, "start")
		f.startPos = r.pos(fl.value)
	}
	if fl, ok := need("states", "states:"); ok {
		r.states(f, fl.value)
	}
	return f
}

func (r *nodeReader) languages(n *yaml.Node) []string {
	var langs []string
	for _, item := range r.list(n, "languages") {
		l, ok := r.str(item, "a language")
		if !ok {
			continue
		}
		if len(l) < 2 || len(l) > 3 || strings.ToLower(l) != l || !isName(l) {
			r.errorf(item, "language %q should be a two-letter code such as en or es", l)
			continue
		}
		if contains(langs, l) {
			r.errorf(item, "language %q is listed twice", l)
			continue
		}
		langs = append(langs, l)
	}
	if len(langs) == 0 && len(r.probs.Errors()) == 0 {
		r.errorf(n, "the flow needs at least one language, for example languages: [en, es]")
	}
	return langs
}

func (r *nodeReader) states(f *Flow, n *yaml.Node) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		r.errorf(n, "states should list the flow's states by name, not %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name, ok := r.name(k, "the state name")
		if !ok {
			continue
		}
		st := r.state(f, name, v)
		st.Pos = r.pos(k)
		f.States[name] = st
		f.Order = append(f.Order, name)
	}
}

var stateFields = []string{"say", "menu", "retry", "ask", "next", "handoff", "end", "urgent", "action"}

func (r *nodeReader) state(f *Flow, name string, n *yaml.Node) *State {
	st := &State{Name: name, ID: f.Name + "." + name}
	what := fmt.Sprintf("state %q", name)
	fields := r.mapping(n, what, stateFields...)
	for key, fl := range fields {
		switch key {
		case "say":
			st.Say = r.texts(fl.value, what+": say")
		case "retry":
			st.Retry = r.texts(fl.value, what+": retry")
		case "menu":
			st.Menu = r.menu(fl.value, what)
		case "ask":
			st.Ask = r.ask(fl.value, what)
		case "next":
			st.Next = r.target(fl.value, what+": next")
		case "handoff":
			st.Handoff = r.handoff(fl.value, what)
		case "end":
			st.End = r.boolean(fl.value, what+": end")
		case "urgent":
			st.Urgent = r.boolean(fl.value, what+": urgent")
		case "action":
			if s, ok := r.str(fl.value, what+": action"); ok {
				if s != string(ActionSubmitTip) {
					r.errorf(fl.value, "%s: unknown action %q; the only action is %s", what, s, ActionSubmitTip)
				}
				st.Action = Action(s)
			}
		}
	}
	return st
}

// texts reads a language-to-text mapping.
func (r *nodeReader) texts(n *yaml.Node, what string) Texts {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s needs a text for each language, written as lines like \"en: ...\" and \"es: ...\"", what)
		return Texts{}
	}
	out := Texts{byLang: make(map[string]Template, len(n.Content)/2), pos: r.pos(n)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		text, ok := r.str(v, fmt.Sprintf("%s: the %s text", what, k.Value))
		if !ok {
			continue
		}
		text = strings.TrimRight(text, "\n")
		if strings.TrimSpace(text) == "" {
			r.errorf(v, "%s: the %s text is empty", what, k.Value)
			continue
		}
		if len([]rune(text)) > MaxTextLength {
			r.errorf(v, "%s: the %s text has %d characters; one SMS reply may have at most %d", what, k.Value, len([]rune(text)), MaxTextLength)
			continue
		}
		tpl, err := parseTemplate(text)
		if err != nil {
			r.errorf(v, "%s: the %s text: %v", what, k.Value, err)
			continue
		}
		tpl.pos = r.pos(v)
		out.byLang[k.Value] = tpl
	}
	return out
}
