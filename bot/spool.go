package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Spool keeps inbound messages that arrived while the store was failing, so that they are
// handled, once, when it is back: the texter got FailSafeReply at the time, and what they wrote
// (perhaps to staff) is not lost. Implementations keep messages durably and encrypted, in
// arrival order. integrations/spool keeps them in files.
type Spool interface {
	Put(ctx context.Context, m Spooled) error
}

// Spooled is an inbound message kept for later.
type Spooled struct {
	Inbound  Inbound
	Received time.Time
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

var (
	// ErrStillFailing means a replayed message met the failing store again; keep it spooled.
	ErrStillFailing = errors.New("the store is still failing")
	// ErrReplayFailed means the engine failed on a replayed message; spooling it again would
	// not help, so the spool drops it (the texter got the fail-safe reply back then).
	ErrReplayFailed = errors.New("the message could not be handled")
)

// Replay handles a spooled message now. Its replies are sent with sender when the message is
// at most SilenceLimit old (the texter wrote recently; the sender checks the opt-out); older
// ones change the conversation silently. It returns ErrStillFailing when the store fails again,
// ErrReplayFailed when the engine fails.
func (b *Bot) Replay(ctx context.Context, m Spooled, sender Sender) error {
	out := b.handle(ctx, m.Inbound, false)
	switch {
	case out.FailSafe && out.storeFailed:
		return ErrStillFailing
	case out.FailSafe:
		return ErrReplayFailed
	}
	if out.Duplicate || sender == nil || b.Clock.Now().Sub(m.Received) > SilenceLimit {
		return nil
	}
	for i, r := range out.Replies {
		if _, err := sender.Send(ctx, m.Inbound.From, r, fmt.Sprintf("%s-replay-%d", m.Inbound.ID, i)); err != nil {
			b.log().Warn("a reply to a replayed message was not sent", "msg_id", m.Inbound.ID, "error", err)
			return nil
		}
	}
	return nil
}
