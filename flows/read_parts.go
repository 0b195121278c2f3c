package flows

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

func (r *nodeReader) target(n *yaml.Node, what string) Target {
	s, ok := r.str(n, what)
	if !ok {
		return Target{}
	}
	return Target{Raw: s, Pos: r.pos(n)}
}

func (r *nodeReader) menu(n *yaml.Node, state string) []Choice {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, "%s: menu should be a list of choices, each starting with \"- choice:\"", state)
		return nil
	}
	items := n.Content
	var choices []Choice
	for i, item := range items {
		what := fmt.Sprintf("%s: menu choice %d", state, i+1)
		fields := r.mapping(item, what, "choice", "words", "next", "urgent")
		if fields == nil {
			continue
		}
		c := Choice{Pos: r.pos(resolve(item))}
		if fl, ok := fields["choice"]; ok {
			c.Key, _ = r.str(fl.value, what+": choice")
		} else {
			r.errorf(item, "%s has no \"choice\" (the number or word the texter replies with)", what)
		}
		if fl, ok := fields["words"]; ok {
			for _, w := range r.list(fl.value, what+": words") {
				if s, ok := r.str(w, what+": a word"); ok {
					c.Words = append(c.Words, s)
				}
			}
		}
		if fl, ok := fields["next"]; ok {
			c.Next = r.target(fl.value, what+": next")
		} else {
			r.errorf(item, "%s has no \"next\" (the state it leads to)", what)
		}
		if fl, ok := fields["urgent"]; ok {
			c.Urgent = r.boolean(fl.value, what+": urgent")
		}
		choices = append(choices, c)
	}
	if len(items) == 0 {
		r.errorf(n, "%s: the menu has no choices", state)
	}
	return choices
}

var askFields = []string{"save", "kind", "max_length", "tries", "retry", "next", "yes", "no", "give_up", "urgent_if"}

// Question defaults.
const (
	DefaultTries     = 2
	DefaultMaxLength = 500
)

func (r *nodeReader) ask(n *yaml.Node, state string) *Ask {
	what := state + ": ask"
	fields := r.mapping(n, what, askFields...)
	a := &Ask{Kind: KindText, Tries: DefaultTries, Pos: r.pos(resolve(n))}
	if fields == nil {
		return a
	}
	if fl, ok := fields["save"]; ok {
		a.Save, _ = r.name(fl.value, what+": save")
	} else {
		r.errorf(n, "%s has no \"save\" (the name the answer is saved under, e.g. save: where)", what)
	}
	if fl, ok := fields["kind"]; ok {
		if s, ok := r.str(fl.value, what+": kind"); ok {
			a.Kind = Kind(s)
			switch a.Kind {
			case KindText, KindYesNo, KindNumber, KindPlace:
			default:
				r.errorf(fl.value, "%s: unknown kind %q; use text, yes_no, number or place", what, s)
			}
		}
	}
	if fl, ok := fields["max_length"]; ok {
		if a.Kind != KindText {
			r.errorf(fl.key, "%s: max_length only applies to kind: text", what)
		}
		a.MaxLength = r.integer(fl.value, what+": max_length", 1, MaxTextLength)
	} else if a.Kind == KindText {
		a.MaxLength = DefaultMaxLength
	}
	if fl, ok := fields["tries"]; ok {
		a.Tries = r.integer(fl.value, what+": tries", 1, 10)
	}
	if fl, ok := fields["retry"]; ok {
		a.Retry = r.texts(fl.value, what+": retry")
	} else {
		r.errorf(n, "%s has no \"retry\" (what to say when the answer is not understood)", what)
	}
	for key, t := range map[string]*Target{"next": &a.Next, "yes": &a.Yes, "no": &a.No, "give_up": &a.GiveUp} {
		if fl, ok := fields[key]; ok {
			*t = r.target(fl.value, what+": "+key)
			if (key == "yes" || key == "no") && a.Kind != KindYesNo {
				r.errorf(fl.key, "%s: %s only applies to kind: yes_no", what, key)
			}
		}
	}
	if fl, ok := fields["urgent_if"]; ok {
		if s, ok := r.str(fl.value, what+": urgent_if"); ok {
			if a.Kind != KindYesNo || s != "yes" {
				r.errorf(fl.value, "%s: urgent_if only works as \"urgent_if: yes\" on a yes_no question", what)
			}
			a.UrgentIf = s
		}
	}
	return a
}

func (r *nodeReader) handoff(n *yaml.Node, state string) *Handoff {
	what := state + ": handoff"
	fields := r.mapping(n, what, "queue", "urgent")
	h := &Handoff{}
	if fields == nil {
		return h
	}
	if fl, ok := fields["queue"]; ok {
		h.Queue, _ = r.name(fl.value, what+": queue")
	} else {
		r.errorf(n, "%s has no \"queue\" (the staff queue that takes the conversation, e.g. queue: national)", what)
	}
	if fl, ok := fields["urgent"]; ok {
		h.Urgent = r.boolean(fl.value, what+": urgent")
	}
	return h
}
