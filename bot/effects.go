package bot

import "time"

// Effect is something a message caused that happens outside the conversation: a post to staff,
// a tip to file. Effects are committed with the session in one atomic write and applied later by
// the outbox worker, so they are plain values that encode to JSON (the outbox keeps them sealed
// under these JSON names: they never change).
//
// Each kind carries some of the fields, as kindFields (effect_fields.go) lists them; the rest
// stay empty. Build an effect with its kind's constructor (effect_new.go): NewTexterMessage,
// NewDeskNote, ... The comments below say what a field means.
type Effect struct {
	Kind   EffectKind `json:"kind"`
	Texter string     `json:"texter"` // TexterKey: routes the effect, never shown to staff
	Alias  string     `json:"alias,omitempty"`
	At     time.Time  `json:"at"`

	Lang    string            `json:"lang,omitempty"`
	Queue   string            `json:"queue,omitempty"`
	Urgent  bool              `json:"urgent,omitempty"`
	Answers map[string]string `json:"answers,omitempty"`  // the texter's answers, by field
	Text    string            `json:"text,omitempty"`     // the words sent or posted, or a reason (the kind's doc says which)
	Media   int               `json:"media,omitempty"`    // how many attachments came with the texter's words
	TipCode string            `json:"tip_code,omitempty"` // the tip the effect files, adds to, or follows up
	Channel Channel           `json:"channel,omitempty"`  // where the texter came from (a post shows it when not SMS)

	// The staff desk (desk.go).
	Handoff string `json:"handoff,omitempty"` // Handoff.Ref of the conversation the effect belongs to
	Thread  Thread `json:"thread,omitzero"`   // the desk thread, when known at commit time
	// Threads are, for Erased, the threads of the texter's earlier handoffs (Session.Threads).
	Threads []Thread `json:"threads,omitempty"`
	User    string   `json:"user,omitempty"`    // the staff member who acted, or is addressed
	TS      string   `json:"ts,omitempty"`      // a staff message: the reply sent, reacted to, held
	Status  string   `json:"status,omitempty"`  // a post's Status*, a notice's Notice*, a message's Mark*, an event type
	Offer   string   `json:"offer,omitempty"`   // the buttons to show, Offer*
	Key     string   `json:"key,omitempty"`     // stable id of the send or post: at most once
	DM      string   `json:"dm,omitempty"`      // the Slack user the flow talks to
	Partner string   `json:"partner,omitempty"` // the webhook's destination (partner.go)

	// The close (a DeskUpdate with StatusClosed): the outcome staff chose (an Outcomes code),
	// the optional case number of the partner's system, and when the handoff opened.
	Outcome string    `json:"outcome,omitempty"`
	Case    string    `json:"case,omitempty"`
	Opened  time.Time `json:"opened,omitzero"`
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
	// TipSubmitted files an anonymous tip with code TipCode: the store keeps it (Commit.Tip),
	// the applier posts it to the tips channel.
	TipSubmitted EffectKind = "tip_submitted"
	// TipAdded adds Text, which the tipster texted after their code, to tip TipCode: kept with
	// the tip (TipStore.AddToTip, once per Key) and posted in its thread.
	TipAdded EffectKind = "tip_added"
	// Erased asks every edge to forget the texter (redact staff posts, delete provider records).
	Erased EffectKind = "erased"

	// DeskNote posts Text, written by Frontdoor (never texter words), into the thread, with the
	// buttons Offer names, if any.
	DeskNote EffectKind = "desk_note"
	// DeskUpdate redraws the handoff post with Status (and User, Queue, Text).
	DeskUpdate EffectKind = "desk_update"
	// DeskEphemeral shows Text to User alone in the thread, with the buttons Offer names.
	DeskEphemeral EffectKind = "desk_ephemeral"
	// DeskReaction adds the reaction Text (an emoji name) to the staff message TS.
	DeskReaction EffectKind = "desk_reaction"
	// ChatReply posts the flow's Text to DM, a Slack user talking to the flows.
	ChatReply EffectKind = "chat_reply"

	// StaffReply sends the owner's Text to the texter by SMS; TS is the Slack message.
	StaffReply EffectKind = "staff_reply"
	// TexterNotice sends a Frontdoor notice (the hotline, the end of a conversation) by SMS.
	TexterNotice EffectKind = "texter_notice"
	// LateReply sends, by SMS, Text: the answer to a message that was handled late, from the
	// backlog, after the store failed when it arrived (the texter got the fail-safe reply then).
	LateReply EffectKind = "late_reply"
)

// Reasons a handoff ended, in HandoffEnded.Text.
const (
	EndedByMenu      = "texter went back to the menu"
	EndedByOptOut    = "texter opted out: replies are disabled"
	EndedByErasure   = "texter asked to erase their data"
	EndedByQuickExit = "texter left quickly: do not text back"
)

// MarkHelp marks a TexterMessage that is the HELP keyword: the texter also got the automatic
// help text, and staff should look.
const MarkHelp = "help"

// Statuses of a handoff post, in DeskUpdate.Status.
const (
	StatusClaimed     = "claimed"
	StatusClosed      = "closed"
	StatusTransferred = "transferred"
	StatusEnded       = "ended" // the texter left; Text says why
)

// Buttons an ephemeral notice offers, in DeskEphemeral.Offer.
const (
	OfferClaim   = "claim"   // a Claim button
	OfferConfirm = "confirm" // "Send anyway" and "Don't send" for the held reply TS
	OfferResend  = "resend"  // "Send again" for the reply TS that may not have been sent (on a DeskNote)
	OfferOutcome = "outcome" // the outcomes to close the conversation with
)

// Redacted is what the dead letters keep of an effect: what it was (kind, alias, handoff,
// thread, key, times), never whose it was or what it said: no texter key, no text, answers or
// Slack user it was for. So a dead letter outlives no erasure.
func (e Effect) Redacted() Effect {
	return Effect{Kind: e.Kind, Alias: e.Alias, At: e.At, Lang: e.Lang, Queue: e.Queue, Urgent: e.Urgent,
		TipCode: e.TipCode, Channel: e.Channel, Handoff: e.Handoff, Thread: e.Thread, User: e.User, TS: e.TS,
		Status: e.Status, Offer: e.Offer, Key: e.Key, Media: e.Media, Partner: e.Partner,
		Outcome: e.Outcome, Case: e.Case, Opened: e.Opened}
}

// KeptByErasure reports whether erasing the texter leaves the effect in the outbox: a tip's
// post and additions, which stay (without the texter) as the tips do, and partner webhooks,
// which hold nothing of the texter. Erasure drops the rest.
func (e Effect) KeptByErasure() bool {
	return e.Kind == TipSubmitted || e.Kind == TipAdded || e.Kind == PartnerWebhook
}

// postKey names one post or send for at-most-once delivery: stable across retries of the same
// message or action, unique per texter, holding nothing of the number. "" when id is "" (chat and
// tests without ids): such posts are not deduplicated.
func postKey(kind, id string) string {
	if id == "" {
		return ""
	}
	return kind + ":" + id
}
