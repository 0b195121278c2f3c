package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// LateReplyApplier applies LateReply effects: the answer to a message handled from the backlog
// goes by SMS through Sender (a GuardedSender, so the opt-out is checked again at send time) to
// the number kept in the session. It sends at most once (Ledger has the contract): the ledger
// records that the send began before it starts, and a send that failed, or began before a crash,
// is not tried again (the texter had the fail-safe reply; a second copy of an answer would be
// worse than none). It does not send when the texter opted out or erased their data, or MaxWait after the effect was made.
type LateReplyApplier struct {
	Store   Store
	Ledger  LedgerStore // the texter's ledger (DeskStore)
	Sender  Sender      // nil: SMS sending is not configured, and late replies are dropped
	Clock   Clock
	Log     *slog.Logger
	MaxWait time.Duration // default DefaultMaxWait
}

// Apply implements Applier.
func (a *LateReplyApplier) Apply(ctx context.Context, e Effect) error {
	snap, err := a.Store.Load(ctx, e.Texter, "")
	if err != nil {
		return err
	}
	s := snap.Session
	switch {
	case a.Sender == nil:
		return a.skip(e, "SMS sending is not configured")
	case s.Version == 0 || s.Address == "":
		return a.skip(e, "the conversation no longer exists")
	case s.OptedOut:
		return a.skip(e, "the texter opted out")
	case windowClosed(s, a.Clock.Now()):
		return a.skip(e, "outside WhatsApp's 24-hour window")
	case a.Clock.Now().Sub(e.At) > orDefault(a.MaxWait, DefaultMaxWait):
		return a.skip(e, "too late")
	}
	ledger := NewLedger(a.Ledger)
	before, err := ledger.Begin(ctx, e.Texter, e.Key)
	switch {
	case err != nil:
		return err
	case before.State == LedgerDone:
		return nil
	case before.State == LedgerBegun:
		return a.skip(e, "an earlier attempt may or may not have sent it")
	}
	sid, err := a.Sender.Send(ctx, s.Address, e.Text, e.Key)
	if err != nil {
		why := "the SMS provider failed; it may or may not have been sent"
		if errors.Is(err, ErrRecipientOptedOut) || IsPermanent(err) {
			why = "the SMS provider refused it"
		}
		return a.skip(e, why)
	}
	return ledger.Done(ctx, e.Texter, e.Key, sid)
}

func (a *LateReplyApplier) skip(e Effect, why string) error {
	log := a.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("late reply not sent", "alias", e.Alias, "key", e.Key, "why", why)
	return nil
}
