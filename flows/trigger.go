package flows

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/nhttf/frontdoor/internal/yamlpos"
	"go.yaml.in/yaml/v3"
)

// Trigger is a campaign word: a message that is only this word, sent as a first message or at
// any point outside a handoff and outside a question, starts the flow's start state in Lang. A
// church that prints "Text PARENTS to ..." gets its texters straight to the parents' track.
type Trigger struct {
	Word string // as written, e.g. "PARENTS"
	Lang string // the language it starts the flow in
	Flow string // the flow it starts
	Pos  Pos
	key  string // Word folded with Key
}

// Key returns the trigger's word folded with Key, as a message that is the word folds.
func (t Trigger) Key() string { return t.key }

// maxTriggerLength bounds a campaign word, folded.
const maxTriggerLength = 30

// readTriggers reads a flow's triggers: a mapping from language to a list of words.
func (r *nodeReader) readTriggers(f *Flow, n *yaml.Node) {
	n = yamlpos.Resolve(n)
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "triggers should list words by language, like en: [PARENTS] and es: [PADRES], not %s", yamlpos.Describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		lang := n.Content[i].Value
		for _, w := range r.List(n.Content[i+1], "triggers: "+lang) {
			if s, ok := r.Str(w, "triggers: a word"); ok {
				f.Triggers = append(f.Triggers, Trigger{Word: s, Lang: lang, Flow: f.Name, Pos: r.Pos(w), key: Key(s)})
			}
		}
	}
}

// checkTriggers checks every flow's triggers against the flows' languages, the global keywords,
// the danger and quick-exit words, every menu answer, first_text words and each other, and
// returns the good ones by folded word. Checked across the set, so that a clash names both sides.
func checkTriggers(byName map[string]*Flow, lx *Lexicon, opts Options) (map[string]Trigger, Problems) {
	var probs Problems
	errorf := func(p Pos, format string, args ...any) {
		probs = append(probs, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
	}
	good := map[string]Trigger{}
	for _, name := range sortedKeys(byName) {
		f := byName[name]
		for _, tr := range f.Triggers {
			what := fmt.Sprintf("trigger %q (%s)", tr.Word, tr.Lang)
			if !yamlpos.Contains(f.Languages, tr.Lang) {
				errorf(tr.Pos, "%s: %q is not one of this flow's languages (%s)", what, tr.Lang, strings.Join(f.Languages, ", "))
				continue
			}
			if clash := triggerClash(tr, byName, lx, opts, good); clash != "" {
				errorf(tr.Pos, "%s %s", what, clash)
				continue
			}
			good[tr.key] = tr
		}
	}
	return good, probs
}

// triggerClash says what is wrong with tr, or "".
func triggerClash(tr Trigger, byName map[string]*Flow, lx *Lexicon, opts Options, good map[string]Trigger) string {
	switch {
	case strings.ContainsFunc(strings.TrimSpace(tr.Word), unicode.IsSpace) || !strings.ContainsFunc(tr.key, unicode.IsLetter):
		return "should be one word with letters, like PARENTS"
	case len(tr.key) > maxTriggerLength || strings.ContainsFunc(tr.key, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }):
		return fmt.Sprintf("should be at most %d letters a to z or digits (accents and case are ignored), so that it can be counted and printed", maxTriggerLength)
	case opts.reserved(tr.key) != "":
		return fmt.Sprintf("is the global keyword %s, which always wins; pick another word", opts.reserved(tr.key))
	case opts.danger(tr.Word) || lx.HasDanger(tr.Word):
		return "holds a danger phrase, so it would offer a person instead; pick another word"
	}
	if other, ok := good[tr.key]; ok {
		if other.Flow == tr.Flow {
			return fmt.Sprintf("is already a trigger of this flow in %s (%s); a trigger starts one language, so give each its own word", other.Lang, other.Pos)
		}
		return fmt.Sprintf("is already a trigger of flow %q (%s); a word can start only one flow", other.Flow, other.Pos)
	}
	for _, name := range sortedKeys(byName) {
		f := byName[name]
		if ft := f.FirstText; ft != nil {
			for _, w := range ft.Words {
				if Key(w) == tr.key {
					return fmt.Sprintf("is a first_text word of flow %q (%s); a word can start only one flow", name, ft.Pos)
				}
			}
		}
		for _, sn := range f.Order {
			st := f.States[sn]
			for _, ch := range st.Menu {
				for _, raw := range append([]string{ch.Key}, ch.Words...) {
					if Key(raw) == tr.key {
						return fmt.Sprintf("is the answer %q of menu choice %q of state %s (%s): a trigger always wins over a menu answer, so take one of them out",
							raw, ch.Key, st.ID, ch.Pos)
					}
				}
			}
		}
	}
	return ""
}

// Trigger returns the trigger a whole message is, if it is one.
func (s *Set) Trigger(body string) (Trigger, bool) {
	if len(s.triggers) == 0 || len(body) > 64 {
		return Trigger{}, false
	}
	tr, ok := s.triggers[Key(body)]
	return tr, ok
}

// Triggers returns every trigger of the set, sorted by flow, then language, then word.
func (s *Set) Triggers() []Trigger {
	out := make([]Trigger, 0, len(s.triggers))
	for _, tr := range s.triggers {
		out = append(out, tr)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Flow != b.Flow {
			return a.Flow < b.Flow
		}
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.key < b.key
	})
	return out
}
