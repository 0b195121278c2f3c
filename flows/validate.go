package flows

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// checker validates one flow against the set it belongs to.
type checker struct {
	f       *Flow
	flows   map[string]*Flow
	opts    Options
	lexicon *Lexicon
	probs   Problems
	// unreadable: a file of the set could not be read, so a flow that seems missing may be there.
	unreadable bool
}

func (c *checker) errorf(p Pos, format string, args ...any) {
	c.probs = append(c.probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) warnf(p Pos, format string, args ...any) {
	c.probs = append(c.probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (c *checker) check() Problems {
	f := c.f
	if _, ok := f.States[f.Start]; !ok && f.Start != "" {
		c.errorf(f.startPos, "start is %q, but the flow has no state of that name%s", f.Start, yamlpos.Suggest(f.Start, f.Order))
	}
	saved := c.savedFields()
	for _, name := range f.Order {
		st := f.States[name]
		if !st.partial { // a state read with errors may lack the field it misspelt
			c.checkShape(st)
		}
		c.checkTargets(st) // before the texts: the keyword-trap check follows menu targets
		c.checkMenu(st)
		if !st.partial && len(f.Languages) > 0 {
			c.checkTexts(st, saved)
		}
		c.checkConsent(st)
	}
	if len(f.Languages) > 0 {
		c.checkLanguages()
	}
	c.checkFirstText()
	return c.probs
}

// checkShape makes sure a state does exactly one thing after it speaks.
func (c *checker) checkShape(st *State) {
	var does []string
	if len(st.Menu) > 0 {
		does = append(does, "a menu")
	}
	if st.Ask != nil {
		does = append(does, "an ask")
	}
	if st.Next.IsSet() {
		does = append(does, "a next")
	}
	if st.Handoff != nil {
		does = append(does, "a handoff")
	}
	if st.End {
		does = append(does, "end: true")
	}
	what := fmt.Sprintf("state %q", st.Name)
	switch {
	case len(does) == 0:
		c.errorf(st.Pos, "%s has no way out: give it a menu, an ask, a next, a handoff or end: true", what)
	case len(does) > 1:
		c.errorf(st.Pos, "%s has %s; a state does only one of these", what, strings.Join(does, " and "))
	}
	if !st.Say.IsSet() && (len(st.Menu) > 0 || st.Ask != nil || st.Handoff != nil) {
		c.errorf(st.Pos, "%s has nothing to say: a state with a menu, an ask or a handoff needs say", what)
	}
	if st.Retry.IsSet() && len(st.Menu) == 0 {
		c.errorf(st.Retry.pos, "%s: retry here only applies to a menu; a question's retry goes inside ask", what)
	}
	if a := st.Ask; a != nil && a.Kind == KindYesNo {
		if !a.Next.IsSet() && !(a.Yes.IsSet() && a.No.IsSet()) {
			c.errorf(a.Pos, "%s: a yes_no question needs yes and no, or next", what)
		}
		if !a.Next.IsSet() && !a.GiveUp.IsSet() {
			c.errorf(a.Pos, "%s: a yes_no question without next needs give_up (where to go after too many unclear answers)", what)
		}
	} else if a != nil && !a.Next.IsSet() {
		c.errorf(a.Pos, "%s: the question has no next (where to go after the answer)", what)
	}
}

// eachTarget calls fn with every target a state names and words describing it.
func eachTarget(st *State, fn func(t *Target, what string)) {
	for i := range st.Menu {
		fn(&st.Menu[i].Next, fmt.Sprintf("menu choice %q", st.Menu[i].Key))
	}
	if st.Next.IsSet() {
		fn(&st.Next, "next")
	}
	if a := st.Ask; a != nil {
		for _, t := range []struct {
			t    *Target
			what string
		}{{&a.Next, "next"}, {&a.Yes, "yes"}, {&a.No, "no"}, {&a.GiveUp, "give_up"}} {
			if t.t.IsSet() {
				fn(t.t, "ask: "+t.what)
			}
		}
	}
}

// checkTargets resolves every target of st to a state ID.
func (c *checker) checkTargets(st *State) {
	eachTarget(st, func(t *Target, what string) {
		id, msg := c.resolve(t.Raw)
		if msg != "" {
			c.errorf(t.Pos, "state %q: %s goes to %q, %s", st.Name, what, t.Raw, msg)
			return
		}
		t.ID = id
	})
}

func (c *checker) resolve(raw string) (id, problem string) {
	flowName, stateName, qualified := strings.Cut(raw, ".")
	if !qualified {
		if _, ok := c.f.States[raw]; ok {
			return c.f.Name + "." + raw, ""
		}
		if other, ok := c.flows[raw]; ok {
			return "", fmt.Sprintf("which is not a state of this flow; to go to flow %q write %s.%s", raw, raw, other.Start)
		}
		return "", "which is not a state of this flow" + yamlpos.Suggest(raw, c.f.Order)
	}
	other, ok := c.flows[flowName]
	if !ok && c.unreadable {
		return raw, "" // it may be the flow of the file that could not be read
	}
	if !ok {
		return "", fmt.Sprintf("but there is no flow %q%s", flowName, yamlpos.Suggest(flowName, sortedKeys(c.flows)))
	}
	if _, ok := other.States[stateName]; !ok {
		return "", fmt.Sprintf("but flow %q has no state %q%s", flowName, stateName, yamlpos.Suggest(stateName, other.Order))
	}
	return raw, ""
}

// savedFields maps the answers this flow's questions save, and the fields the engine fills, to
// the most characters each can hold.
func (c *checker) savedFields() map[string]int {
	saved := map[string]int{FieldTipCode: TipCodeLength, FieldAlias: AliasLength}
	for _, st := range c.f.States {
		if st.Ask != nil && st.Ask.Save != "" {
			saved[st.Ask.Save] = max(saved[st.Ask.Save], st.Ask.Longest())
		}
	}
	return saved
}

// checkTexts checks translations, template fields and SMS length of every text of st.
func (c *checker) checkTexts(st *State, saved map[string]int) {
	texts := map[string]Texts{"say": st.Say, "retry": st.Retry}
	if st.Ask != nil {
		texts["ask: retry"] = st.Ask.Retry
	}
	for what, t := range texts {
		if !t.IsSet() {
			continue
		}
		for _, lang := range c.f.Languages {
			if _, ok := t.byLang[lang]; !ok {
				c.errorf(t.pos, "state %q: %s has no %q text (the flow's languages are %s)", st.Name, what, lang, strings.Join(c.f.Languages, ", "))
			}
		}
		for lang, tpl := range t.byLang {
			if !yamlpos.Contains(c.f.Languages, lang) {
				c.errorf(tpl.pos, "state %q: %s has a text in %q, which is not one of the flow's languages (%s)", st.Name, what, lang, strings.Join(c.f.Languages, ", "))
				continue
			}
			for _, field := range tpl.Fields() {
				if _, ok := saved[field]; !ok {
					c.errorf(tpl.pos, "state %q: the %s text uses {{%s}}, which no question in this flow saves%s", st.Name, lang, field, savedList(saved))
				}
			}
			c.checkLength(st, lang, tpl, saved)
			c.checkPreview(st, lang, tpl)
			c.checkInvitations(st, lang, tpl)
			c.checkLinks(st, lang, tpl)
		}
	}
}

func savedList(saved map[string]int) string {
	var names []string
	for n := range saved {
		if n != FieldTipCode && n != FieldAlias {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return " (saved here: " + strings.Join(names, ", ") + ")"
}

// checkLength warns when a text, with its placeholders at their longest, needs more than two
// SMS segments.
func (c *checker) checkLength(st *State, lang string, tpl Template, saved map[string]int) {
	m := MeasureSMS(tpl.Longest(func(field string) int { return saved[field] }))
	if m.Segments <= 2 {
		return
	}
	limit := 2 * gsmPart
	if m.Encoding == UCS2 {
		limit = 2 * ucs2Part
	}
	hint := ""
	if m.Encoding == UCS2 {
		hint = "; letters such as á, í, ó, ú and emoji switch the whole text to UCS-2"
	}
	if len(tpl.Fields()) > 0 {
		hint += "; it is measured with each {{field}} at its longest: show less with {{field:30}}"
	}
	c.warnf(tpl.pos, "state %q: the %s text is %d SMS segments (%d %s characters); keep it within 2 segments (%d)%s",
		st.Name, lang, m.Segments, m.Units, m.Encoding, limit, hint)
}

// checkMenu finds answers that pick two choices, and answers that are global keywords.
func (c *checker) checkMenu(st *State) {
	type first struct {
		choice int
		raw    string
	}
	seen := map[string]first{}
	for i := range st.Menu {
		ch := &st.Menu[i]
		ch.keys = nil
		for _, raw := range append([]string{ch.Key}, ch.Words...) {
			k := Key(raw)
			what := fmt.Sprintf("state %q: menu choice %q", st.Name, ch.Key)
			if k == "" {
				c.errorf(ch.Pos, "%s: %q has no letters or digits to match", what, raw)
				continue
			}
			if kw := c.opts.reserved(k); kw != "" {
				c.errorf(ch.Pos, "%s: %q is the global keyword %s, which always wins, so it would never pick this choice", what, raw, kw)
				continue
			}
			if c.opts.danger(raw) || c.lexicon.HasDanger(raw) {
				c.errorf(ch.Pos, "%s: %q holds a danger phrase, so it would never pick this choice: the texter is offered a person instead", what, raw)
				continue
			}
			if f, dup := seen[k]; dup {
				if f.choice == i {
					c.errorf(ch.Pos, "%s: %q and %q are the same answer (case, accents, spaces and punctuation are ignored)", what, f.raw, raw)
				} else {
					c.errorf(ch.Pos, "%s: %q is the same answer as %q, which picks choice %q (case, accents, spaces and punctuation are ignored)",
						what, raw, f.raw, st.Menu[f.choice].Key)
				}
				continue
			}
			seen[k] = first{i, raw}
			ch.keys = append(ch.keys, k)
		}
	}
}

// checkLanguages makes every flow speak the main flow's languages, so a texter never meets a
// flow that cannot speak to them.
func (c *checker) checkLanguages() {
	main, ok := c.flows[c.opts.main()]
	if !ok || main == c.f || len(main.Languages) == 0 || strings.Join(main.Languages, ",") == strings.Join(c.f.Languages, ",") {
		return
	}
	c.errorf(c.f.pos, "flow %q has languages %s but flow %q has %s; every flow needs the same languages, in the same order",
		c.f.Name, strings.Join(c.f.Languages, ", "), main.Name, strings.Join(main.Languages, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// MeasureLongest measures a text of f as lint does: with each placeholder at the longest value
// it can show (an answer at its question's maximum length, a tip code at its real length).
func (f *Flow) MeasureLongest(tpl Template) SMSInfo {
	saved := (&checker{f: f}).savedFields()
	return MeasureSMS(tpl.Longest(func(field string) int { return saved[field] }))
}
