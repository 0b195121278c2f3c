package bot

import (
	"context"
	"errors"
	"time"
)

// DeskStore is what the staff desk keeps besides sessions. integrations/memory and
// integrations/redis implement it on the same data as their Store; storetest.RunDesk is its
// contract. Everything is keyed by the texter's shard, so that Store.Commit can keep the thread
// index, the timers and the claimed list in step with the session atomically.
type DeskStore interface {
	// LookupThread returns the texter whose handoff thread th is. open is false when that
	// conversation ended (the thread is kept as closed for the session TTL, so late replies can
	// be told); ErrNoThread means th is no handoff thread at all.
	LookupThread(ctx context.Context, th Thread) (texter string, open bool, err error)

	// Ledger reads what was recorded for the texter under key (LedgerNone, LedgerBegun, or
	// LedgerDone with its value). BeginLedger records that work for key started; SetLedger that
	// it finished with value. The ledger lets an applier that crashed half-way find out whether a
	// post or a send already happened (PostOnce). It lives as long as the session, and erasure
	// deletes it: BeginLedger and SetLedger write nothing when the texter has no session (erased
	// or expired, perhaps while a post was in flight) and return ErrConversationGone, so that
	// nothing of an erased texter comes back.
	Ledger(ctx context.Context, texter, key string) (value string, state LedgerState, err error)
	BeginLedger(ctx context.Context, texter, key string) error
	SetLedger(ctx context.Context, texter, key, value string) error
	// ForgetLedger drops what was recorded under key: the work surely did not happen (a send
	// the provider refused before taking it) and may be tried again from the start.
	ForgetLedger(ctx context.Context, texter, key string) error

	// DueTimers returns up to max texters whose escalation timer is due at now, and leases them:
	// each is due again only after lease, so two replicas never get the same timer at once, and
	// one that crashed before handling it is retried. Handling commits the session, which sets
	// the timer to Handoff.Due again (or removes it).
	DueTimers(ctx context.Context, now time.Time, lease time.Duration, max int) ([]string, error)
	// Claimed returns the texters whose handoff is claimed (the reconciler reads their threads).
	Claimed(ctx context.Context) ([]string, error)

	// RememberSent records which conversation and staff message an SMS sent with provider id sid
	// belongs to, for its status callbacks; SentRef finds it (ok false when unknown).
	RememberSent(ctx context.Context, sid string, ref SentRef) error
	SentRef(ctx context.Context, sid string) (ref SentRef, ok bool, err error)

	// Lease takes the named lease for ttl if nobody holds it, and reports whether it did: one
	// replica runs a periodic job (the reconciler) per period.
	Lease(ctx context.Context, name string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the named lease up before its time (the job failed: another try may
	// come at once, not next period).
	ReleaseLease(ctx context.Context, name string) error
}

// LedgerState is what the ledger knows about a key.
type LedgerState int

const (
	LedgerNone  LedgerState = iota // nothing was started
	LedgerBegun                    // started, not known to have finished: it may or may not have happened
	LedgerDone                     // finished; the value says with what
)

// SentRef is what an SMS sent from the desk answers.
type SentRef struct {
	Texter  string
	Thread  Thread // zero when the handoff post had not landed yet
	Handoff string // the handoff's Ref
	TS      string // the staff message; "" for a notice
	Notice  string // which notice (TexterNotice's Status); "" for a staff reply
}

// ErrNoThread means a thread is not one of the desk's handoff threads.
var ErrNoThread = errors.New("not a handoff thread")

// ErrConversationGone means the texter's session is gone (erased, or expired): there is nothing
// to record work for, and nothing more to post about them.
var ErrConversationGone = errors.New("the conversation is gone (erased or expired)")
