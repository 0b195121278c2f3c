package transcript

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// effectKinds are the effects a texter's message can cause, as a transcript names them (kindsOf).
var effectKinds = []string{string(bot.HandoffRequested), string(bot.TexterMessage),
	string(bot.TexterMessage) + "(" + bot.MarkHelp + ")", string(bot.HandoffEnded),
	string(bot.TipSubmitted), string(bot.TipAdded), string(bot.Erased)}

// flagNames are the flags a step may expect, in the order they are compared.
var flagNames = []string{FlagUrgent, FlagOptedOut, FlagHandoff}

// Check reports the expectations of t that can never hold against set: a state, language, flag
// or effect that does not exist (with a suggestion), an answer no question saves, flags out of
// order, a silent step that expects replies.
func Check(t *Transcript, set *flows.Set) flows.Problems {
	c := &checkCtx{t: t, set: set, states: stateIDs(set), saves: savedNames(set)}
	for i := range t.Steps {
		c.step(i+1, &t.Steps[i])
	}
	return c.probs
}

type checkCtx struct {
	t      *Transcript
	set    *flows.Set
	states []string
	saves  []string
	probs  flows.Problems
}

func (c *checkCtx) errorf(p flows.Pos, warning bool, format string, args ...any) {
	if p.File == "" {
		p.File = c.t.File
	}
	c.probs = append(c.probs, flows.Problem{Pos: p, Msg: fmt.Sprintf(format, args...), Warning: warning})
}

func (c *checkCtx) step(n int, s *Step) {
	what := fmt.Sprintf("step %d", n)
	if s.State != nil && *s.State != "" && !slices.Contains(c.states, *s.State) {
		c.errorf(s.pos["state"], false, "%s: state %q is not a state of the flows%s", what, *s.State, c.suggestState(*s.State))
	}
	if s.Lang != "" && !slices.Contains(c.set.Languages, s.Lang) {
		c.errorf(s.pos["lang"], false, "%s: lang %q is not one of the flows' languages (%s)", what, s.Lang, strings.Join(c.set.Languages, ", "))
	}
	if s.Flags != nil {
		c.names(s.pos["flags"], what, "flag", *s.Flags, flagNames)
		if ordered := inOrder(*s.Flags, flagNames); !slices.Equal(ordered, *s.Flags) && len(ordered) == len(*s.Flags) {
			c.errorf(s.pos["flags"], false, "%s: flags are compared in the order %s: write [%s]", what,
				strings.Join(flagNames, ", "), strings.Join(ordered, ", "))
		}
	}
	if s.Effects != nil {
		c.names(s.pos["effects"], what, "effect", *s.Effects, effectKinds)
	}
	for _, name := range sortedKeys(s.Saved) {
		if !slices.Contains(c.saves, name) {
			empty := s.Saved[name] == ""
			hint := "; it can never be saved"
			if empty {
				hint = "; it is always empty"
			}
			c.errorf(s.pos["saved."+name], empty, "%s: saved %q: no question of the flows saves an answer by that name%s%s",
				what, name, yamlpos.Suggest(name, c.saves), hint)
		}
	}
	if s.Silent && (len(s.Contains) > 0 || (s.Replies != nil && len(*s.Replies) > 0)) {
		c.errorf(s.pos["silent"], false, "%s: silent: true expects no reply, but the step also expects replies or contains", what)
	}
}

// names reports the entries of got that are not among known.
func (c *checkCtx) names(p flows.Pos, what, kind string, got, known []string) {
	for _, g := range got {
		if !slices.Contains(known, g) {
			c.errorf(p, false, "%s: unknown %s %q%s; the %ss are %s", what, kind, g, yamlpos.Suggest(g, known), kind, strings.Join(known, ", "))
		}
	}
}

// suggestState suggests the state meant: a close ID, or the ID of a state written without its flow.
func (c *checkCtx) suggestState(s string) string {
	if hint := yamlpos.Suggest(s, c.states); hint != "" {
		return hint
	}
	var matches []string
	for _, id := range c.states {
		if strings.HasSuffix(id, "."+s) {
			matches = append(matches, id)
		}
	}
	if len(matches) > 0 {
		return fmt.Sprintf("; write it as flow.state, like %s", strings.Join(matches, " or "))
	}
	return "; a state is written as flow.state, like main.welcome, or \"\" when no flow runs"
}

func stateIDs(set *flows.Set) []string {
	var out []string
	for _, f := range set.Flows() {
		for _, name := range f.Order {
			out = append(out, f.Name+"."+name)
		}
	}
	return out
}

// savedNames are the answers the flows save, and the fields the engine fills.
func savedNames(set *flows.Set) []string {
	out := []string{flows.FieldTipCode, flows.FieldAlias}
	for _, f := range set.Flows() {
		for _, st := range f.States {
			if st.Ask != nil && st.Ask.Save != "" && !slices.Contains(out, st.Ask.Save) {
				out = append(out, st.Ask.Save)
			}
			for _, ch := range st.Menu {
				if ch.Need != "" && !slices.Contains(out, flows.FieldNeed) {
					out = append(out, flows.FieldNeed)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// inOrder returns the entries of got that are in order, ordered as order lists them.
func inOrder(got, order []string) []string {
	var out []string
	for _, o := range order {
		if slices.Contains(got, o) {
			out = append(out, o)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
