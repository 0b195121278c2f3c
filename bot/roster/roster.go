// Package roster reads the on-call roster (FRONTDOOR_ONCALL): the staff queues, each with its
// Slack channel, time zone, weekly shifts, backups and escalation delays, and the tips channel.
// It answers who is on shift at a given time. Problems are reported like flows: file:line:col and
// plain words.
//
// Imports: bot/region, flows and internal/yamlpos. bot imports it (the desk's queues); it imports
// nothing of bot itself.
package roster

import (
	"fmt"
	"slices"
	"time"

	"github.com/nhttf/frontdoor/internal/yamlpos"
)

// Roster is a checked on-call roster. It is read-only and safe to share.
type Roster struct {
	File         string
	TipsChannel  string // where tips are posted
	TipsQueue    string // whose on-shift staff are mentioned for an urgent tip
	Queues       map[string]*Queue
	ContactEmail string // optional, shown in /frontdoor help
	// Routing picks the queue of a handoff whose flow says route: true (route.go); nil when the
	// roster has none.
	Routing *Routing
	// TipRules post tips by region or language to other channels than TipsChannel, in order.
	TipRules []TipRule
}

// Queue is a group of staff who take handoffs.
type Queue struct {
	Name          string
	Channel       string   // Slack channel ID, e.g. C0123ABCD
	Languages     []string // the languages its staff answer in, shown in Transfer; optional
	Location      *time.Location
	EscalateAfter time.Duration // unclaimed this long: mention the backups
	HotlineAfter  time.Duration // unclaimed this long: the texter gets the hotline message
	// The same for an urgent handoff (someone may be in danger now), which also mentions the
	// backups as soon as it is posted.
	UrgentEscalateAfter time.Duration
	UrgentHotlineAfter  time.Duration
	Backup              []string // Slack user IDs
	Shifts              []Shift
}

// Shift is a weekly time window and who works it. A window whose end is before its start runs
// past midnight into the next day.
type Shift struct {
	Days     [7]bool // by time.Weekday: Sunday is 0
	From, To int     // minutes after midnight, local time
	Staff    []string
}

// Default escalation delays.
const (
	DefaultEscalateAfter       = 3 * time.Minute
	DefaultHotlineAfter        = 10 * time.Minute
	DefaultUrgentEscalateAfter = time.Minute
	DefaultUrgentHotlineAfter  = 3 * time.Minute
)

// Delays returns the queue's escalation delays for a handoff, urgent or not.
func (q *Queue) Delays(urgent bool) (escalate, hotline time.Duration) {
	if urgent {
		return q.UrgentEscalateAfter, q.UrgentHotlineAfter
	}
	return q.EscalateAfter, q.HotlineAfter
}

// OnShift returns the staff on shift in q at t, without repeats, in roster order.
func (q *Queue) OnShift(t time.Time) []string {
	local := t.In(q.Location)
	minute := local.Hour()*60 + local.Minute()
	today, yesterday := local.Weekday(), (local.Weekday()+6)%7
	var out []string
	for _, s := range q.Shifts {
		var on bool
		if s.From < s.To {
			on = s.Days[today] && minute >= s.From && minute < s.To
		} else { // overnight: the part after midnight belongs to the day the shift started
			on = (s.Days[today] && minute >= s.From) || (s.Days[yesterday] && minute < s.To)
		}
		if !on {
			continue
		}
		for _, u := range s.Staff {
			if !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

// Members returns everyone who may answer for q: every shift's staff and the backups.
func (q *Queue) Members() []string {
	var out []string
	for _, s := range q.Shifts {
		for _, u := range s.Staff {
			if !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	for _, u := range q.Backup {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// IsMember reports whether user may answer for any queue.
func (r *Roster) IsMember(user string) bool {
	for _, q := range r.Queues {
		if slices.Contains(q.Members(), user) {
			return true
		}
	}
	return false
}

// QueueByChannel returns the queue whose channel is ch.
func (r *Roster) QueueByChannel(ch string) (*Queue, bool) {
	for _, q := range r.Queues {
		if q.Channel == ch {
			return q, true
		}
	}
	return nil, false
}

// CheckQueues reports each queue a flow hands off to that the roster lacks, and flows that route
// by the roster's rules (the key RouteQueue) when the roster has no routing.
func (r *Roster) CheckQueues(used map[string]string) yamlpos.Problems {
	var probs yamlpos.Problems
	for q, where := range used {
		if q == RouteQueue {
			if p := r.checkRouted(where); p != nil {
				probs = append(probs, *p)
			}
			continue
		}
		if _, ok := r.Queues[q]; !ok {
			probs = append(probs, yamlpos.Problem{Pos: yamlpos.Pos{File: r.File},
				Msg: fmt.Sprintf("the flows hand off to queue %q (%s), which the roster does not have", q, where)})
		}
	}
	return probs.Sorted()
}
