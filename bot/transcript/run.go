package transcript

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/linediff"
)

// Runner replays transcripts against a set of flows.
type Runner struct {
	Flows    *flows.Set
	Messages bot.Messages
	// NewStore makes a fresh store for each transcript, reading time from clock.
	NewStore func(clock bot.Clock) Stores
}

// Stores are the parts of a fresh store a transcript runs on, as serve gives them to its bot.
type Stores struct {
	Sessions bot.Store      // required
	Tips     bot.TipStore   // where tips are filed; nil: none
	Stats    bot.StatsStore // the daily counters; nil: none
}

// Result is the outcome of one transcript.
type Result struct {
	Transcript *Transcript
	Failures   []string // one per failed step, readable as they are
}

// Passed reports whether every step passed.
func (r Result) Passed() bool { return len(r.Failures) == 0 }

// start is the fixed time transcripts begin at.
var start = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// testSecret keys transcripts' texter identifiers; nothing leaves the process.
var testSecret = []byte("transcript-tests-secret-not-used-for-anything-real")

// Run replays one transcript from a new texter.
func (r *Runner) Run(t *Transcript) Result {
	now := start // a transcript's time moves only between its steps
	clock := bot.ClockFunc(func() time.Time { return now })
	keys, err := bot.NewKeys(testSecret)
	if err != nil {
		panic(err)
	}
	ids := bot.NewRandomIDs(rand.NewChaCha8([32]byte{7}))
	parts := r.NewStore(clock)
	store := parts.Sessions
	b := &bot.Bot{Engine: bot.NewEngine(r.Flows, r.Messages, ids), Store: store, Tips: parts.Tips, Stats: parts.Stats, Keys: keys, Clock: clock, IDs: ids}
	res := Result{Transcript: t}
	ctx := context.Background()
	for i, step := range t.Steps {
		now = now.Add(time.Second + step.Wait)
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%032d", i), From: t.From, Body: step.Send, Media: step.Media})
		snap, err := store.Load(ctx, keys.TexterKey(bot.ChannelSMS, t.From), "")
		if err != nil {
			res.Failures = append(res.Failures, fmt.Sprintf("step %d: cannot load the session: %v", i+1, err))
			break
		}
		if msgs := check(step, out, snap.Session); len(msgs) > 0 {
			res.Failures = append(res.Failures, describe(t, i, step, out, msgs))
		}
	}
	return res
}

// check compares one step's expectations with what happened.
func check(step Step, out bot.Outcome, s bot.Session) []string {
	var msgs []string
	all := strings.Join(out.Replies, "\n")
	if out.FailSafe {
		msgs = append(msgs, "the bot failed and sent the fail-safe reply")
	}
	if step.Replies != nil && strings.Join(*step.Replies, "\n---\n") != strings.Join(out.Replies, "\n---\n") {
		msgs = append(msgs, "the replies differ:\n"+diff(*step.Replies, out.Replies))
	}
	contains, anyCase := strings.Contains, ""
	if step.IgnoreCase {
		contains = func(s, sub string) bool { return strings.Contains(strings.ToLower(s), strings.ToLower(sub)) }
		anyCase = " (in any case)"
	}
	for _, want := range step.Contains {
		if !contains(all, want) {
			msgs = append(msgs, fmt.Sprintf("no reply contains %q%s", want, anyCase))
		}
	}
	for _, bad := range step.NotContains {
		if contains(all, bad) {
			msgs = append(msgs, fmt.Sprintf("a reply contains %q%s, which it should not", bad, anyCase))
		}
	}
	if step.Silent && len(out.Replies) > 0 {
		msgs = append(msgs, "expected no reply")
	}
	if step.State != nil && *step.State != s.State {
		msgs = append(msgs, fmt.Sprintf("state is %q, expected %q", s.State, *step.State))
	}
	if step.Flags != nil && strings.Join(flagsOf(s), ",") != strings.Join(*step.Flags, ",") {
		msgs = append(msgs, fmt.Sprintf("flags are [%s], expected [%s]", strings.Join(flagsOf(s), ", "), strings.Join(*step.Flags, ", ")))
	}
	for name, want := range step.Saved {
		if got := s.Answers[name]; got != want {
			msgs = append(msgs, fmt.Sprintf("saved %s is %q, expected %q", name, got, want))
		}
	}
	if step.Effects != nil && strings.Join(kindsOf(out.Effects), ",") != strings.Join(*step.Effects, ",") {
		msgs = append(msgs, fmt.Sprintf("effects are [%s], expected [%s]", strings.Join(kindsOf(out.Effects), ", "), strings.Join(*step.Effects, ", ")))
	}
	if step.Lang != "" && step.Lang != s.Lang {
		msgs = append(msgs, fmt.Sprintf("language is %q, expected %q", s.Lang, step.Lang))
	}
	return msgs
}

// Flag names, in the order they are listed.
const (
	FlagUrgent   = "urgent"
	FlagOptedOut = "opted_out"
	FlagHandoff  = "handoff"
)

func flagsOf(s bot.Session) []string {
	var f []string
	if s.Urgent || (s.Handoff != nil && s.Handoff.Urgent) {
		f = append(f, FlagUrgent)
	}
	if s.OptedOut {
		f = append(f, FlagOptedOut)
	}
	if s.Handoff != nil {
		f = append(f, FlagHandoff)
	}
	return f
}

// kindsOf names the effects: their kinds, with a texter message flagged as HELP written
// texter_message(help).
func kindsOf(effects []bot.Effect) []string {
	out := make([]string, len(effects))
	for i, e := range effects {
		out[i] = string(e.Kind)
		if e.Kind == bot.TexterMessage && e.Status != "" {
			out[i] += "(" + e.Status + ")"
		}
	}
	return out
}

func describe(t *Transcript, i int, step Step, out bot.Outcome, msgs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: step %d, sending %q:\n", t.File, step.line, i+1, step.Send)
	for _, m := range msgs {
		fmt.Fprintf(&b, "    - %s\n", strings.ReplaceAll(m, "\n", "\n      "))
	}
	if len(out.Replies) == 0 {
		b.WriteString("    (no reply)\n")
	}
	for _, r := range out.Replies {
		fmt.Fprintf(&b, "    reply: %s\n", strings.ReplaceAll(r, "\n", "\n           "))
	}
	return b.String()
}

// diff shows expected and actual replies line by line: "-" expected, "+" got, the lines they
// share unmarked.
func diff(want, got []string) string {
	w := strings.Split(strings.Join(want, "\n---\n"), "\n")
	g := strings.Split(strings.Join(got, "\n---\n"), "\n")
	var b strings.Builder
	for _, l := range linediff.Lines(w, g) {
		fmt.Fprintf(&b, "%s %s\n", map[linediff.Op]string{linediff.Same: " ", linediff.Removed: "-", linediff.Added: "+"}[l.Op], l.Text)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Report writes each failure and a closing line "N passed, N failed"; it returns the failures.
func Report(w io.Writer, results []Result) int {
	passed, failed := 0, 0
	for _, r := range results {
		if r.Passed() {
			passed++
			fmt.Fprintf(w, "ok   %s (%s)\n", r.Transcript.File, r.Transcript.Name)
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL %s (%s)\n", r.Transcript.File, r.Transcript.Name)
		for _, f := range r.Failures {
			fmt.Fprint(w, f)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return failed
}
