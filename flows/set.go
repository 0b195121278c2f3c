package flows

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/looplab/fsm"
)

// MainFlow is the flow every conversation starts in.
const MainFlow = "main"

// Options tune how a set of flows is validated.
type Options struct {
	// Reserved returns the global keyword that a folded answer (see Key) is, or "". Menu choices
	// may not use such words, because keywords are matched before any flow.
	Reserved func(key string) string
	// Main names the flow conversations start in; default MainFlow.
	Main string
	// Danger reports whether a text holds one of the built-in danger phrases (package bot's
	// detector): a menu answer it catches could never pick its choice.
	Danger func(text string) bool
}

// KeywordQuickExit is the name Reserved gives the quick-exit words.
const KeywordQuickExit = "EXIT"

func (o Options) main() string {
	if o.Main == "" {
		return MainFlow
	}
	return o.Main
}

func (o Options) reserved(key string) string {
	if o.Reserved == nil {
		return ""
	}
	return o.Reserved(key)
}

func (o Options) danger(text string) bool { return o.Danger != nil && o.Danger(text) }

// withLexicon returns options that also reserve the lexicon's quick-exit words.
func (o Options) withLexicon(lx *Lexicon) Options {
	outer := o.Reserved
	o.Reserved = func(key string) string {
		if lx.IsQuickExit(key) {
			return KeywordQuickExit
		}
		if outer == nil {
			return ""
		}
		return outer(key)
	}
	return o
}

// Set is a validated group of flows, compiled and ready to run. It is read-only after Load and
// safe to share between goroutines.
type Set struct {
	flows       map[string]*Flow
	states      map[string]*State // by ID
	main        *Flow
	lexicon     *Lexicon
	personQueue string
	triggers    map[string]Trigger // by folded word
	Languages   []string
	Warnings    Problems
}

// Load reads every *.yaml and *.yml file in the top folder of fsys (not in sub-folders, where
// transcript tests live): the flows, and words.yaml (LexiconFile) when there is one. It validates
// them together and compiles them. It returns the set, or nil and the problems when there is an
// error. Warnings come back with the set too. Problems are reported all at once where they can
// be: a file with an unknown field still has its targets, menus and texts checked against the
// others.
func Load(fsys fs.FS, opts Options) (*Set, Problems) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, Problems{{Pos: Pos{File: "flows"}, Msg: "cannot read the flows folder: " + err.Error()}}
	}
	var flows []*Flow
	var lx *Lexicon
	var probs Problems
	unreadable := false // a file that is not YAML: its flow's name and states are unknown
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			probs = append(probs, Problem{Pos: Pos{File: e.Name()}, Msg: "cannot read the file: " + err.Error()})
			unreadable = true
			continue
		}
		if isLexiconFile(e.Name()) {
			if lx != nil {
				probs = append(probs, Problem{Pos: Pos{File: e.Name()}, Msg: "there is a " + lx.File + " already; keep the words in one file"})
				continue
			}
			var ps Problems
			lx, ps = ReadLexicon(e.Name(), data)
			probs = append(probs, ps...)
			continue
		}
		f, ps := readFlow(e.Name(), data)
		probs = append(probs, ps...)
		if f != nil {
			flows = append(flows, f)
		} else {
			unreadable = true
		}
	}
	set, ps := newSet(flows, lx, opts, unreadable)
	probs = append(probs, ps...).Sorted()
	if len(probs.Errors()) > 0 {
		return nil, probs
	}
	return set, probs
}

func isLexiconFile(name string) bool { return name == LexiconFile || name == "words.yml" }

// NewSet validates flows as one set, with the built-in words, and compiles them.
func NewSet(flows []*Flow, opts Options) (*Set, Problems) { return NewSetWith(flows, nil, opts) }

// NewSetWith is NewSet with a folder's words.yaml; nil means none.
func NewSetWith(flows []*Flow, lx *Lexicon, opts Options) (*Set, Problems) {
	return newSet(flows, lx, opts, false)
}

// newSet is NewSetWith; unreadable says that a file of the set could not be read at all, so a
// reference to a flow that is not there may be to that file's flow and is not reported. Partial
// flows (read with errors) are checked, and never compiled.
func newSet(flows []*Flow, lx *Lexicon, opts Options, unreadable bool) (*Set, Problems) {
	if lx == nil {
		lx = &Lexicon{QuickExitReply: true}
	}
	builtin := opts
	opts = opts.withLexicon(lx)
	var probs Problems
	byName := map[string]*Flow{}
	incomplete := unreadable
	for _, f := range flows {
		incomplete = incomplete || f.partial
		if f.Name == "" {
			unreadable = true // a flow without a readable name: others may refer to it
			continue
		}
		if other, dup := byName[f.Name]; dup {
			probs = append(probs, Problem{Pos: f.pos, Msg: fmt.Sprintf("flow %q is also defined in %s", f.Name, other.File)})
			continue
		}
		byName[f.Name] = f
	}
	main, ok := byName[opts.main()]
	if !ok && !unreadable {
		probs = append(probs, Problem{Pos: Pos{File: "flows"}, Msg: fmt.Sprintf("there is no flow named %q (a file with flow: %s); every conversation starts there", opts.main(), opts.main())})
	}
	for _, f := range flows {
		c := &checker{f: f, flows: byName, opts: opts, lexicon: lx, unreadable: unreadable}
		probs = append(probs, c.check()...)
	}
	var personQueue string
	if ok && !incomplete { // partial flows could fool it (a handoff in a state read with errors)
		var ps Problems
		personQueue, ps = checkLexicon(lx, byName, main, builtin)
		probs = append(probs, ps...)
	}
	triggers, ps := checkTriggers(byName, lx, opts)
	probs = append(probs, ps...)
	if !ok || incomplete || len(probs.Errors()) > 0 {
		return nil, probs.Sorted()
	}
	probs = append(probs, checkReachable(byName, main)...)
	probs = append(probs, checkLoops(byName)...)
	if len(probs.Errors()) > 0 {
		return nil, probs.Sorted()
	}
	set := &Set{flows: byName, states: map[string]*State{}, main: main, lexicon: lx, personQueue: personQueue,
		triggers: triggers, Languages: main.Languages, Warnings: probs.Warnings()}
	for _, f := range byName {
		for _, st := range f.States {
			compile(st)
			set.states[st.ID] = st
		}
	}
	return set, probs.Sorted()
}

