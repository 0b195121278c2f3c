package flows

import (
	"strings"

	"github.com/looplab/fsm"
)

// Flow is one conversation, read from one file.
type Flow struct {
	Name        string
	Description string
	Languages   []string
	Start       string // the first state, by its name in this flow
	File        string
	States      map[string]*State // by name
	Order       []string          // state names as they appear in the file
	FirstText   *FirstText        // optional: a first message that starts this flow
	Triggers    []Trigger         // optional: campaign words that start this flow, by language
	pos         Pos
	startPos    Pos
	partial     bool // reading found errors: what is here is checked, what is missing is not
}

// State is one step of a flow. Exactly one of Menu, Ask, Next, Handoff and End says what happens
// after it speaks.
type State struct {
	Name    string // as written, e.g. "where"
	ID      string // flow and name, e.g. "tip.where"; the looplab/fsm state name
	Pos     Pos
	Say     Texts
	Menu    []Choice
	Retry   Texts // menu only: said when the answer matches no choice (default: Say again)
	Ask     *Ask
	Next    Target // move on at once, without waiting for the texter
	Handoff *Handoff
	End     bool
	Urgent  bool   // entering this state marks the conversation urgent
	Action  Action // done on entering, before Say is rendered

	events  []fsm.EventDesc // the transitions out of this state, compiled at load
	partial bool            // reading the state found errors: a field may be missing
}

// Texts holds one text per language code ("en", "es").
type Texts struct {
	byLang map[string]Template
	pos    Pos
}

// IsSet reports whether any text was written.
func (t Texts) IsSet() bool { return len(t.byLang) > 0 }

// Get returns the text in lang.
func (t Texts) Get(lang string) (Template, bool) {
	tpl, ok := t.byLang[lang]
	return tpl, ok
}

// Choice is one numbered answer of a menu.
type Choice struct {
	Key    string   // what the menu shows, e.g. "1"
	Words  []string // other answers that pick it, e.g. "safety"
	Next   Target
	Urgent bool
	Pos    Pos
	keys   []string // Key and Words folded with Key()
	event  string
}

// Kind is what sort of answer a question takes.
type Kind string

const (
	KindText   Kind = "text"   // free text up to MaxLength characters
	KindYesNo  Kind = "yes_no" // yes or no, in English or Spanish
	KindNumber Kind = "number" // a whole number
	KindPlace  Kind = "place"  // a US ZIP code, or a city and state
)

// Ask is a question whose answer is saved under Save.
type Ask struct {
	Save      string
	Kind      Kind
	MaxLength int   // KindText only
	Tries     int   // bad answers allowed before the flow moves on to GiveUp
	Retry     Texts // said after a bad answer
	Next      Target
	Yes, No   Target // KindYesNo: where each answer goes (default Next)
	GiveUp    Target // after Tries bad answers (default Next)
	UrgentIf  string // KindYesNo: "yes" marks the conversation urgent when the answer is yes
	Pos       Pos
}

// Handoff passes the texter to staff in a queue.
type Handoff struct {
	Queue  string
	Urgent bool
}

// Action is something a state does on entering.
type Action string

// ActionSubmitTip files the answers saved so far as an anonymous tip and sets {{tip_code}}.
const ActionSubmitTip Action = "submit_tip"

// Target names the state a transition goes to: "name" in the same flow, or "flow.name".
type Target struct {
	Raw string // as written
	ID  string // resolved "flow.state"; set after validation
	Pos Pos
}

// IsSet reports whether the target was written.
func (t Target) IsSet() bool { return t.Raw != "" }

// Event names used in the compiled FSMs.
const (
	EventAnswer   = "answer"
	EventYes      = "yes"
	EventNo       = "no"
	EventRetry    = "retry"
	EventGiveUp   = "give_up"
	EventContinue = "continue"
)

// Events returns the looplab/fsm transitions out of this state. The slice is shared: don't modify it.
func (s *State) Events() []fsm.EventDesc { return s.events }

// ChoiceEvent returns the event name of menu choice i.
func (s *State) ChoiceEvent(i int) string { return s.Menu[i].event }

// Waits reports whether the state waits for the texter's next message.
func (s *State) Waits() bool { return len(s.Menu) > 0 || s.Ask != nil }

// MatchChoice returns the index of the menu choice the folded answer picks, or -1.
func (s *State) MatchChoice(key string) int {
	for i := range s.Menu {
		for _, k := range s.Menu[i].keys {
			if k == key {
				return i
			}
		}
	}
	return -1
}

// Raw returns the text in lang as written, or "".
func (t Texts) Raw(lang string) string { return t.byLang[lang].raw }

// The most characters an answer of each kind can hold, besides text (its MaxLength): yes or no,
// a number of up to nine digits, and a place, which package bot reads from at most 100
// characters as "ZIP 77002" or "City, ST".
const (
	longestYesNo  = 3
	longestNumber = 9
	longestPlace  = 104
)

// Longest returns the most characters the answer to q can hold, as the engine saves it.
func (a *Ask) Longest() int {
	switch a.Kind {
	case KindYesNo:
		return longestYesNo
	case KindNumber:
		return longestNumber
	case KindPlace:
		return longestPlace
	}
	return a.MaxLength
}

// FieldMayText is the answer that records the texter's consent to be texted later: a yes to the
// yes_no question that saves it lets staff text them with questions about their tip, or back
// after hours. Without that yes nobody texts them once they have been quiet for 15 minutes.
const FieldMayText = "may_text"

// FirstText lets a first message that starts with one of Words, followed by more words, start
// the flow with what follows saved as the answer Save, whose question is then not asked: "TIP
// a man keeps girls at the motel" starts the tip flow with that as what happened.
type FirstText struct {
	Words []string
	Save  string
	Pos   Pos
	keys  []string // Words folded with Key
}

// Matches returns what follows a first word of f in body, and whether body starts with one and
// has more words after it.
func (f *FirstText) Matches(body string) (string, bool) {
	first, rest, ok := strings.Cut(strings.TrimSpace(body), " ")
	rest = strings.TrimLeft(strings.TrimSpace(rest), ":,.;-")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" {
		return "", false
	}
	k := Key(first)
	for _, w := range f.keys {
		if w == k {
			return rest, true
		}
	}
	return "", false
}
