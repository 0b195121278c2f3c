package bot

import (
	"context"
	"errors"
	"time"
)

// Spool keeps, on the replica's own disk, the inbound messages that arrived while the store was
// failing: the texter got FailSafeReply at the time, and what they wrote (perhaps to staff) is
// not lost. When the store answers again the Bot moves them into the store's Backlog
// (MoveSpool), where the messages of one texter from every replica are put in arrival order
// before any is handled. integrations/spool keeps them in files.
type Spool interface {
	// Put keeps a message, durably, or fails (the spool is full, the disk failed).
	Put(ctx context.Context, m Spooled) error
	// Waiting counts the kept messages; it is cheap enough for every webhook.
	Waiting() int
	// Flush hands the kept messages, oldest first, in batches to fn, and forgets each batch for
	// which fn returned nil; it stops at the first error and returns how many it forgot.
	Flush(ctx context.Context, fn func([]Spooled) error) (int, error)
}

// Spooled is an inbound message kept for later, with when it arrived at the replica.
type Spooled struct {
	Inbound  Inbound
	Received time.Time
	// Live marks a message that joined the backlog as it arrived (Bot.inOrder), its webhook
	// waiting for the answer; every other message in a backlog was given the fail-safe reply.
	Live bool `json:",omitempty"`
}

// Backlog is the store's half of the spool: messages waiting, per texter, to be handled in the
// order they arrived. Replicas move their spools into it as soon as the store answers again;
// the Bot then handles a texter's messages only once they are due (Settle after the last one
// was moved in, so that every replica has had time to move its own), oldest first, and a live
// message of a texter who has messages in the backlog joins them at the end (Snapshot.Deferred)
// instead of overtaking them. integrations/redis keeps it beside the texter's session.
type Backlog interface {
	// Shards is how many partitions DueTexters reads, numbered 0 to Shards()-1.
	Shards() int
	// Defer adds messages for their texters (a message id already waiting is kept once); each
	// texter concerned is due no earlier than due.
	Defer(ctx context.Context, ms []Deferred, due time.Time) error
	// Waiting returns a texter's messages, oldest arrival first (ties by message id), and when
	// they are due.
	Waiting(ctx context.Context, texter string) ([]Spooled, time.Time, error)
	// DueTexters returns up to max texters of shard whose messages are due at now, and leases
	// them: each is due again only after lease, so replicas do not drain one texter twice at
	// once, and one that crashed half-way is drained again.
	DueTexters(ctx context.Context, shard int, now time.Time, lease time.Duration, max int) ([]string, error)
	// Handled removes a message that was handled; a texter with none left is no longer listed.
	Handled(ctx context.Context, texter, messageID string) error
}

// Deferred is a message for the Backlog, with its texter (TexterKey).
type Deferred struct {
	Texter string
	Spooled
}

// storeError marks a failure of the store (not of the engine), after which a message is spooled.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// spool keeps in for a replay after a store failure; it reports whether it did.
func (b *Bot) spool(ctx context.Context, in Inbound, err error) bool {
	var se *storeError
	if b.Spool == nil || !errors.As(err, &se) || in.ID == "" {
		return false
	}
	if err := b.Spool.Put(context.WithoutCancel(ctx), Spooled{Inbound: in, Received: b.Clock.Now()}); err != nil {
		b.log().Error("cannot spool a message the store could not take; it is lost", "msg_id", in.ID, "error", err)
		return false
	}
	return true
}
