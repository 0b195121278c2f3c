package bot

import (
	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/flows"
)

// route picks the queue of a new handoff whose flow says route: true (its queue is
// flows.RouteQueue until here): the roster's routing rules, first match, from the texter's
// language, the state they gave and the need they chose. A roster without routing leaves it
// unresolved, and refuseUnknownQueue gives the texter the hotline; lint and the publish gate
// refuse that pairing before it runs.
func (d *Desk) route(c *Commit) {
	h := c.Session.Handoff
	if h == nil || h.Queue != flows.RouteQueue {
		return
	}
	q := d.CurrentRoster().Route(RouteTexter(c.Session.Lang, c.Session.Answers))
	if q == "" {
		return
	}
	h.Queue = q
	for i := range c.Effects {
		if e := &c.Effects[i]; e.Kind == HandoffRequested && e.Queue == flows.RouteQueue {
			e.Queue = q
		}
	}
}

// RouteTexter is what routing reads of a texter: their language, the state they gave (the
// answer "state", else a tip's place "where") and the need they chose.
func RouteTexter(lang string, answers map[string]string) roster.Texter {
	state := region.Of(answers[flows.FieldState])
	if state == "" {
		state = region.Of(answers[fieldWhere])
	}
	return roster.Texter{Lang: lang, State: state, Need: answers[flows.FieldNeed]}
}

// fieldWhere is the answer the built-in tip flow saves its place under.
const fieldWhere = "where"
