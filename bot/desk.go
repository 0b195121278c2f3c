package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/flows"
)

// Desk holds the staff desk's rules: who may answer a texter handed off to staff, when a reply
// is held, what closing and transferring do, and when an unclaimed conversation escalates.
//
// Staff actions arrive as Action values (a reply in a thread, a button, an escalation timer, a
// send that went through) and are handled like texter messages: deduplicated by Action.ID
// through Store.Commit, the texter's session loaded (found from the thread through the
// DeskStore), a decision made, and the new session and the effects it causes committed in one
// atomic write. The outbox worker applies the effects: Slack ones through the desk's applier
// (integrations/slack), SMS ones through SMSApplier. Desk does no I/O but through its stores,
// and reads the time from its clock. Build one with NewDesk.
//
// Staff see only the session's alias, never the number or anything derived from it: the
// effects for Slack carry the alias, the staff IDs and Frontdoor's own words; the texter's words
// only in TexterMessage and in the answers of the handoff post.
type Desk struct {
	Store  DeskStore      // threads, ledger, timers, sent messages
	Roster *roster.Roster // queues, shifts, backups, escalation delays, as at start
	// Present, when set, says whether a web chat visitor's page is open (bot.Mailbox.Present):
	// nothing is sent to a visitor who left, and staff read so (webchat.go).
	Present func(ctx context.Context, texter string) (bool, error)
	// Directory is the partner directory staff refer texters to; nil without one.
	Directory *directory.Directory

	sessions Store
	tips     TipStore
	live     *LiveEngine
	clock    Clock
	log      *slog.Logger
	partners Partners
	attempts int

	reloaded atomic.Pointer[roster.Roster] // a roster swapped in since (SwapRoster)
}

// DeskConfig is what a Desk is built from.
type DeskConfig struct {
	Sessions Store     // the texters' sessions, loaded and committed by every action (required)
	Desk     DeskStore // threads, ledger, timers, sent messages (required)
	// Tips is where Ask tipster finds a tip; nil: no tip can be followed up.
	Tips TipStore
	// Live is the engine in use: the messages texters are sent and the prepared replies
	// (required).
	Live      *LiveEngine
	Clock     Clock          // required
	Log       *slog.Logger   // default slog.Default()
	Roster    *roster.Roster // required
	Directory *directory.Directory
	Present   func(ctx context.Context, texter string) (bool, error)
	// Partners routes closed handoffs and tip additions to partners' case systems; nil sends none.
	Partners Partners
	Attempts int // how often an action is retried after a version conflict; default DefaultAttempts
}

// NewDesk returns a desk ready to act.
func NewDesk(cfg DeskConfig) *Desk {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	attempts := cfg.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	return &Desk{Store: cfg.Desk, Roster: cfg.Roster, Present: cfg.Present, Directory: cfg.Directory,
		sessions: cfg.Sessions, tips: cfg.Tips, live: cfg.Live, clock: cfg.Clock, log: log,
		partners: cfg.Partners, attempts: attempts}
}

// Now is the desk's time.
func (d *Desk) Now() time.Time { return d.clock.Now() }

// Flows returns the flows in use (their guide holds the prepared replies).
func (d *Desk) Flows() *flows.Set { return d.live.Engine().Flows() }

// messages returns the messages texters are sent, as the engine in use has them.
func (d *Desk) messages() Messages { return d.live.Engine().msgs }

// CurrentRoster returns the roster in use: the last one swapped in, else Roster.
func (d *Desk) CurrentRoster() *roster.Roster {
	if r := d.reloaded.Load(); r != nil {
		return r
	}
	return d.Roster
}

// SwapRoster puts a reloaded roster in use for every action from now on; conversations keep
// their queue (a queue the new roster lacks is checked by the caller before swapping).
func (d *Desk) SwapRoster(r *roster.Roster) { d.reloaded.Store(r) }

// ActionKind names what staff (or the desk's own machinery) did.
type ActionKind string

const (
	ActReply       ActionKind = "reply"       // a message in a handoff thread; Text is already SMS text
	ActClaim       ActionKind = "claim"       // the Claim button
	ActClose       ActionKind = "close"       // the Close button or /frontdoor close
	ActTransfer    ActionKind = "transfer"    // Transfer to Queue
	ActConfirm     ActionKind = "confirm"     // "Send anyway" for the held reply TS
	ActDiscard     ActionKind = "discard"     // "Don't send" for the held reply TS
	ActPosted      ActionKind = "posted"      // the post of handoff Handoff landed as Thread
	ActTick        ActionKind = "tick"        // the texter's escalation timer is due
	ActSent        ActionKind = "sent"        // the SMS Key was accepted by the provider
	ActFailed      ActionKind = "failed"      // the SMS Key was not sent; Text says why
	ActUndelivered ActionKind = "undelivered" // the provider reported an SMS not delivered; Text says why
	ActUnsure      ActionKind = "unsure"      // the SMS Key may or may not have been sent; Text is its text
	ActResend      ActionKind = "resend"      // "Send again" for the reply TS that may not have been sent
	ActAskTipster  ActionKind = "ask_tipster" // Ask tipster on the post of tip Tip (desk_tips.go)
)

