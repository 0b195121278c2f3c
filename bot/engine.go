package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/looplab/fsm"
	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/flows"
)

// maxHops bounds how many states one message may pass through; flows.Load already refuses
// loops of "next", so this only guards against a bug.
const maxHops = 32

// Engine runs flows. It holds no per-conversation state: Step takes a session and a message and
// returns the new session, the replies and the effects. It is safe for concurrent use.
type Engine struct {
	flows  *flows.Set
	msgs   Messages
	ids    IDs
	lang   string   // the language of new texters; "" guesses from the first message
	detect Detector // the built-in danger phrases and the flows' own
	// noDesk: no staff desk is wired, a handoff answers with 911 and the hotline (nodesk.go).
	noDesk bool
	// noReplyOn are channels staff could not answer on (no sender configured for them): there a
	// handoff, and the person offered to a texter in danger, answer with 911 and the hotline.
	noReplyOn []Channel
	dir       *directory.Directory // the partner directory find_help states offer; nil: none
}

// NewEngine returns an engine for a set of flows.
func NewEngine(set *flows.Set, msgs Messages, ids IDs) *Engine {
	return &Engine{flows: set, msgs: msgs, ids: ids, detect: NewDetector(set.Lexicon())}
}

// Detector returns the engine's danger detector.
func (e *Engine) Detector() Detector { return e.detect }

// WithLang returns a copy of e that starts new texters in lang instead of guessing it.
func (e *Engine) WithLang(lang string) *Engine {
	c := *e
	c.lang = lang
	return &c
}

// Flows returns the set the engine runs.
func (e *Engine) Flows() *flows.Set { return e.flows }

// Turn is what one message did.
type Turn struct {
	Session Session
	Replies []string
	Effects []Effect
	Erase   bool // the store must forget the texter, keeping only an opt-out
	// QuickExit says the erasure was the quick-exit word, not DELETE (for the counters).
	QuickExit bool
	// Counts are counts the turn adds to the day's counters besides those bot.Bot derives from
	// the commit (stats_count.go), e.g. campaign:<name>; they are committed with the turn.
	Counts Counts
}

// StepOptions is what the caller of StepWith knows that the engine cannot: bot.Bot fills it from
// its store.
type StepOptions struct {
	// TipShards, above 1, makes a new tip's code one in the texter's shard, ShardOf(code,
	// TipShards) == ShardOf(texter, TipShards), so that the store writes the tip with the session.
	TipShards int
	// OwnTip is the code the message starts with (ParseTipCode) when the texter submitted that
	// tip: the message adds to it. Any other code gets the same neutral answer.
	OwnTip string
}

// turn is the working state of one Step.
type turn struct {
	Turn
	e    *Engine
	in   Inbound
	now  time.Time
	opts StepOptions
}

func (t *turn) say(s string) { t.Replies = append(t.Replies, s) }

// sayMsg says a system message in the texter's language, as the SMS it is made of.
func (t *turn) sayMsg(m map[string]string) {
	t.Replies = append(t.Replies, texts(m, t.Session.Lang)...)
}

func (t *turn) effect(ef Effect) {
	t.Effects = append(t.Effects, ef.stamped(t.Session.Texter, &t.Session, t.now))
}

// Step handles one inbound message for session s at time now.
func (e *Engine) Step(s Session, in Inbound, now time.Time) (Turn, error) {
	return e.StepWith(s, in, now, StepOptions{})
}

// StepWith is Step with what the caller knows of the store.
func (e *Engine) StepWith(s Session, in Inbound, now time.Time, opts StepOptions) (Turn, error) {
	if s.Handoff != nil { // the turn changes its own copy; the caller compares with the old one
		h := *s.Handoff
		s.Handoff = &h
	}
	t := &turn{Turn: Turn{Session: s}, e: e, in: in, now: now, opts: opts}
	t.Session.LastInbound, t.Session.Updated = now, now
	if t.Session.Started.IsZero() {
		t.Session.Started = now
	}
	if t.Session.Lang == "" {
		t.Session.Lang = e.lang
		if e.lang == "" {
			t.Session.Lang = e.guessLang(in.Body)
		}
	}
	kw := e.keyword(in.Body)
	if lang := e.keywordLang(in.Body); lang != "" && kw != KeywordNone {
		t.Session.Lang = lang
	}
	if t.Session.OptedOut {
		t.whileOptedOut(kw)
		return t.Turn, nil
	}
	if kw != KeywordNone {
		return t.Turn, t.keyword(kw)
	}
	if code, rest, ok := ParseTipCode(in.Body); ok {
		t.addToTip(code, rest)
		return t.Turn, nil
	}
	switch {
	case t.Session.Pending == PendingPerson:
		return t.Turn, t.answerOffer()
	case t.Session.Handoff != nil:
		t.withStaff()
		return t.Turn, nil
	case e.detect.Match(in.Body):
		return t.Turn, t.offerPerson()
	}
	if tr, ok := t.trigger(); ok {
		return t.Turn, t.startCampaign(tr)
	}
	switch {
	case t.Session.State == "":
		return t.Turn, t.begin()
	}
	return t.Turn, t.advance()
}

func (t *turn) erase() {
	t.effect(NewErased())
	t.Erase = true
	t.Session = Session{Texter: t.Session.Texter, OptedOut: t.Session.OptedOut, Version: t.Session.Version}
}

// endHandoff tells staff the texter left, if they were with staff.
func (t *turn) endHandoff(why string) {
	if t.Session.Handoff == nil {
		return
	}
	t.effect(NewHandoffEnded(t.Session.Handoff.Queue, why, shownChannel(t.Session.Channel)))
	t.Session.Handoff = nil
}

