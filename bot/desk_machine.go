package bot

import "strings"

// Actions of the desk's own machinery: a post landed, a timer is due, an SMS went or did not.

// posted records the thread of a handoff post. A post for a handoff that ended meanwhile (the
// texter left, or erased everything, before staff were told) is stale: its thread is marked
// closed at once and the caller redraws the post as ended.
func (t *deskTurn) posted() {
	h := t.s.Handoff
	if h == nil || h.Ref != t.a.Handoff {
		t.stale, t.closed = true, t.a.Thread
		return
	}
	h.Thread = t.a.Thread
}

// tick runs the escalation of an unclaimed handoff: after the queue's EscalateAfter the backups
// are mentioned; after HotlineAfter the texter is sent the hotline message, once, if they may
// still be texted. An urgent handoff runs on UrgentEscalateAfter and UrgentHotlineAfter, and its
// first step mentions everyone on shift and the backups again. A claimed or ended handoff has no timer; the commit removes it. Two replicas
// ticking the same texter both load it, one commits first, and the other's compare-and-set
// fails: it loads again and finds the step done, so each step happens once.
func (t *deskTurn) tick() {
	h := t.s.Handoff
	if h == nil {
		return
	}
	q, ok := t.d.CurrentRoster().Queues[h.Queue]
	if !ok || h.Owner != "" || h.Due.IsZero() {
		h.Due = zeroTime
		return
	}
	if t.now.Before(h.Due) {
		return // early (another replica's clock): the commit puts the timer back at Due
	}
	escalate, hotline := q.Delays(h.Urgent)
	switch {
	case !h.Escalated:
		h.Escalated, h.Due = true, zeroTime
		if h.Urgent {
			t.note(noteEscalatedUrgent(append(q.OnShift(t.now), q.Backup...), escalate))
		} else {
			t.note(noteEscalated(q.Backup, escalate))
		}
		if !h.Hotline {
			h.Due = later(t.now, h.Opened.Add(hotline))
		}
	case !h.Hotline:
		h.Hotline, h.Due = true, zeroTime
		if err := t.mayText(false); err != nil {
			t.note(noteHotlineSkipped(hotline, whyNot(err, t.now.Sub(t.s.LastInbound))))
			return
		}
		t.notice(NoticeHotline, t.d.messages().Hotline, "hotline:"+h.Ref, h.Ref)
	default:
		h.Due = zeroTime
	}
}

// sent marks a staff reply the provider accepted with a check, and notes a notice in the thread.
func (t *deskTurn) sent() {
	if t.a.Notice != "" {
		t.sendNote(noteNoticeSent(t.a.Notice), "")
		return
	}
	if !isSlackTS(t.a.TS) { // a prepared reply or a referral: no staff message to react to
		t.sendNote("It was sent to the texter.", "")
		return
	}
	t.sendReaction(ReactionSent)
}

// failed marks a reply that was not sent with a warning, and says why in the thread.
func (t *deskTurn) failed() {
	if t.a.Notice != "" {
		t.sendNote(noteNoticeFailed(t.a.Notice, t.a.Text), "")
		return
	}
	t.sendReaction(ReactionFailed)
	t.sendNote(noteNotSent(t.a.Text), "")
}

// unsure marks a reply the provider may or may not have sent with a warning, and tells the
// thread, with a Send again button for the owner while the conversation lasts. A notice is only
// noted: nobody owns it.
func (t *deskTurn) unsure() {
	a := t.a
	if a.Notice != "" {
		t.sendNote(noteNoticeUnsure(a.Notice), "")
		return
	}
	t.sendReaction(ReactionFailed)
	h := t.s.Handoff
	if h == nil || h.Ref != a.Handoff || a.User == "" {
		t.sendNote(noteUnsure(false), "")
		return
	}
	h.Unsure = append(h.Unsure, Held{TS: a.TS, User: a.User, Text: a.Text, Again: strings.Count(a.Key, againMark)})
	if len(h.Unsure) > MaxUnsure {
		h.Unsure = h.Unsure[len(h.Unsure)-MaxUnsure:]
	}
	t.sendNote(noteUnsure(true), OfferResend)
}

// sendNote and sendReaction report on the send the action is about, in its handoff's thread.
func (t *deskTurn) sendNote(text, offer string) {
	t.emit(NewDeskNote(DeskNoteFields{Text: text, Offer: offer, TS: t.a.TS, Handoff: t.a.Handoff, Thread: t.a.Thread}))
}

func (t *deskTurn) sendReaction(emoji string) {
	if !isSlackTS(t.a.TS) { // a prepared reply or a referral has no staff message to react to
		return
	}
	t.emit(NewDeskReaction(emoji, t.a.TS, t.a.Handoff, t.a.Thread))
}

// undelivered marks a reply the carrier did not deliver, with the provider's code.
func (t *deskTurn) undelivered() {
	if t.a.TS != "" {
		t.sendReaction(ReactionFailed)
	}
	t.sendNote(noteUndelivered(t.a.Notice, t.a.Text), "")
}
