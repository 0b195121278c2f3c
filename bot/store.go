package bot

import (
	"context"
	"errors"
)

// Store keeps sessions, the dedupe record of handled messages, the durable opt-out list and the
// outbox of effects. Implementations: integrations/memory and integrations/redis. Every method
// is safe for concurrent use by many replicas.
//
// What one Commit writes, in one atomic step, and which side of the store holds it:
//
//	always      the session (compare-and-set on Version), the dedupe record with the replies,
//	            the effects into the outbox, the opt-out list
//	TipStore    c.Tip: the tip record, its place in the time index, the texter's list of tips
//	DeskStore   the desk's indexes derived from c.Session.Handoff (thread, timer, claimed) and
//	            c.Closed marked closed
//	StatsStore  c.Counts added to the day's counters
//
// The sides a store has are the store's business: memory and redis have them all, so one
// Commit keeps them in step. Who reads a side is told so at construction, never by asking the
// Store what else it is:
//
//	Bot.Tips         TipStore    tip codes drawn for its shards; a texter adds to their own tip
//	Bot.Stats        StatsStore  fail-safe replies no commit records are counted
//	DeskConfig.Desk  DeskStore   threads, ledger, timers, sent messages of the staff desk
//	DeskConfig.Tips  TipStore    Ask tipster finds the tip
//	Bot.Backlog      Backlog     spooled messages ordered across replicas
//	Bot.Limiter      RateCounter the per-texter rate limit (ratelimit.go)
//	Bot.SendGate     SendGate    SMS attempts in flight, atomic with the opt-out (sendgate.go)
type Store interface {
	// Load returns the texter's session (Version 0 when there is none) with OptedOut set from
	// the durable opt-out list, and, when messageID was already handled, Done with the replies
	// given then. An empty messageID is never a duplicate.
	Load(ctx context.Context, texter, messageID string) (Snapshot, error)
	// Commit writes one message's outcome atomically: the session, if its stored version still
	// equals c.Session.Version (else ErrConflict; nothing is written), stored as Version+1; the
	// dedupe record of c.MessageID with c.Replies (ErrDuplicate when another writer recorded it
	// first); the effects, into the outbox; and the opt-out list from c.Session.OptedOut.
	// With c.Erase it instead deletes everything about the texter except an opt-out.
	//
	// A store that is also a TipStore writes c.Tip, when set, in the same atomic write: the tip
	// record, its place in the time index, and the texter's list of tips. A taken code (or one
	// the store cannot keep with the texter's data) fails with ErrTipCodeTaken and nothing is
	// written. Erasure drops the texter from their tips (Tip.Texter becomes ""); the tips stay.
	//
	// A store that is also a DeskStore keeps the desk's indexes in the same atomic write, derived
	// from c.Session.Handoff: the thread of an open handoff maps to the texter, the escalation
	// timer is set to Handoff.Due (or removed), the texter is listed as claimed while Handoff.Owner
	// is set; and c.Closed, if set, is marked closed. Erasure removes them all and the ledger.
	Commit(ctx context.Context, c Commit) error
	// Ping checks that the store is reachable.
	Ping(ctx context.Context) error
}

// Snapshot is what Load found.
type Snapshot struct {
	Session Session
	Done    bool     // the message was handled before
	Replies []string // the replies given then
	// Deferred: the texter has messages waiting in the Backlog (a store that keeps one says so).
	Deferred bool
}

// Commit is one message's outcome.
type Commit struct {
	Texter    string
	MessageID string
	Session   Session // with the Version that was loaded
	Replies   []string
	Effects   []Effect
	Erase     bool
	Closed    Thread // a desk thread whose conversation ended: marked closed (DeskStore)
	Tip       *Tip   // a tip this message submitted: filed with the session (TipStore)
	// Counts are added to the day's counters in the same atomic write (a store that is also a
	// StatsStore; stats.go): a commit refused as a conflict or duplicate counts nothing. A name
	// that fails ValidStatName is dropped.
	Counts Counts
}

var (
	// ErrConflict means the session changed since it was loaded; load again and retry.
	ErrConflict = errors.New("session changed since it was loaded")
	// ErrDuplicate means the message was handled by another writer meanwhile.
	ErrDuplicate = errors.New("message already handled")
)
