package bot

import (
	"slices"

	"github.com/nhttf/frontdoor/flows"
	"strconv"
	"strings"
	"time"
)

var zeroTime time.Time

// OnTurn implements TurnHook: it does the desk's part of a texter's turn, before its commit: a new handoff gets its Ref
// and escalation (and, after hours, the texter's hotline reply at once, with the question whether
// staff may text back later); the texter's messages, the engine's notes and a handoff's end name
// the handoff and its thread; an ended handoff's thread is closed; a handoff the texter's words
// made urgent is redrawn, announced and escalated sooner. old is the session as loaded; c holds
// the engine's result.
func (d *Desk) OnTurn(old Session, c *Commit, now time.Time) {
	d.route(c)
	d.refuseUnknownQueue(c)
	s := &c.Session
	msgs := d.messages()
	for i := range c.Effects {
		e := &c.Effects[i]
		switch e.Kind {
		case HandoffRequested:
			if h := s.Handoff; h != nil {
				h.Ref = handoffRef(s.Alias, now, s.Version+1)
				e.Handoff = h.Ref
				if d.open(h, now) {
					c.Replies = append(c.Replies, texts(msgs.AfterHours, s.Lang)...)
					c.Replies = append(c.Replies, texts(msgs.AskMayText, s.Lang)...)
					s.Pending = PendingMayText
				}
			}
		case TexterMessage, DeskNote:
			if h := s.Handoff; h != nil {
				e.Handoff, e.Thread, e.TipCode = h.Ref, h.Thread, h.Tip
			}
		case HandoffEnded:
			if h := old.Handoff; h != nil {
				e.Handoff, e.Thread, e.Urgent, e.TipCode = h.Ref, h.Thread, h.Urgent, h.Tip
				if e.Text != EndedByErasure && e.Text != EndedByQuickExit {
					e.Answers = old.Answers // the texter's words stay out of an erased conversation's end
				}
				c.Closed = h.Thread
			}
		case Erased:
			if h := old.Handoff; h != nil {
				e.Handoff, e.Thread = h.Ref, h.Thread
			}
			e.Threads = slices.Clone(old.Threads)
		}
	}
	if h, was := s.Handoff, old.Handoff; h != nil && was != nil && h.Ref == was.Ref && h.Urgent && !was.Urgent {
		d.becameUrgent(c, now)
	}
}

// becameUrgent handles a handoff the texter's words made urgent: the post is redrawn as
// urgent, the thread is told (mentioning the owner, or everyone on shift and the backups), and
// an unclaimed handoff's next escalation step comes on the urgent delays.
func (d *Desk) becameUrgent(c *Commit, now time.Time) {
	s := &c.Session
	h := s.Handoff
	q, ok := d.CurrentRoster().Queues[h.Queue]
	who := []string{h.Owner}
	status := StatusClaimed
	if h.Owner == "" {
		status = ""
		if ok {
			who = append(q.OnShift(now), q.Backup...)
		}
		if ok && !h.Due.IsZero() {
			esc, hot := q.Delays(true)
			step := esc
			if h.Escalated {
				step = hot
			}
			if due := later(now, h.Opened.Add(step)); due.Before(h.Due) {
				h.Due = due
			}
		}
	}
	update := NewDeskUpdate(DeskUpdateFields{Status: status, User: h.Owner, Urgent: true, Answers: s.Answers,
		Handoff: h.Ref, Thread: h.Thread, Queue: h.Queue, TipCode: h.Tip})
	note := NewDeskNote(DeskNoteAbout(h, noteBecameUrgent(who), postKey("urgent", c.MessageID)))
	c.Effects = append(c.Effects, update.stamped(s.Texter, s, now), note.stamped(s.Texter, s, now))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// refuseUnknownQueue handles a handoff to a queue the roster does not have (a flow published
// without the roster's check, or a roster reloaded since): nobody would ever see it, so instead
// of "connecting you" the texter is given the hotline and 911 at once, the handoff does not
// open, and the error is logged for operators. Publishing and roster reloads refuse this; it is
// the last line.
func (d *Desk) refuseUnknownQueue(c *Commit) {
	h := c.Session.Handoff
	if h == nil || !slices.ContainsFunc(c.Effects, func(e Effect) bool { return e.Kind == HandoffRequested }) {
		return
	}
	if _, ok := d.CurrentRoster().Queues[h.Queue]; ok {
		return
	}
	msg := "a flow hands off to a queue the on-call roster does not have: the texter was given the hotline instead"
	if h.Queue == flows.RouteQueue {
		msg = "a flow routes its handoff by the roster's rules, but the on-call roster has no routing: the texter was given the hotline instead"
	}
	d.log.Error(msg, "queue", h.Queue, "alias", c.Session.Alias)
	c.Effects = slices.DeleteFunc(c.Effects, func(e Effect) bool { return e.Kind == HandoffRequested })
	s := &c.Session
	s.Handoff = nil
	s.Flow, s.State, s.Tries, s.Urgent = "", "", 0, false
	c.Replies = texts(d.messages().NoStaff, s.Lang)
}

// open starts a new handoff's escalation in its queue: the first step is due EscalateAfter (for
// an urgent one UrgentEscalateAfter) from now. With nobody on shift it is after hours: the post
// mentions the backups at once and the texter is told about the hotline and 911 now, so no step
// is left; open reports true.
func (d *Desk) open(h *Handoff, now time.Time) (afterHours bool) {
	q, ok := d.CurrentRoster().Queues[h.Queue]
	if !ok {
		return false // serve refuses a roster without the flows' queues
	}
	if len(q.OnShift(now)) == 0 {
		h.Escalated, h.Hotline, h.Due = true, true, zeroTime
		return true
	}
	escalate, _ := q.Delays(h.Urgent)
	h.Due = now.Add(escalate)
	return false
}

// handoffRef names a handoff: the alias, the opening time in base 36 milliseconds and the
// session version it opened at. It is unique per texter (versions only grow while the session
// lives, and a new session draws a new alias) and holds nothing of the number.
func handoffRef(alias string, now time.Time, version int64) string {
	return alias + "-" + strconv.FormatInt(now.UnixMilli(), 36) + "-" + strconv.FormatInt(version, 10)
}

// tsTime reads a Slack message ts ("1712345678.000200") as a time; the zero time if it is not one.
func tsTime(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}
	}
	us, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return time.Unix(s, us*1000)
}
