package bot

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// commonFields are the Effect fields every kind carries: the kind, and the conversation's texter
// key, alias, time and language, which the engine and the desk stamp on each effect they emit
// (stamped).
var commonFields = []string{"Kind", "Texter", "Alias", "At", "Lang"}

// stamped returns e with the common fields of texter's conversation s at time at (a Lang the
// effect names stays).
func (e Effect) stamped(texter string, s *Session, at time.Time) Effect {
	e.Texter, e.Alias, e.At = texter, s.Alias, at
	if e.Lang == "" {
		e.Lang = s.Lang
	}
	return e
}

// kindFields is the one list of which Effect fields each kind carries besides the common ones;
// the kind's constructor (effect_new.go) fills some of them, the desk the conversation's handoff,
// thread and queue. A field outside its kind's row is empty, on the wire too.
var kindFields = map[EffectKind][]string{
	HandoffRequested: {"Queue", "Urgent", "Answers", "Channel", "Handoff", "User", "Text"},
	TexterMessage:    {"Text", "Media", "Urgent", "Status", "Key", "Handoff", "Thread", "TipCode"},
	HandoffEnded:     {"Queue", "Text", "Channel", "Handoff", "Thread", "Urgent", "Answers", "TipCode"},
	TipSubmitted:     {"TipCode", "Urgent", "Answers", "Channel"},
	TipAdded:         {"TipCode", "Text", "Media", "Urgent", "Key", "Channel"},
	Erased:           {"Handoff", "Thread", "Threads"},

	DeskNote: {"Text", "Offer", "TS", "Key", "Handoff", "Thread", "Queue", "TipCode"},
	DeskUpdate: {"Status", "User", "Text", "Urgent", "Answers", "Channel", "Handoff", "Thread", "Queue", "TipCode",
		"Outcome", "Case", "Opened"},
	DeskEphemeral: {"User", "Text", "Offer", "TS", "Handoff", "Thread", "Queue"},
	DeskReaction:  {"Text", "TS", "Handoff", "Thread", "Queue"},
	ChatReply:     {"DM", "Text"},

	StaffReply:     {"Text", "TS", "User", "Key", "Handoff", "Thread", "Queue"},
	TexterNotice:   {"Status", "Text", "Key", "Handoff", "Thread", "Queue"},
	LateReply:      {"Text", "Key"},
	PartnerWebhook: {"Partner", "Status", "Key", "Text", "TipCode"},
}

// carries reports whether effects of kind k carry the Effect field named field (a Go field
// name, e.g. "TipCode").
func (k EffectKind) carries(field string) bool {
	return slices.Contains(commonFields, field) || slices.Contains(kindFields[k], field)
}

// Validate checks that e is of a known kind and fills only the fields its kind carries.
func (e Effect) Validate() error {
	if _, ok := kindFields[e.Kind]; !ok {
		return fmt.Errorf("effect of unknown kind %q", e.Kind)
	}
	v := reflect.ValueOf(e)
	var stray []string
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if !v.Field(i).IsZero() && !e.Kind.carries(name) {
			stray = append(stray, name)
		}
	}
	if len(stray) > 0 {
		return fmt.Errorf("%s effect fills %s, which its kind does not carry", e.Kind, strings.Join(stray, ", "))
	}
	return nil
}
