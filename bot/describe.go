package bot

import (
	"fmt"

	"github.com/nhttf/frontdoor/flows"
)

// Voice is who an effect's description is for: what happened, or what would happen in a
// simulation where nothing is sent.
type Voice int

const (
	// Done says in one line what staff get (`frontdoor chat`, which prints it in brackets).
	Done Voice = iota
	// Would says what staff would get in a simulation (the console's simulated phone).
	Would
)

// describer words one kind of effect in both voices, side by side, so that the two stay in
// step; urgent is the voice's mark for an urgent effect, or "". log is the kind's log line:
// its message and the attributes that identify it, never the texter's words.
type describer struct {
	done, would func(e Effect, urgent string) string
	log         func(e Effect) (string, []any)
}

// effectWords is the one table that describes effects for people. A kind it lacks is named
// by its Kind (the desk's own effects: updates, reactions, notices).
var effectWords = map[EffectKind]describer{
	HandoffRequested: {
		done: func(e Effect, urgent string) string {
			q := e.Queue
			if q == flows.RouteQueue {
				q = "(picked by the on-call roster's routing)"
			}
			return fmt.Sprintf("handoff to queue %s for Texter %s%s, answers %v", q, e.Alias, urgent, e.Answers)
		},
		would: func(e Effect, urgent string) string {
			return fmt.Sprintf("Staff in queue %s would be asked to take Texter %s%s (not sent: simulation).", e.Queue, e.Alias, urgent)
		},
		log: func(e Effect) (string, []any) {
			q := e.Queue
			if q == flows.RouteQueue {
				q = "(the roster's routing would pick it)"
			}
			return "handoff requested (no staff desk: nobody is told; serve --dev only)", []any{"queue", q, "urgent", e.Urgent}
		},
	},
	TexterMessage: {
		done: func(e Effect, urgent string) string {
			if e.Status == MarkHelp {
				return fmt.Sprintf("to staff from Texter %s%s, flagged (they sent HELP and got the help text): %s", e.Alias, urgent, e.Text)
			}
			return fmt.Sprintf("to staff from Texter %s%s: %s", e.Alias, urgent, e.Text)
		},
		would: func(e Effect, urgent string) string {
			if e.Status == MarkHelp {
				return fmt.Sprintf("Staff would see this HELP from Texter %s, flagged%s.", e.Alias, urgent)
			}
			return fmt.Sprintf("Staff would see this message from Texter %s%s.", e.Alias, urgent)
		},
		log: func(e Effect) (string, []any) {
			return "texter wrote to staff", []any{"urgent", e.Urgent, "media", e.Media}
		},
	},
	DeskNote: {
		done:  func(e Effect, _ string) string { return "note to staff: " + e.Text },
		would: func(e Effect, _ string) string { return "Staff would read in the thread: " + e.Text },
	},
	TipSubmitted: {
		done: func(e Effect, urgent string) string {
			return fmt.Sprintf("tip %s to the tips channel%s: %v", e.TipCode, urgent, e.Answers)
		},
		would: func(e Effect, urgent string) string {
			return fmt.Sprintf("A tip would be filed with receipt code %s and %d answers%s (not sent: simulation).", e.TipCode, len(e.Answers), urgent)
		},
		log: func(e Effect) (string, []any) { // channel "slack": staff entered it in a direct message to the app
			return "tip submitted", []any{"tip_code", e.TipCode, "urgent", e.Urgent, "fields", len(e.Answers), "channel", string(e.Channel)}
		},
	},
	TipAdded: {
		done: func(e Effect, urgent string) string {
			return fmt.Sprintf("added to tip %s in its thread%s: %s", e.TipCode, urgent, e.Text)
		},
		would: func(e Effect, urgent string) string {
			return fmt.Sprintf("This would be added to tip %s%s (not sent: simulation).", e.TipCode, urgent)
		},
		log: func(e Effect) (string, []any) {
			return "tipster added to their tip", []any{"tip_code", e.TipCode, "urgent", e.Urgent, "media", e.Media}
		},
	},
	HandoffEnded: {
		done:  func(e Effect, _ string) string { return "staff told: " + e.Text },
		would: func(e Effect, _ string) string { return "Staff would be told: " + e.Text + "." },
		log:   func(e Effect) (string, []any) { return "handoff ended", []any{"why", e.Text} }, // Text is one of bot's fixed reasons
	},
	Erased: {
		done:  func(Effect, string) string { return "everything about this texter erased" },
		would: func(Effect, string) string { return "Everything kept about this texter would be erased." },
	},
}

// DescribeEffect says for people, in voice v, what e gives staff. It holds the texter's
// words where the effect carries them (a relayed message, a tip's answers): for a person
// trying the flows, never for logs.
func DescribeEffect(e Effect, v Voice) string {
	d, ok := effectWords[e.Kind]
	if !ok {
		return string(e.Kind)
	}
	if v == Would {
		return d.would(e, urgentMark(e, ", marked URGENT"))
	}
	return d.done(e, urgentMark(e, ", URGENT"))
}

// LogEffect is the log line of e where nothing is sent to staff (serve without a desk): its
// message and the attributes that identify it (alias and time aside), never a number, an answer
// or the texter's words. A kind the table lacks logs as "effect" with its kind.
func LogEffect(e Effect) (msg string, attrs []any) {
	if d, ok := effectWords[e.Kind]; ok && d.log != nil {
		return d.log(e)
	}
	return "effect", []any{"kind", string(e.Kind)}
}

func urgentMark(e Effect, mark string) string {
	if e.Urgent {
		return mark
	}
	return ""
}
