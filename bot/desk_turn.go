package bot

import (
	"strconv"
	"time"
)

// deskTurn is the working state of one Action: a copy of the session to change, and what the
// decision causes.
type deskTurn struct {
	d   *Desk
	a   Action
	s   Session  // the new session
	h   *Handoff // the handoff the action concerns, as it was (effects name its Ref and thread)
	now time.Time

	effects []Effect
	closed  Thread
	say     string
	stale   bool
	gone    bool // a web chat visitor whose page is closed: nothing can be sent (webchat.go)
}

func newDeskTurn(d *Desk, s Session, a Action) *deskTurn {
	t := &deskTurn{d: d, a: a, s: s.Clone(), now: d.clock.Now()}
	if t.s.Handoff != nil {
		h := *t.s.Handoff
		t.h = &h
	}
	return t
}

func (t *deskTurn) decide() {
	switch t.a.Kind {
	case ActReply:
		t.reply()
	case ActClaim:
		t.claim()
	case ActClose:
		t.close()
	case ActTransfer:
		t.transfer()
	case ActConfirm:
		t.confirm()
	case ActDiscard:
		t.discard()
	case ActPosted:
		t.posted()
	case ActTick:
		t.tick()
	case ActSent:
		t.sent()
	case ActFailed:
		t.failed()
	case ActUndelivered:
		t.undelivered()
	case ActUnsure:
		t.unsure()
	case ActResend:
		t.resend()
	case ActAskTipster:
		t.askTipster()
	case ActSay:
		t.sayPrepared()
	case ActRefer:
		t.refer()
	}
}

// emit adds an effect about the conversation: the texter key, alias, time and language, and the
// handoff's Ref, queue and thread unless the effect names its own.
func (t *deskTurn) emit(e Effect) {
	e = e.stamped(t.s.Texter, &t.s, t.now)
	if e.Kind == DeskNote && e.Key == "" && t.a.ID != "" {
		e.Key = postKey("note", t.a.ID+"/"+strconv.Itoa(len(t.effects)))
	}
	if h := t.h; h != nil {
		if e.Handoff == "" {
			e.Handoff = h.Ref
		}
		if e.Thread.IsZero() && e.Handoff == h.Ref {
			e.Thread = h.Thread
		}
		if e.Queue == "" {
			e.Queue = h.Queue
		}
	}
	if e.Thread.IsZero() && e.Handoff == t.a.Handoff {
		e.Thread = t.a.Thread
	}
	t.effects = append(t.effects, e)
}

// tell shows text to the staff member who acted, alone, and makes it the action's answer.
func (t *deskTurn) tell(text string) { t.offer(text, "") }

// offer is tell with buttons.
func (t *deskTurn) offer(text, offer string) {
	t.say = text
	if t.a.User == "" || t.a.Late {
		return
	}
	t.emit(NewDeskEphemeral(DeskEphemeralFields{User: t.a.User, Text: text, Offer: offer, TS: t.a.TS, Thread: t.a.Thread}))
}

func (t *deskTurn) note(text string) { t.emit(NewDeskNote(DeskNoteFields{Text: text})) }

func (t *deskTurn) react(ts, emoji string) {
	if isSlackTS(ts) {
		t.emit(NewDeskReaction(emoji, ts, "", t.a.Thread))
	}
}

// update redraws the handoff post (of t.h) with a new status.
func (t *deskTurn) update(status, user, text string) {
	t.emit(NewDeskUpdate(DeskUpdateFields{Status: status, User: user, Text: text, Urgent: t.h.Urgent, Answers: t.s.Answers,
		TipCode: t.h.Tip, Channel: shownChannel(t.s.Channel)}))
}

// current returns the open handoff the action is about, or tells the actor it is over. An action
// that names a thread must name the current one (not one the texter left, or that was
// transferred away).
func (t *deskTurn) current() *Handoff {
	h := t.s.Handoff
	if h == nil || (!t.a.Thread.IsZero() && h.Thread != t.a.Thread) {
		if !t.a.Late {
			t.tell(noteEnded)
		}
		return nil
	}
	return h
}

// member checks that the actor is on the roster.
func (t *deskTurn) member() bool {
	if t.d.CurrentRoster().IsMember(t.a.User) {
		return true
	}
	t.tell(noteNotMember)
	return false
}

// endConversation ends the handoff and the flow: the texter's next message goes to the bot.
func (t *deskTurn) endConversation() {
	if h := t.s.Handoff; h != nil {
		t.closed = h.Thread
	}
	s := &t.s
	s.Handoff = nil
	s.Flow, s.State, s.Tries, s.Answers, s.Urgent = "", "", 0, nil, false
}
