package bot

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/flows"
)

// reply decides what happens to a staff message in the thread. Only the owner's messages reach
// the texter; anyone else's stay internal and get a lock; the owner keeps one internal with
// NotePrefix. A reply to an unclaimed conversation is not sent: its author is offered Claim. A
// reply to a texter silent for SilenceLimit is held until its author confirms.
func (t *deskTurn) reply() {
	h := t.current()
	if h == nil {
		return
	}
	a := t.a
	if a.Late && (a.User != h.Owner || tsTime(a.TS).Before(h.Claimed)) {
		return // the reconciler relays only what the owner wrote since claiming
	}
	text := strings.TrimSpace(a.Text)
	switch {
	case h.Owner == "":
		t.offer(noteClaimFirst(), OfferClaim)
	case a.User != h.Owner || hasNotePrefix(text):
		t.react(a.TS, ReactionInternal)
	default:
		t.ownerReply(h, text)
	}
}

func (t *deskTurn) ownerReply(h *Handoff, text string) {
	switch {
	case text == "" && t.a.Files > 0:
		t.tell(noteFilesOnly)
		return
	case text == "":
		t.tell(noteNoText)
		return
	}
	if n := utf8.RuneCountInString(text); n > MaxReplyLength {
		t.tell(noteTooLong(n))
		return
	}
	quiet := t.now.Sub(t.s.LastInbound)
	switch err := t.mayText(false); {
	case errors.Is(err, ErrTexterSilent):
		h.Held = &Held{TS: t.a.TS, User: t.a.User, Text: text}
		t.offer(noteHeld(quiet), OfferConfirm)
		return
	case err != nil:
		t.react(t.a.TS, ReactionFailed)
		t.tell(noteNotSent(whyNot(err, quiet)))
		return
	}
	t.send(text, t.a.TS)
	if t.a.Files > 0 {
		t.tell(noteFilesDropped)
	}
}

// send relays the owner's reply: the SMS applier sends it and reacts when the provider took it.
func (t *deskTurn) send(text, ts string) {
	t.emit(NewStaffReply(StaffReplyFields{Text: text, TS: ts, User: t.a.User, Key: "sms:" + ts}))
	if n := flows.MeasureSMS(text).Segments; n > WarnSegments {
		t.tell(noteSegments(n))
	}
}

func hasNotePrefix(text string) bool {
	return len(text) >= len(NotePrefix) && strings.EqualFold(text[:len(NotePrefix)], NotePrefix)
}

// claim makes the actor the owner, unless someone is already: two claims racing both load the
// unclaimed session, one commits first and the other's compare-and-set fails, so it loads
// again and finds the winner.
func (t *deskTurn) claim() {
	h := t.current()
	if h == nil || !t.member() {
		return
	}
	switch h.Owner {
	case t.a.User:
		t.say = "You already claimed this conversation."
	case "":
		h.Owner, h.Claimed, h.Due = t.a.User, t.now, zeroTime
		t.update(StatusClaimed, t.a.User, "")
		t.note(noteClaimed(t.a.User))
		t.say = "You claimed Texter " + t.s.Alias + "."
	default:
		t.tell(noteAlreadyClaimed(h.Owner))
	}
}

// mayManage checks that the actor may close or transfer: a roster member, and the owner once
// the conversation is claimed.
func (t *deskTurn) mayManage(h *Handoff) bool {
	if !t.member() {
		return false
	}
	if h.Owner != "" && h.Owner != t.a.User {
		t.tell(noteOnlyOwner(h.Owner))
		return false
	}
	return true
}

// close ends the conversation with the outcome staff chose (without one, they are asked for it
// first, and nothing closes): the texter is told (unless the silence rule forbids it: then staff
// are told that), the post is redrawn, the close is recorded with its outcome and optional case
// number, and the texter's next message goes to the bot.
func (t *deskTurn) close() {
	h := t.current()
	if h == nil || !t.mayManage(h) {
		return
	}
	label, known := OutcomeLabel(t.a.Outcome)
	switch {
	case t.a.Outcome == "":
		t.offer(noteAskOutcome(t.s.Alias), OfferOutcome)
		return
	case !known:
		t.tell(noteUnknownOutcome(t.a.Outcome))
		return
	}
	caseNo, err := CheckCaseNumber(t.a.Case)
	if err != nil {
		t.tell("Not closed: " + err.Error() + ".")
		return
	}
	t.emit(NewDeskUpdate(DeskUpdateFields{Status: StatusClosed, User: t.a.User, Urgent: t.h.Urgent, Answers: t.s.Answers,
		TipCode: t.h.Tip, Outcome: t.a.Outcome, Case: caseNo, Opened: h.Opened}))
	t.note(noteClosed(t.a.User) + " " + noteOutcome(label, caseNo))
	if err := t.mayText(false); err != nil {
		t.note(noteNotTold(whyNot(err, t.now.Sub(t.s.LastInbound))))
	} else {
		t.notice(NoticeClosed, t.d.messages().Closed, "close:"+h.Ref, h.Ref)
	}
	t.endConversation()
	t.say = "Closed the conversation with Texter " + t.s.Alias + "."
}

