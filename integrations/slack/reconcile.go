package slack

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// Reconciler defaults.
const (
	DefaultReconcileEvery  = 2 * time.Minute // how often claimed threads are re-read
	DefaultReconcileWindow = 12 * time.Hour  // how far back they are read
)

// Reconciler re-reads every claimed conversation's thread (conversations.replies) and hands the
// owner's messages since the claim, within Window, to the desk as late replies. A reply an event
// already brought is a duplicate there (its ID is the message), so a missed one is relayed
// exactly once: Slack does not always replay events after an outage. One replica reconciles per
// period (a lease).
//
// The lifetimes that make "exactly once" hold: a reply's dedupe record lives 24 h (the stores'
// DedupeTTL) from when it was handled, and a conversation, its ledger and its thread index 72 h
// from its last write (SessionTTL, renewed by every message), so a claimed thread can be older
// than any dedupe record in it. The reconciler therefore reads only the last Window (12 h),
// which must stay below the dedupe TTL with room for Slack's and our clocks to differ: any reply
// it finds was handled, if at all, less than 24 h ago, so its dedupe record still answers. A
// reply missed for longer than Window is not relayed late (it would reach a texter who may have
// put the phone down long ago; the silence rule would hold it anyway).
type Reconciler struct {
	API    *slack.Client
	Desk   *bot.Desk
	Every  time.Duration // default DefaultReconcileEvery
	Window time.Duration // default DefaultReconcileWindow; keep it below the dedupe TTL
	Log    *slog.Logger
}

// Run reconciles every period until ctx ends.
func (r *Reconciler) Run(ctx context.Context) {
	every := r.Every
	if every <= 0 {
		every = DefaultReconcileEvery
	}
	bot.Every(ctx, every, func() {
		ok, err := r.Desk.Store.Lease(ctx, "reconcile", every*9/10)
		if err != nil || !ok {
			return // another replica has this period
		}
		if n, err := r.Poll(ctx); err != nil && ctx.Err() == nil {
			r.log().Warn("reconciling threads failed", "error", err, "relayed", n)
		}
	})
}

// Poll reconciles once and returns how many missed replies it relayed.
func (r *Reconciler) Poll(ctx context.Context) (int, error) {
	claims, err := r.Desk.Claims(ctx)
	if err != nil {
		return 0, err
	}
	relayed := 0
	var errs []error
	for _, c := range claims {
		n, err := r.thread(ctx, c)
		relayed += n
		if err != nil {
			errs = append(errs, Classify(err))
		}
	}
	return relayed, errors.Join(errs...)
}

func (r *Reconciler) thread(ctx context.Context, c bot.Claim) (int, error) {
	window := r.Window
	if window <= 0 {
		window = DefaultReconcileWindow
	}
	since := r.Desk.Now().Add(-window)
	if c.Since.After(since) {
		since = c.Since
	}
	p := &slack.GetConversationRepliesParameters{ChannelID: c.Thread.Channel, Timestamp: c.Thread.TS,
		Oldest: slackTS(since), Limit: 200}
	relayed := 0
	for range 20 {
		msgs, more, cursor, err := r.API.GetConversationRepliesContext(ctx, p)
		if err != nil {
			return relayed, err
		}
		for _, m := range msgs {
			if m.User != c.Owner || m.BotID != "" || m.Timestamp == c.Thread.TS || !relayedSubtype(m.SubType) {
				continue
			}
			a := ReplyAction(c.Thread.Channel, c.Thread.TS, m.User, m.Timestamp, m.Text)
			a.Texter, a.Late, a.Files = c.Texter, true, len(m.Files)
			out, err := r.Desk.Act(ctx, a)
			if err != nil {
				return relayed, err
			}
			if !out.Duplicate && len(out.Effects) > 0 {
				relayed++
				r.log().Info("relayed a reply Slack never delivered", "alias", c.Alias, "ts", m.Timestamp)
			}
		}
		if !more || cursor == "" {
			break
		}
		p.Cursor = cursor
	}
	return relayed, nil
}

func (r *Reconciler) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}