// Action is one thing done at the desk.
type Action struct {
	Kind ActionKind
	// ID deduplicates: an action whose ID was handled acts no more (a Slack retry, the
	// reconciler finding a reply the events already brought). "" means no deduplication.
	ID      string
	Texter  string // set by internal callers; otherwise found from Thread
	Thread  Thread
	User    string // the staff member (Slack user ID)
	TS      string // the staff message (a reply, the held reply)
	Text    string // a reply's SMS text, or a failure's reason
	Queue   string // Transfer: the new queue
	Handoff string // Posted, Sent, Failed, Undelivered: the handoff's Ref
	Key     string // Sent, Failed: the send's Key
	Notice  string // Sent, Failed, Undelivered of a TexterNotice: which notice (its Status)
	Late    bool   // Reply: found by the reconciler rather than brought by an event
	Files   int    // Reply: files staff attached (never sent to the texter)
	Tip     string // AskTipster: the tip's code
	Outcome string // Close: the outcome staff chose (an Outcomes code); "" asks for one
	Case    string // Close: the optional case number of the partner's system
	Reply   string // Say: the prepared reply's name
	// Refer: the provider whose contact to send; without it, the Service and State to list
	// providers for.
	Provider, Service, State string
}

// ActOutcome is what an action did.
type ActOutcome struct {
	Ignored   bool     // not a handoff thread (staff talk among themselves), or nothing to act on
	Duplicate bool     // handled before
	Effects   []Effect // committed to the outbox
	// Direct are notices that could not be committed because no conversation holds them (a
	// reply in a closed thread): the caller applies them at once, best effort.
	Direct []Effect
	Say    string // a short answer for whoever acted (the slash command's reply)
	Stale  bool   // Posted: the conversation ended before its post landed
	Gone   bool   // the texter's session is gone (erased or expired): show nothing of them
}

// Act handles one action.
func (d *Desk) Act(ctx context.Context, a Action) (ActOutcome, error) {
	texter, out, err := d.texterOf(ctx, &a)
	if texter == "" || err != nil {
		return out, err
	}
	for range d.attempts {
		out, err := d.try(ctx, texter, a)
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrDuplicate) {
			continue // load again: another action or a texter message came first
		}
		return out, err
	}
	return ActOutcome{}, fmt.Errorf("error handling a desk action: %w", ErrConflict)
}

// texterOf finds the texter an action is about: named by the action, by the tip it follows up,
// or by its thread. "" means there is nobody to act on; the outcome says what to tell staff.
func (d *Desk) texterOf(ctx context.Context, a *Action) (string, ActOutcome, error) {
	switch {
	case a.Texter != "":
		return a.Texter, ActOutcome{}, nil
	case a.Kind == ActAskTipster:
		return d.tipster(ctx, a)
	}
	tx, open, err := d.Store.LookupThread(ctx, a.Thread)
	switch {
	case errors.Is(err, ErrNoThread) && a.Kind != ActReply && a.User != "":
		return "", d.notice(*a, noteNotYetSaved), nil // a button: only the desk's posts have them
	case errors.Is(err, ErrNoThread):
		return "", ActOutcome{Ignored: true}, nil // staff talking among themselves
	case err != nil:
		return "", ActOutcome{}, fmt.Errorf("error finding a thread's conversation: %w", err)
	case !open:
		return "", d.closedThread(*a), nil
	}
	return tx, ActOutcome{}, nil
}

