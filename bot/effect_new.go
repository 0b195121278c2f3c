package bot

import "time"

// One constructor per EffectKind: each fills Kind and that kind's own fields, and nothing else
// (effect_fields.go lists what each kind carries). The fields every effect carries (the
// texter, alias, time and language of its conversation) are stamped afterwards by the engine
// or the desk, and the desk fills an effect's handoff, thread and queue from the conversation
// when the constructor left them empty (deskTurn.emit, Desk.OnTurn).

// HandoffRequestedFields is what a HandoffRequested effect says: the queue asked, whether it is
// urgent, the texter's answers and channel, and for a transfer (Desk), the new handoff's Ref, who
// transferred it and from which queue.
type HandoffRequestedFields struct {
	Queue   string
	Urgent  bool
	Answers map[string]string
	Channel Channel
	Ref     string // the new handoff's Ref; a texter's handoff gets it from the desk (OnTurn)
	By      string // the staff member who transferred the conversation here
	From    string // the queue it was transferred from
}

// NewHandoffRequested returns a HandoffRequested effect.
func NewHandoffRequested(f HandoffRequestedFields) Effect {
	return Effect{Kind: HandoffRequested, Queue: f.Queue, Urgent: f.Urgent, Answers: f.Answers, Channel: f.Channel,
		Handoff: f.Ref, User: f.By, Text: f.From}
}

// TexterMessageFields is what a TexterMessage effect relays: the texter's words (or the plea
// that opened an urgent handoff), how many attachments came with them, whether the handoff is
// urgent, a mark (MarkHelp, or "") and the post's stable key.
type TexterMessageFields struct {
	Text   string
	Media  int
	Urgent bool
	Mark   string
	Key    string
}

// NewTexterMessage returns a TexterMessage effect.
func NewTexterMessage(f TexterMessageFields) Effect {
	return Effect{Kind: TexterMessage, Text: f.Text, Media: f.Media, Urgent: f.Urgent, Status: f.Mark, Key: f.Key}
}

// NewHandoffEnded returns a HandoffEnded effect for the handoff in queue: why is one of the
// EndedBy reasons, ch the channel the post shows (shownChannel). The desk adds the handoff,
// its thread, urgency, tip and answers (OnTurn).
func NewHandoffEnded(queue, why string, ch Channel) Effect {
	return Effect{Kind: HandoffEnded, Queue: queue, Text: why, Channel: ch}
}

// NewTipSubmitted returns a TipSubmitted effect filing the tip code with the texter's answers.
func NewTipSubmitted(code string, urgent bool, answers map[string]string, ch Channel) Effect {
	return Effect{Kind: TipSubmitted, TipCode: code, Urgent: urgent, Answers: answers, Channel: ch}
}

// TipAddedFields is what a TipAdded effect adds to tip Code: the tipster's words and
// attachments, whether they spoke of danger, the addition's stable key and the channel.
type TipAddedFields struct {
	Code    string
	Text    string
	Media   int
	Urgent  bool
	Key     string
	Channel Channel
}

// NewTipAdded returns a TipAdded effect.
func NewTipAdded(f TipAddedFields) Effect {
	return Effect{Kind: TipAdded, TipCode: f.Code, Text: f.Text, Media: f.Media, Urgent: f.Urgent, Key: f.Key, Channel: f.Channel}
}

// NewErased returns an Erased effect. The desk adds the open handoff, its thread and the
// threads of earlier handoffs (OnTurn).
func NewErased() Effect { return Effect{Kind: Erased} }

// DeskNoteFields is what a DeskNote effect posts: Frontdoor's Text, the buttons Offer names
// (about the staff message TS) and the post's stable key, in the handoff Handoff's Thread (with
// its Queue and TipCode); the desk fills an empty handoff, thread and queue from the conversation.
type DeskNoteFields struct {
	Text    string
	Offer   string
	TS      string
	Key     string
	Handoff string
	Thread  Thread
	Queue   string
	TipCode string
}

// NewDeskNote returns a DeskNote effect.
func NewDeskNote(f DeskNoteFields) Effect {
	return Effect{Kind: DeskNote, Text: f.Text, Offer: f.Offer, TS: f.TS, Key: f.Key, Handoff: f.Handoff, Thread: f.Thread,
		Queue: f.Queue, TipCode: f.TipCode}
}

