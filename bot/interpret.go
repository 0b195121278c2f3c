package bot

import (
	"strings"

	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/flows"
)

// mediaNote stands in for attachments, which are never fetched.
const mediaNote = "[photo received]"

// interpret reads the message as an answer to st and returns the event it causes, saving the
// answer when it is good.
func (t *turn) interpret(st *flows.State) string {
	body := t.in.Body
	if len(st.Menu) > 0 {
		return t.choose(st, body)
	}
	a := st.Ask
	var value string
	ok := false
	event := flows.EventAnswer
	if a.Optional && skips(body) {
		return flows.EventAnswer // nothing saved
	}
	switch a.Kind {
	case flows.KindText:
		if t.in.Media > 0 {
			body = strings.TrimSpace(body + " " + mediaNote)
		}
		value, ok = freeText(body, a.MaxLength)
	case flows.KindNumber:
		value, ok = number(body)
	case flows.KindPlace:
		value, ok = place(body)
	case flows.KindState:
		value = region.Of(body)
		ok = value != "" && !region.Ambiguous(body)
	case flows.KindYesNo:
		var yes bool
		if yes, ok = yesNo(body); ok {
			value, event = "no", flows.EventNo
			if yes {
				value, event = "yes", flows.EventYes
				if a.UrgentIf == "yes" {
					t.Session.Urgent = true
				}
			}
		}
	}
	if !ok {
		return flows.EventRetry
	}
	t.Session.setAnswer(a.Save, value)
	return event
}

// choose matches a menu answer: the whole message, else its first word ("2 please").
func (t *turn) choose(st *flows.State, body string) string {
	i := -1
	if len(body) <= 100 {
		i = st.MatchChoice(flows.Key(body))
	}
	if i < 0 {
		if first, _, found := strings.Cut(strings.TrimSpace(body), " "); found {
			i = st.MatchChoice(flows.Key(first))
		}
	}
	if i < 0 {
		return flows.EventRetry
	}
	if st.Menu[i].Urgent {
		t.Session.Urgent = true
	}
	if need := st.Menu[i].Need; need != "" {
		t.Session.setAnswer(flows.FieldNeed, need)
	}
	return st.ChoiceEvent(i)
}

// skips reports whether a message answers an optional question with SKIP (or OMITIR, SALTAR).
func skips(body string) bool {
	k := flows.Key(body)
	for _, w := range flows.SkipWords {
		if k == w {
			return true
		}
	}
	return false
}