// notice sends the texter a Frontdoor message by SMS (a TexterNotice) about handoff ref.
func (t *deskTurn) notice(kind string, texts map[string]string, key, ref string) {
	t.emit(NewTexterNotice(kind, text(texts, t.s.Lang), key, ref))
}

// transfer moves the conversation to another queue: the old post is redrawn and its thread
// closed, and a new handoff is posted in the new queue's channel, unclaimed, with its own
// escalation.
func (t *deskTurn) transfer() {
	h := t.current()
	if h == nil || !t.mayManage(h) {
		return
	}
	if h.Tip != "" {
		t.tell(noteTipNoTransfer)
		return
	}
	if _, ok := t.d.CurrentRoster().Queues[t.a.Queue]; !ok || t.a.Queue == h.Queue {
		t.tell("There is no other queue called " + t.a.Queue + ".")
		return
	}
	t.update(StatusTransferred, t.a.User, t.a.Queue)
	t.note(noteTransferred(t.a.User, t.a.Queue))
	t.closed = h.Thread
	next := &Handoff{Queue: t.a.Queue, Urgent: h.Urgent, Opened: t.now, Hotline: h.Hotline, Warned: h.Warned, MayText: h.MayText,
		Ref: handoffRef(t.s.Alias, t.now, t.s.Version+1)}
	t.s.Handoff = next
	told := next.Hotline
	afterHours := t.d.open(next, t.now)
	t.emit(NewHandoffRequested(HandoffRequestedFields{Ref: next.Ref, Queue: next.Queue, Urgent: next.Urgent,
		Answers: t.s.Answers, Channel: t.s.Channel, By: t.a.User, From: h.Queue}))
	switch {
	case t.mayText(false) != nil: // the 15-minute rule: nothing the texter did not ask for
	case afterHours && !told:
		t.notice(NoticeAfterHours, t.d.messages().AfterHours, "afterhours:"+next.Ref, next.Ref)
	case !afterHours:
		t.notice(NoticeTransferred, t.d.messages().Transferred, "transfer:"+next.Ref, next.Ref)
	}
	t.say = "Transferred Texter " + t.s.Alias + " to " + t.a.Queue + "."
}

// confirm sends the held reply the owner confirmed.
func (t *deskTurn) confirm() {
	h := t.current()
	if h == nil {
		return
	}
	held := h.Held
	switch {
	case held == nil || held.TS != t.a.TS:
		t.tell(noteNoHeld)
		return
	case t.a.User != h.Owner:
		t.tell(noteOnlyOwner(h.Owner))
		return
	}
	h.Held = nil
	if err := t.mayText(true); err != nil {
		t.react(held.TS, ReactionFailed)
		t.tell(noteNotSent(whyNot(err, t.now.Sub(t.s.LastInbound))))
		return
	}
	t.send(held.Text, held.TS)
}

// againMark is added to a staff reply's send key for each time it is sent again, so that each
// attempt has its own ledger entry.
const againMark = "/again"

// resend sends again, once, the owner's reply that may not have been sent. Pressing the button
// twice (or on two devices) sends it once: the first press removes it from the unsure list.
func (t *deskTurn) resend() {
	h := t.current()
	if h == nil {
		return
	}
	i := slices.IndexFunc(h.Unsure, func(u Held) bool { return u.TS == t.a.TS })
	switch {
	case i < 0:
		t.tell(noteNoResend)
		return
	case t.a.User != h.Owner:
		t.tell(noteOnlyOwner(h.Owner))
		return
	}
	u := h.Unsure[i]
	h.Unsure = slices.Delete(h.Unsure, i, i+1)
	if err := t.mayText(true); err != nil {
		t.tell(noteNotSent(whyNot(err, t.now.Sub(t.s.LastInbound))))
		return
	}
	key := "sms:" + u.TS + strings.Repeat(againMark, u.Again+1)
	t.emit(NewStaffReply(StaffReplyFields{Text: u.Text, TS: u.TS, User: t.a.User, Key: key}))
	t.say = "Sending it again."
}

// discard drops the held reply.
func (t *deskTurn) discard() {
	h := t.current()
	if h == nil {
		return
	}
	if h.Held == nil || h.Held.TS != t.a.TS || t.a.User != h.Owner {
		t.tell(noteNoHeld)
		return
	}
	h.Held = nil
	t.react(t.a.TS, ReactionInternal)
	t.tell(noteDiscarded)
}
