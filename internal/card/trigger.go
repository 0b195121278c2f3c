package card

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// ForTrigger is the card of a flow's campaign word: its words in the trigger's language, and
// as the line of what it offers the first sentence of the flow's first text ("For parents and
// caregivers." of "For parents and caregivers. Reply:"), unless line is given.
func ForTrigger(set *flows.Set, tr flows.Trigger, to, line string) Card {
	if line == "" {
		line = offer(set, tr)
	}
	return Card{To: to, Word: strings.ToUpper(tr.Word), Line: line, Lang: tr.Lang}
}

func offer(set *flows.Set, tr flows.Trigger) string {
	f, ok := set.Flow(tr.Flow)
	if !ok {
		return ""
	}
	st, ok := f.States[f.Start]
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(st.Say.Raw(tr.Lang), "\n")
	if strings.Contains(first, "{{") {
		return "" // a template is filled per texter, not printed
	}
	if i := strings.Index(first, ". "); i > 0 {
		return first[:i+1]
	}
	return strings.TrimSuffix(strings.TrimSpace(first), ":")
}