// checkReachable reports states that no path from a flow's start reaches, and flows that no
// other flow leads to.
func checkReachable(flows map[string]*Flow, main *Flow) Problems {
	var probs Problems
	seen := map[*State]bool{}
	var walk func(st *State)
	walk = func(st *State) {
		if seen[st] {
			return
		}
		seen[st] = true
		eachTarget(st, func(t *Target, _ string) {
			fl, name, _ := strings.Cut(t.ID, ".")
			walk(flows[fl].States[name])
		})
	}
	walk(main.States[main.Start])
	for _, name := range sortedKeys(flows) { // a campaign word reaches its flow
		if f := flows[name]; len(f.Triggers) > 0 && f.States[f.Start] != nil {
			walk(f.States[f.Start])
		}
	}
	for _, name := range sortedKeys(flows) {
		f := flows[name]
		if start := f.States[f.Start]; !seen[start] {
			probs = append(probs, Problem{Pos: f.pos, Warning: true,
				Msg: fmt.Sprintf("flow %q is never reached: no state of another flow goes to it", f.Name)})
			walk(start)
		}
	}
	for _, name := range sortedKeys(flows) {
		f := flows[name]
		for _, sn := range f.Order {
			if st := f.States[sn]; !seen[st] {
				probs = append(probs, Problem{Pos: st.Pos, Msg: fmt.Sprintf("state %q is never reached: no state leads to it", sn)})
			}
		}
	}
	return probs
}

// checkLoops reports chains of "next" that come back to themselves, which would never wait for
// the texter.
func checkLoops(flows map[string]*Flow) Problems {
	var probs Problems
	done := map[string]bool{}
	states := map[string]*State{}
	for _, f := range flows {
		for _, st := range f.States {
			states[st.ID] = st
		}
	}
	for _, id := range sortedKeys(states) {
		var path []string
		onPath := map[string]bool{}
		for cur := id; cur != "" && !done[cur]; {
			if onPath[cur] {
				loop := append(path[indexOf(path, cur):], cur)
				st := states[cur]
				probs = append(probs, Problem{Pos: st.Pos, Msg: "these states go round with next and never wait for the texter: " + strings.Join(loop, " -> ")})
				break
			}
			onPath[cur] = true
			path = append(path, cur)
			cur = states[cur].Next.ID
		}
		for _, p := range path {
			done[p] = true
		}
	}
	return probs
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// compile builds the looplab/fsm transitions out of one state. Only these are needed to run a
// message, so each message builds a small FSM.
func compile(st *State) {
	src := []string{st.ID}
	add := func(event string, t Target) {
		if t.IsSet() {
			st.events = append(st.events, fsm.EventDesc{Name: event, Src: src, Dst: t.ID})
		}
	}
	for i := range st.Menu {
		st.Menu[i].event = "choose_" + st.Menu[i].keys[0]
		add(st.Menu[i].event, st.Menu[i].Next)
	}
	if a := st.Ask; a != nil {
		add(EventAnswer, a.Next)
		add(EventYes, orTarget(a.Yes, a.Next))
		add(EventNo, orTarget(a.No, a.Next))
		add(EventGiveUp, orTarget(a.GiveUp, a.Next))
	}
	if st.Waits() {
		st.events = append(st.events, fsm.EventDesc{Name: EventRetry, Src: src, Dst: st.ID})
	}
	add(EventContinue, st.Next)
}

func orTarget(t, fallback Target) Target {
	if t.IsSet() {
		return t
	}
	return fallback
}

// Main returns the flow conversations start in.
func (s *Set) Main() *Flow { return s.main }

// Flow returns the flow called name.
func (s *Set) Flow(name string) (*Flow, bool) {
	f, ok := s.flows[name]
	return f, ok
}

// Flows returns every flow, sorted by name.
func (s *Set) Flows() []*Flow {
	out := make([]*Flow, 0, len(s.flows))
	for _, name := range sortedKeys(s.flows) {
		out = append(out, s.flows[name])
	}
	return out
}

// State returns the state with the given ID ("flow.state").
func (s *Set) State(id string) (*State, bool) {
	st, ok := s.states[id]
	return st, ok
}

// Lexicon returns the set's words (words.yaml); never nil.
func (s *Set) Lexicon() *Lexicon { return s.lexicon }

// PersonQueue returns the queue a texter in danger is handed to when they accept the person
// offered: words.yaml's person_queue, else the one queue the flows hand off to; "" when the
// flows hand off to nobody.
func (s *Set) PersonQueue() string { return s.personQueue }

// StartState returns the first state of the main flow.
func (s *Set) StartState() *State { return s.states[s.main.Name+"."+s.main.Start] }