func (d *Desk) try(ctx context.Context, texter string, a Action) (ActOutcome, error) {
	snap, err := d.sessions.Load(ctx, texter, a.ID)
	if err != nil {
		return ActOutcome{}, err
	}
	if snap.Done {
		return ActOutcome{Duplicate: true}, nil
	}
	if snap.Session.Version == 0 { // erased or expired: nothing to change, nothing to create
		out := d.closedThread(a)
		out.Stale, out.Gone = a.Kind == ActPosted, true
		return out, nil
	}
	t := newDeskTurn(d, snap.Session, a)
	if t.gone, err = d.visitorLeft(ctx, texter, snap.Session); err != nil {
		return ActOutcome{}, err
	}
	t.decide()
	c := Commit{Texter: texter, MessageID: a.ID, Session: t.s, Effects: t.effects, Closed: t.closed}
	c.Session.rememberThread(t.closed)
	c.Session.Texter, c.Session.Version, c.Session.Updated = texter, snap.Session.Version, t.now
	addPartnerEffects(d.partners, &c)
	countCommit(snap.Session, &c, turnFacts{})
	if err := d.sessions.Commit(ctx, c); err != nil {
		return ActOutcome{}, err
	}
	return ActOutcome{Effects: t.effects, Say: t.say, Stale: t.stale}, nil
}

// closedThread answers an action on a conversation that is over: staff who wrote or pressed a
// button are told nothing was sent; internal actions need nothing.
func (d *Desk) closedThread(a Action) ActOutcome {
	switch a.Kind {
	case ActAskTipster:
		return d.notice(a, noteTipsterGone)
	case ActReply, ActClaim, ActClose, ActTransfer, ActConfirm, ActDiscard, ActResend, ActSay, ActRefer:
		if a.Late || a.User == "" {
			return ActOutcome{Ignored: true}
		}
		return d.notice(a, noteEnded)
	}
	return ActOutcome{Ignored: true}
}

// notice shows text to the staff member who acted, at once: no conversation holds it.
func (d *Desk) notice(a Action, text string) ActOutcome {
	e := NewDeskEphemeral(DeskEphemeralFields{User: a.User, Text: text, Thread: a.Thread})
	e.At = d.clock.Now()
	return ActOutcome{Direct: []Effect{e}, Say: text}
}

// Undelivered handles a status callback that says the SMS sid was not delivered: the thread is
// told, with the provider's code. optedOut says the provider refused it because the texter opted
// out with it (Twilio 21610): the opt-out is recorded first, as for a refused send, so nothing
// more is sent and staff are told replies are disabled. An SMS the desk did not send is ignored.
// Both steps are idempotent, so a callback may be handled again after a failure.
func (d *Desk) Undelivered(ctx context.Context, sid string, code int, optedOut bool) error {
	ref, ok, err := d.Store.SentRef(ctx, sid)
	if err != nil || !ok {
		return err
	}
	if optedOut {
		if err := recordOptOut(ctx, d.sessions, d.clock, d.attempts, d, ref.Texter); err != nil {
			return fmt.Errorf("error recording an opt-out the provider reported: %w", err)
		}
	}
	reason := "not delivered"
	if code != 0 {
		reason = fmt.Sprintf("not delivered (%d)", code)
	}
	_, err = d.Act(ctx, Action{Kind: ActUndelivered, ID: "undelivered:" + sid, Texter: ref.Texter,
		Thread: ref.Thread, TS: ref.TS, Handoff: ref.Handoff, Notice: ref.Notice, Text: reason})
	return err
}

// Claim is a claimed conversation, as the reconciler and /frontdoor close need it.
type Claim struct {
	Texter string // for Action.Texter only; never shown
	Alias  string
	Thread Thread
	Owner  string
	Since  time.Time
}

// Claims lists the claimed conversations.
func (d *Desk) Claims(ctx context.Context) ([]Claim, error) {
	texters, err := d.Store.Claimed(ctx)
	if err != nil {
		return nil, fmt.Errorf("error listing claimed conversations: %w", err)
	}
	var out []Claim
	for _, tx := range texters {
		snap, err := d.sessions.Load(ctx, tx, "")
		if err != nil {
			return nil, err
		}
		h := snap.Session.Handoff
		if h == nil || h.Owner == "" || h.Thread.IsZero() {
			continue // ended since
		}
		out = append(out, Claim{Texter: tx, Alias: snap.Session.Alias, Thread: h.Thread, Owner: h.Owner, Since: h.Claimed})
	}
	return out, nil
}

// Current reports whether the texter's open handoff is still the one named ref (the desk posts
// nothing for a handoff that ended before staff were told).
func (d *Desk) Current(ctx context.Context, texter, ref string) (bool, error) {
	snap, err := d.sessions.Load(ctx, texter, "")
	if err != nil {
		return false, err
	}
	h := snap.Session.Handoff
	return h != nil && h.Ref == ref, nil
}

// OtherQueues lists the roster's queues but one, sorted (the Transfer menu).
func (d *Desk) OtherQueues(but string) []string {
	var out []string
	for name := range d.CurrentRoster().Queues {
		if name != but {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
