package bot

import "github.com/nhttf/frontdoor/flows"

// The global keywords, as one turn answers them.

// whileOptedOut: silence, except HELP, START, and DELETE or a quick exit (which erase without a
// reply).
func (t *turn) whileOptedOut(kw Keyword) {
	lang := t.Session.Lang
	if kw == KeywordNone && flows.Key(t.in.Body) == "yes" {
		kw = KeywordStart // carriers treat YES from an opted-out texter as a return
	}
	switch kw {
	case KeywordHelp:
		t.Replies = append(t.Replies, texts(t.e.msgs.Help, lang)...)
	case KeywordStart:
		t.Session.OptedOut = false
		t.say(text(t.e.msgs.Start, lang))
	case KeywordDelete, KeywordExit:
		t.QuickExit = kw == KeywordExit
		t.erase()
	}
}

func (t *turn) keyword(kw Keyword) error {
	s := &t.Session
	switch kw {
	case KeywordStop:
		if s.Channel == ChannelSlack { // staff in Slack: no opt-out list, the conversation just ends
			t.endFlow()
			t.say(text(t.e.msgs.SlackEnded, s.Lang))
			return nil
		}
		t.endHandoff(EndedByOptOut)
		t.endFlow()
		s.OptedOut = true
		t.say(text(t.e.msgs.Stop, s.Lang))
		return nil
	case KeywordHelp:
		t.sayMsg(t.e.msgs.Help)
		if s.Handoff != nil { // staff see it too: the texter may need more than the help text
			t.effect(NewTexterMessage(TexterMessageFields{Text: t.in.Body, Urgent: s.Handoff.Urgent, Mark: MarkHelp, Key: postKey("in", t.in.ID)}))
			return nil
		}
		return t.repeatPrompt() // what was collected stays; the question is asked again
	case KeywordDelete:
		t.endHandoff(EndedByErasure)
		t.say(text(t.e.msgs.Deleted, s.Lang))
		t.erase()
		return nil
	case KeywordExit:
		t.endHandoff(EndedByQuickExit)
		if t.e.flows.Lexicon().QuickExitReply {
			t.say(text(t.e.msgs.QuickExit, s.Lang))
		}
		t.QuickExit = true
		t.erase()
		return nil
	case KeywordHola:
		if s.Handoff != nil { // a greeting to staff: it reaches them, in Spanish from now on
			s.Lang = t.e.spanish()
			t.effect(NewTexterMessage(TexterMessageFields{Text: t.in.Body, Urgent: s.Handoff.Urgent, Key: postKey("in", t.in.ID)}))
			return nil
		}
		s.Lang = t.e.spanish()
		return t.repeatPrompt()
	case KeywordEnglish, KeywordSpanish:
		s.Lang = map[Keyword]string{KeywordEnglish: "en", KeywordSpanish: "es"}[kw]
		if s.Handoff != nil {
			t.say(text(t.e.msgs.Language, s.Lang))
			return nil
		}
		return t.repeatPrompt()
	}
	// MENU, and START from a texter who is not opted out.
	t.endHandoff(EndedByMenu)
	t.endFlow()
	return t.enter(t.e.flows.StartState().ID)
}

// spanish is "es" when the flows speak Spanish, else their first language.
func (e *Engine) spanish() string {
	if contains(e.flows.Languages, "es") {
		return "es"
	}
	return e.flows.Languages[0]
}

// repeatPrompt says again what the texter was last asked: the person offered, the current
// state's text, or the main menu when no conversation runs. Nothing is saved or lost.
func (t *turn) repeatPrompt() error {
	s := &t.Session
	switch {
	case s.Pending == PendingPerson:
		t.sayMsg(t.e.msgs.Offer)
		return nil
	case s.Handoff != nil:
		return nil
	case s.State == "":
		return t.enter(t.e.flows.StartState().ID)
	}
	st, ok := t.e.flows.State(s.State)
	if !ok {
		return t.moved()
	}
	t.say(t.render(st.Say))
	return nil
}
