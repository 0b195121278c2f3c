package bot

import (
	"strings"

	"github.com/nhttf/frontdoor/flows"
)

// Danger now, and the questions the engine asks outside flows (DESIGN.md §6): a message that
// says someone is in danger, or discloses being trafficked, is never taken as a menu choice or an
// answer. The texter gets the 911 line and the offer of a person; yes opens an urgent handoff
// whose first line in the staff thread is that message; anything else goes back to the step
// they were on, which asks its question again.

// offerPerson answers a message the detector caught outside a handoff.
func (t *turn) offerPerson() error {
	s := &t.Session
	s.Urgent = true
	if t.e.flows.PersonQueue() == "" || s.Channel == ChannelSlack || t.e.cannotReply(s.Channel) {
		t.sayMsg(t.e.msgs.NoPerson) // nobody to hand them to: 911 and the hotline, then the step again
		return t.repeatPrompt()
	}
	s.Pending, s.Plea = PendingPerson, clip(t.in.Body, flows.MaxTextLength)
	t.sayMsg(t.e.msgs.Offer)
	return nil
}

// answerOffer reads the answer to the person offered: yes (or more words of danger) opens the
// urgent handoff; anything else resumes the step, saving nothing.
func (t *turn) answerOffer() error {
	s := &t.Session
	plea := s.Plea
	s.Pending, s.Plea = "", ""
	if accepts(t.in.Body) || t.e.detect.Match(t.in.Body) {
		t.openUrgent(plea)
		return nil
	}
	return t.repeatPrompt()
}

// accepts reports whether a message says yes, alone or as its first word ("yes please").
func accepts(body string) bool {
	if yes, ok := yesNo(body); ok {
		return yes
	}
	first, _, _ := strings.Cut(strings.TrimSpace(body), " ")
	yes, ok := yesNo(first)
	return ok && yes
}

// openUrgent hands the texter to the person queue at once, urgent, with the message that
// triggered the offer as the first line of the thread.
func (t *turn) openUrgent(plea string) {
	t.sayMsg(t.e.msgs.Connecting)
	t.startHandoff(&flows.Handoff{Queue: t.e.flows.PersonQueue(), Urgent: true})
	t.Session.Handoff.Warned = true // the offer gave the 911 line
	if plea != "" {
		t.effect(NewTexterMessage(TexterMessageFields{Text: plea, Urgent: true, Key: postKey("plea", t.in.ID)}))
	}
}

// withStaff relays a message to the staff of the handoff. Danger words mark the handoff urgent
// (the desk speeds up its escalation) and get the 911 line, once per handoff. The answer to the
// after-hours question is read first.
func (t *turn) withStaff() {
	s := &t.Session
	h := s.Handoff
	if s.Pending == PendingMayText {
		s.Pending = ""
		if yes, ok := yesNo(t.in.Body); ok {
			t.answerMayText(yes)
			return
		}
	}
	if t.e.detect.Match(t.in.Body) {
		s.Urgent, h.Urgent = true, true
		if !h.Warned {
			h.Warned = true
			t.sayMsg(t.e.msgs.Danger)
		}
	}
	t.effect(NewTexterMessage(TexterMessageFields{Text: t.in.Body, Media: t.in.Media, Urgent: h.Urgent, Key: postKey("in", t.in.ID)}))
}

// answerMayText records the texter's answer to "may staff text you here when they are back?"
// and tells staff in the thread.
func (t *turn) answerMayText(yes bool) {
	h := t.Session.Handoff
	h.MayText = yes
	note := noteMayTextNo
	if yes {
		note = noteMayTextYes
		t.sayMsg(t.e.msgs.MayTextYes)
	} else {
		t.sayMsg(t.e.msgs.MayTextNo)
	}
	t.effect(NewDeskNote(DeskNoteFields{Text: note, Queue: h.Queue, Key: postKey("consent", t.in.ID)}))
}

// begin starts a conversation: a first text that opens a flow with its first words (TIP ...),
// else the main menu.
func (t *turn) begin() error {
	if started, err := t.firstText(); started || err != nil {
		return err
	}
	return t.enter(t.e.flows.StartState().ID)
}

// firstText starts the flow whose first_text the message matches, with the rest of the message
// saved as the answer it names; that question is then not asked. A rest too long for the
// question is not saved, so the question is asked.
func (t *turn) firstText() (bool, error) {
	for _, f := range t.e.flows.Flows() {
		ft := f.FirstText
		if ft == nil {
			continue
		}
		rest, ok := ft.Matches(t.in.Body)
		if !ok {
			continue
		}
		t.endFlow()
		if id, a := askSaving(f, ft.Save); a != nil {
			if v, ok := freeText(rest, a.MaxLength); ok {
				t.Session.setAnswer(ft.Save, v)
				t.Session.Skip = id
			}
		}
		return true, t.enter(f.Name + "." + f.Start)
	}
	return false, nil
}

// askSaving finds the state of f whose question saves field.
func askSaving(f *flows.Flow, field string) (string, *flows.Ask) {
	for _, name := range f.Order {
		if a := f.States[name].Ask; a != nil && a.Save == field {
			return f.States[name].ID, a
		}
	}
	return "", nil
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
