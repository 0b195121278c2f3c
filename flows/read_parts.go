package flows

import (
	"fmt"
	"strings"

	"github.com/nhttf/frontdoor/internal/yamlpos"

	"go.yaml.in/yaml/v3"
)

func (r *nodeReader) target(n *yaml.Node, what string) Target {
	s, ok := r.Str(n, what)
	if !ok {
		return Target{}
	}
	return Target{Raw: s, Pos: r.Pos(n)}
}

func (r *nodeReader) menu(n *yaml.Node, state string) []Choice {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.SequenceNode {
		r.Errorf(n, "%s: menu should be a list of choices, each starting with \"- choice:\"", state)
		return nil
	}
	items := n.Content
	var choices []Choice
	for i, item := range items {
		what := fmt.Sprintf("%s: menu choice %d", state, i+1)
		fields := r.Mapping(item, what, "choice", "words", "next", "urgent", "need")
		if fields == nil {
			continue
		}
		c := Choice{Pos: r.Pos(yamlpos.Resolve(item))}
		if fl, ok := fields["choice"]; ok {
			c.Key, _ = r.Str(fl.Value, what+": choice")
		} else {
			r.Errorf(item, "%s has no \"choice\" (the number or word the texter replies with)", what)
		}
		if fl, ok := fields["words"]; ok {
			for _, w := range r.List(fl.Value, what+": words") {
				if s, ok := r.Str(w, what+": a word"); ok {
					c.Words = append(c.Words, s)
				}
			}
		}
		if fl, ok := fields["next"]; ok {
			c.Next = r.target(fl.Value, what+": next")
		} else {
			r.Errorf(item, "%s has no \"next\" (the state it leads to)", what)
		}
		if fl, ok := fields["urgent"]; ok {
			c.Urgent = r.Boolean(fl.Value, what+": urgent")
		}
		if fl, ok := fields["need"]; ok {
			if s, ok := r.Str(fl.Value, what+": need"); ok {
				if !yamlpos.Contains(Needs, s) {
					r.Errorf(fl.Value, "%s: need %q is not one of %s", what, s, strings.Join(Needs, ", "))
				}
				c.Need = s
			}
		}
		choices = append(choices, c)
	}
	if len(items) == 0 {
		r.Errorf(n, "%s: the menu has no choices", state)
	}
	return choices
}

var askFields = []string{"save", "kind", "max_length", "tries", "retry", "next", "yes", "no", "give_up", "urgent_if", "optional"}

// Question defaults.
const (
	DefaultTries     = 2
	DefaultMaxLength = 500
)

func (r *nodeReader) ask(n *yaml.Node, state string) *Ask {
	what := state + ": ask"
	fields := r.Mapping(n, what, askFields...)
	a := &Ask{Kind: KindText, Tries: DefaultTries, Pos: r.Pos(yamlpos.Resolve(n))}
	if fields == nil {
		return a
	}
	if fl, ok := fields["save"]; ok {
		a.Save, _ = r.Name(fl.Value, what+": save")
	} else {
		r.Errorf(n, "%s has no \"save\" (the name the answer is saved under, e.g. save: where)", what)
	}
	if fl, ok := fields["kind"]; ok {
		if s, ok := r.Str(fl.Value, what+": kind"); ok {
			a.Kind = Kind(s)
			switch a.Kind {
			case KindText, KindYesNo, KindNumber, KindPlace, KindState:
			default:
				r.Errorf(fl.Value, "%s: unknown kind %q; use text, yes_no, number, place or state", what, s)
			}
		}
	}
	if fl, ok := fields["max_length"]; ok {
		if a.Kind != KindText {
			r.Errorf(fl.Key, "%s: max_length only applies to kind: text", what)
		}
		a.MaxLength = r.Integer(fl.Value, what+": max_length", 1, MaxTextLength)
	} else if a.Kind == KindText {
		a.MaxLength = DefaultMaxLength
	}
	if fl, ok := fields["tries"]; ok {
		a.Tries = r.Integer(fl.Value, what+": tries", 1, 10)
	}
	if fl, ok := fields["retry"]; ok {
		a.Retry = r.texts(fl.Value, what+": retry")
	} else {
		r.Errorf(n, "%s has no \"retry\" (what to say when the answer is not understood)", what)
	}
	for key, t := range map[string]*Target{"next": &a.Next, "yes": &a.Yes, "no": &a.No, "give_up": &a.GiveUp} {
		if fl, ok := fields[key]; ok {
			*t = r.target(fl.Value, what+": "+key)
			if (key == "yes" || key == "no") && a.Kind != KindYesNo {
				r.Errorf(fl.Key, "%s: %s only applies to kind: yes_no", what, key)
			}
		}
	}
	if fl, ok := fields["urgent_if"]; ok {
		if s, ok := r.Str(fl.Value, what+": urgent_if"); ok {
			if a.Kind != KindYesNo || s != "yes" {
				r.Errorf(fl.Value, "%s: urgent_if only works as \"urgent_if: yes\" on a yes_no question", what)
			}
			a.UrgentIf = s
		}
	}
	if fl, ok := fields["optional"]; ok {
		a.Optional = r.Boolean(fl.Value, what+": optional")
		if a.Optional && a.Kind == KindYesNo {
			r.Errorf(fl.Value, "%s: a yes_no question cannot be optional; NO is its other answer", what)
		}
	}
	return a
}

func (r *nodeReader) handoff(n *yaml.Node, state string) *Handoff {
	what := state + ": handoff"
	fields := r.Mapping(n, what, "queue", "urgent", "route")
	h := &Handoff{}
	if fields == nil {
		return h
	}
	if fl, ok := fields["route"]; ok {
		h.Route = r.Boolean(fl.Value, what+": route")
	}
	fl, hasQueue := fields["queue"]
	switch {
	case hasQueue && h.Route:
		r.Errorf(fl.Key, "%s has a queue and route: true; give one: a queue by name, or route: true for the roster's routing rules", what)
	case hasQueue:
		h.Queue, _ = r.Name(fl.Value, what+": queue")
	case h.Route:
		h.Queue = RouteQueue
	default:
		r.Errorf(n, "%s has no \"queue\" (the staff queue that takes the conversation, e.g. queue: national, or route: true for the roster's routing rules)", what)
	}
	if fl, ok := fields["urgent"]; ok {
		h.Urgent = r.Boolean(fl.Value, what+": urgent")
	}
	return h
}
