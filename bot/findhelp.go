package bot

import (
	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/flows"
)

// MaxOffered is how many providers a find_help state offers a texter.
const MaxOffered = 3

// WithDirectory returns a copy of e whose find_help states offer providers of d (nil: none).
func (e *Engine) WithDirectory(d *directory.Directory) *Engine {
	c := *e
	c.dir = d
	return &c
}

// Directory returns the partner directory the engine offers; nil without one.
func (e *Engine) Directory() *directory.Directory { return e.dir }

// findHelp says st's text and then up to MaxOffered providers for the need and the state the
// texter gave, in their language, one SMS each (the directory's lint keeps each within 2
// segments). When none fits, the texter gets NoProviders (the hotline) instead of st's text,
// which would introduce a list.
func (t *turn) findHelp(st *flows.State) {
	rt := RouteTexter(t.Session.Lang, t.Session.Answers)
	need := rt.Need
	if need == "other" {
		need = "" // any service
	}
	found := t.e.dir.Find(need, rt.State, t.Session.Lang, MaxOffered)
	if len(found) == 0 {
		t.sayMsg(t.e.msgs.NoProviders)
		return
	}
	if st.Say.IsSet() {
		t.say(t.render(st.Say))
	}
	for _, p := range found {
		t.say(p.Contact(t.Session.Lang))
	}
}