// DeskNoteAbout is a DeskNote's fields that place it in handoff h's thread: its Ref, thread,
// queue and tip.
func DeskNoteAbout(h *Handoff, text, key string) DeskNoteFields {
	return DeskNoteFields{Text: text, Key: key, Handoff: h.Ref, Thread: h.Thread, Queue: h.Queue, TipCode: h.Tip}
}

// DeskUpdateFields is what a DeskUpdate effect redraws the handoff post with: its Status (one of
// the Status* values), the staff member User, a Text (for a transfer: the new queue), the
// texter's urgency, answers and channel, and where the post is (the desk fills an empty handoff,
// thread and queue). A close (StatusClosed) also carries the Outcome staff chose, the partner's
// Case number and when the handoff Opened.
type DeskUpdateFields struct {
	Status  string
	User    string
	Text    string
	Urgent  bool
	Answers map[string]string
	Channel Channel
	Handoff string
	Thread  Thread
	Queue   string
	TipCode string
	Outcome string
	Case    string
	Opened  time.Time
}

// NewDeskUpdate returns a DeskUpdate effect.
func NewDeskUpdate(f DeskUpdateFields) Effect {
	return Effect{Kind: DeskUpdate, Status: f.Status, User: f.User, Text: f.Text, Urgent: f.Urgent, Answers: f.Answers,
		Channel: f.Channel, Handoff: f.Handoff, Thread: f.Thread, Queue: f.Queue, TipCode: f.TipCode,
		Outcome: f.Outcome, Case: f.Case, Opened: f.Opened}
}

// DeskEphemeralFields is what a DeskEphemeral effect shows User alone in Thread: Text, with the
// buttons Offer names about the staff message TS.
type DeskEphemeralFields struct {
	User   string
	Text   string
	Offer  string
	TS     string
	Thread Thread
}

// NewDeskEphemeral returns a DeskEphemeral effect.
func NewDeskEphemeral(f DeskEphemeralFields) Effect {
	return Effect{Kind: DeskEphemeral, User: f.User, Text: f.Text, Offer: f.Offer, TS: f.TS, Thread: f.Thread}
}

// NewDeskReaction returns a DeskReaction effect adding the reaction emoji to the staff message
// ts in handoff ref's thread th (ref "": the conversation's handoff).
func NewDeskReaction(emoji, ts, ref string, th Thread) Effect {
	return Effect{Kind: DeskReaction, Text: emoji, TS: ts, Handoff: ref, Thread: th}
}

// NewChatReply returns a ChatReply effect posting the flow's text to dm, the Slack user talking
// to the flows.
func NewChatReply(dm, text string) Effect { return Effect{Kind: ChatReply, DM: dm, Text: text} }

// StaffReplyFields is what a StaffReply effect sends: the owner User's Text, the Slack message
// TS it came from, and the send's stable key.
type StaffReplyFields struct {
	Text string
	TS   string
	User string
	Key  string
}

// NewStaffReply returns a StaffReply effect.
func NewStaffReply(f StaffReplyFields) Effect {
	return Effect{Kind: StaffReply, Text: f.Text, TS: f.TS, User: f.User, Key: f.Key}
}

// NewTexterNotice returns a TexterNotice effect sending text, the notice named by notice (one
// of the Notice* values), about handoff ref, once per key.
func NewTexterNotice(notice, text, key, ref string) Effect {
	return Effect{Kind: TexterNotice, Status: notice, Text: text, Key: key, Handoff: ref}
}

// NewLateReply returns a LateReply effect sending text, once per key.
func NewLateReply(text, key string) Effect { return Effect{Kind: LateReply, Text: text, Key: key} }

// PartnerWebhookFields is what a PartnerWebhook effect delivers: the encoded event Body of type
// Event to the destination Partner, with its webhook ID, about tip TipCode if any.
type PartnerWebhookFields struct {
	Partner string
	Event   string
	ID      string
	Body    string
	TipCode string
}

// NewPartnerWebhook returns a PartnerWebhook effect.
func NewPartnerWebhook(f PartnerWebhookFields) Effect {
	return Effect{Kind: PartnerWebhook, Partner: f.Partner, Status: f.Event, Key: f.ID, Text: f.Body, TipCode: f.TipCode}
}
