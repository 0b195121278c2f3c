package roster

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// Routing picks the queue of a handoff whose flow says route: true: the first rule that matches
// the texter, else Default.
type Routing struct {
	Rules   []Rule
	Default string
}

// Match is what a rule asks of a texter: each list it sets must hold the texter's value (an
// empty list asks nothing). A rule matches when all its lists do.
type Match struct {
	Languages []string // language codes: "es"
	States    []string // US postal codes: "TX"
	Needs     []string // flows.Needs
	Line      int      // where the rule is written
}

// Rule sends texters who match it to Queue.
type Rule struct {
	Match
	Queue string
}

// TipRule posts tips that match it to Channel; an urgent one mentions Queue's staff on shift
// (the roster's tips queue when Queue is "").
type TipRule struct {
	Match
	Channel string
	Queue   string
}

// Texter is what routing knows of a texter: their language, the US state they gave (a postal
// code, or "") and the need they chose (or "").
type Texter struct {
	Lang, State, Need string
}

func (m Match) matches(t Texter) bool {
	return in(m.Languages, t.Lang) && in(m.States, t.State) && in(m.Needs, t.Need)
}

func in(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }

// Describe says in words what the rule asks, for staff and lint: "language es, state TX".
func (m Match) Describe() string {
	var parts []string
	for _, p := range []struct {
		name string
		list []string
	}{{"language", m.Languages}, {"state", m.States}, {"need", m.Needs}} {
		if len(p.list) > 0 {
			parts = append(parts, p.name+" "+strings.Join(p.list, " or "))
		}
	}
	return strings.Join(parts, ", ")
}

// Route returns the queue for t: the first rule that matches, else the default. Without
// routing it returns "" (the desk then refuses the handoff; lint and the publish gate prevent it).
func (r *Roster) Route(t Texter) string {
	if r.Routing == nil {
		return ""
	}
	for _, rule := range r.Routing.Rules {
		if rule.matches(t) {
			return rule.Queue
		}
	}
	return r.Routing.Default
}

// TipRoute returns the channel a tip from t is posted to and the queue whose staff an urgent
// one alerts: the first tips rule that matches, else the national tips channel and queue.
func (r *Roster) TipRoute(t Texter) (channel, queue string) {
	for _, rule := range r.TipRules {
		if rule.matches(t) {
			if rule.Queue != "" {
				return rule.Channel, rule.Queue
			}
			return rule.Channel, r.TipsQueue
		}
	}
	return r.TipsChannel, r.TipsQueue
}

// IsTipsChannel reports whether ch is a channel tips are posted to.
func (r *Roster) IsTipsChannel(ch string) bool {
	return ch == r.TipsChannel || slices.ContainsFunc(r.TipRules, func(t TipRule) bool { return t.Channel == ch })
}

// QueueLabel names a queue for staff, with the languages it answers in: "spanish (es)".
func (r *Roster) QueueLabel(name string) string {
	q, ok := r.Queues[name]
	if !ok || len(q.Languages) == 0 {
		return name
	}
	return name + " (" + strings.Join(q.Languages, ", ") + ")"
}

// checkRouted reports a flow that routes by the roster's rules when the roster has none.
func (r *Roster) checkRouted(where string) *yamlpos.Problem {
	if r.Routing != nil {
		return nil
	}
	return &yamlpos.Problem{Pos: yamlpos.Pos{File: r.File},
		Msg: fmt.Sprintf("the flows route handoffs by the roster's rules (%s), but the roster has no \"routing\" (rules and a default queue)", where)}
}

// RouteQueue is flows.RouteQueue, for callers that list the queues flows use.
const RouteQueue = flows.RouteQueue