// endFlow ends the running conversation and forgets its answers and any question pending.
func (t *turn) endFlow() {
	s := &t.Session
	s.Flow, s.State, s.Tries, s.Answers, s.Urgent = "", "", 0, nil, false
	s.Pending, s.Plea, s.Skip = "", "", ""
}

// moved handles a session whose state no longer exists (flows were reloaded).
func (t *turn) moved() error {
	t.say(text(t.e.msgs.Moved, t.Session.Lang))
	t.endFlow()
	return t.enter(t.e.flows.StartState().ID)
}

// advance interprets the message in the current state and moves on.
func (t *turn) advance() error {
	st, ok := t.e.flows.State(t.Session.State)
	if !ok {
		return t.moved()
	}
	if st == t.e.flows.StartState() {
		if started, err := t.firstText(); started || err != nil {
			return err // "TIP ..." at the main menu is a first text too
		}
	}
	event := t.interpret(st)
	if event == flows.EventRetry && st.Ask != nil && t.Session.Tries+1 >= st.Ask.Tries {
		event = flows.EventGiveUp
	}
	dst, err := transition(st, event)
	if err != nil {
		return err
	}
	if dst == st.ID {
		t.Session.Tries++
		t.retry(st)
		return nil
	}
	t.Session.Tries = 0
	return t.enter(dst)
}

// transition runs event on a looplab/fsm FSM built for the one state st, and returns where it
// lands. A self-loop (fsm.NoTransitionError) stays in st.
func transition(st *flows.State, event string) (string, error) {
	f := fsm.NewFSM(st.ID, st.Events(), nil)
	// The engine does no I/O, so a background context is right: a cancelled one would leave the
	// FSM stuck (LIBRARIES.md §3).
	err := f.Event(context.Background(), event)
	var noTransition fsm.NoTransitionError
	if err != nil && !errors.As(err, &noTransition) {
		return "", fmt.Errorf("error running event %s in state %s: %w", event, st.ID, err)
	}
	return f.Current(), nil
}

func (t *turn) retry(st *flows.State) {
	switch {
	case st.Ask != nil:
		t.say(t.render(st.Ask.Retry))
	case st.Retry.IsSet():
		t.say(t.render(st.Retry))
	default:
		t.say(t.render(st.Say))
	}
}

// enter moves into state id and on through every state that continues by itself.
func (t *turn) enter(id string) error {
	s := &t.Session
	for hop := 0; hop < maxHops; hop++ {
		st, ok := t.e.flows.State(id)
		if !ok {
			return fmt.Errorf("error entering state %s: no such state", id)
		}
		s.Flow, s.State, s.Tries = strings.SplitN(id, ".", 2)[0], id, 0
		if st.Urgent {
			s.Urgent = true
		}
		if s.Skip == id && st.Ask != nil { // the first text answered this question
			s.Skip = ""
			next, err := transition(st, flows.EventAnswer)
			if err != nil {
				return err
			}
			id = next
			continue
		}
		if st.Handoff != nil && s.Channel == ChannelSlack { // staff are in Slack already
			t.endFlow()
			t.say(text(t.e.msgs.SlackNoHandoff, s.Lang))
			return nil
		}
		if st.Handoff != nil && t.e.cannotReply(s.Channel) {
			t.endFlow()
			t.say(NoDeskReply(s.Lang))
			return nil
		}
		if st.Action == flows.ActionSubmitTip {
			t.submitTip()
		}
		if st.Action == flows.ActionFindHelp {
			t.findHelp(st)
		} else if st.Say.IsSet() {
			t.say(t.render(st.Say))
		}
		switch {
		case st.Handoff != nil:
			t.startHandoff(st.Handoff)
			return nil
		case st.End:
			t.endFlow()
			return nil
		case st.Next.IsSet():
			next, err := transition(st, flows.EventContinue)
			if err != nil {
				return err
			}
			id = next
		default:
			return nil
		}
	}
	return fmt.Errorf("error entering state %s: more than %d states without waiting for the texter", id, maxHops)
}

func (t *turn) startHandoff(h *flows.Handoff) {
	s := &t.Session
	urgent := h.Urgent || s.Urgent
	t.effect(NewHandoffRequested(HandoffRequestedFields{Queue: h.Queue, Urgent: urgent, Answers: s.Answers, Channel: s.Channel}))
	s.Handoff = &Handoff{Queue: h.Queue, Urgent: urgent, Opened: t.now}
	// The answers stay while the texter is with staff: the desk redraws the handoff post with
	// them. Whatever ends the handoff ends the flow too, which forgets them.
	s.Flow, s.State, s.Tries, s.Skip = "", "", 0, ""
}

func (t *turn) submitTip() {
	s := &t.Session
	code := t.tipCode()
	answers := s.Answers
	s.setAnswer(flows.FieldTipCode, code)
	t.effect(NewTipSubmitted(code, s.Urgent, answers, s.Channel))
}

// render fills a text's placeholders from the session and keeps it within one SMS body.
func (t *turn) render(texts flows.Texts) string {
	tpl, ok := texts.Get(t.Session.Lang)
	if !ok {
		tpl, _ = texts.Get(t.e.flows.Languages[0])
	}
	out := tpl.Render(t.lookup)
	if len(out) > flows.MaxTextLength && utf8.RuneCountInString(out) > flows.MaxTextLength {
		out = string([]rune(out)[:flows.MaxTextLength-3]) + "..."
	}
	return out
}

func (t *turn) lookup(field string) string {
	if field == flows.FieldAlias {
		return t.Session.Alias
	}
	if v := t.Session.answer(field); v != "" {
		return v
	}
	return "-"
}
