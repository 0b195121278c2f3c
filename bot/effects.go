package bot

import "time"

// Effect is something a message caused that happens outside the conversation: a post to staff,
// a tip to file. Effects are committed with the session in one atomic write and applied later by
// the outbox worker, so they are plain values that encode to JSON.
type Effect struct {
	Kind   EffectKind `json:"kind"`
	Texter string     `json:"texter"` // TexterKey: routes the effect, never shown to staff
	Alias  string     `json:"alias,omitempty"`
	At     time.Time  `json:"at"`

	Lang    string            `json:"lang,omitempty"`
	Queue   string            `json:"queue,omitempty"`
	Urgent  bool              `json:"urgent,omitempty"`
	Answers map[string]string `json:"answers,omitempty"` // HandoffRequested, TipSubmitted
	Text    string            `json:"text,omitempty"`    // TexterMessage
	Media   int               `json:"media,omitempty"`   // TexterMessage
	TipCode string            `json:"tip_code,omitempty"`
	Channel Channel           `json:"channel,omitempty"` // TipSubmitted: where the tip came from
}

// EffectKind names what an Effect does.
type EffectKind string

const (
	// HandoffRequested opens a conversation for staff in Queue.
	HandoffRequested EffectKind = "handoff_requested"
	// TexterMessage relays a texter's message to the staff handling the handoff.
	TexterMessage EffectKind = "texter_message"
	// HandoffEnded tells staff the texter left (MENU, STOP or DELETE); Text says why.
	HandoffEnded EffectKind = "handoff_ended"
	// TipSubmitted files an anonymous tip with code TipCode.
	TipSubmitted EffectKind = "tip_submitted"
	// Erased asks every edge to forget the texter (redact staff posts, delete provider records).
	Erased EffectKind = "erased"
)

// Reasons a handoff ended, in HandoffEnded.Text.
const (
	EndedByMenu    = "texter went back to the menu"
	EndedByOptOut  = "texter opted out: replies are disabled"
	EndedByErasure = "texter asked to erase their data"
)
