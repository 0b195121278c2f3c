package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"
)

// DefaultAttempts bounds how often one message is retried after a version conflict.
const DefaultAttempts = 5

// Bot handles inbound messages end to end: dedupe, load, keywords and flows, one atomic commit.
// It never returns an error: when something fails the texter gets FailSafeReply.
type Bot struct {
	Engine *Engine
	// Live, when set, is read once per message instead of Engine, so the flows can change while
	// the bot runs (see LiveEngine).
	Live  *LiveEngine
	Store Store
	// Tips, when set, is where a texter's own tip is found (a message that starts with its code
	// adds to it) and how many shards tip codes are drawn for; nil: codes are drawn for one
	// shard and no message adds to a tip. serve passes the store's TipStore side.
	Tips TipStore
	// Stats, when set, counts the fail-safe replies no commit records; nil counts none (the
	// counts that ride on commits are the store's: Commit.Counts).
	Stats StatsStore
	// SendGate, when set, marks each SMS attempt in flight in one step with the check of the
	// opt-out, and a STOP waits for the attempts in flight (sendgate.go); nil: each attempt
	// checks the opt-out with a Load. serve passes the store's.
	SendGate SendGate
	Keys     *Keys
	Clock    Clock
	IDs      IDs
	Log      *slog.Logger
	Attempts int // default DefaultAttempts

	// Limit and Limiter apply the per-texter rate limit (ratelimit.go); a nil Limiter means none.
	Limit   RateLimit
	Limiter RateCounter
	// Spool, when set, keeps messages that arrived while the store failed, and Backlog is where
	// they are ordered with other replicas' once it answers again (spool.go, backlog.go). Settle
	// is how long moved messages wait for the other replicas' (default DefaultSettle).
	Spool   Spool
	Backlog Backlog
	Settle  time.Duration

	// Turns, when set, adds the staff desk's bookkeeping to every turn (a *Desk:
	// desk_texter.go); nil without a desk (serve --dev logs handoffs instead).
	Turns TurnHook
	// Partners, when set, routes tips, additions and closed handoffs to partners' case systems
	// (partner.go); nil sends none.
	Partners Partners

	backlog backlogState
}

// TurnHook does its part of a turn before the turn's commit: old is the session as loaded, c
// holds the engine's result, which the hook may change. *Desk is one.
type TurnHook interface {
	OnTurn(old Session, c *Commit, now time.Time)
}

// Outcome is what the texter is answered and what happened.
type Outcome struct {
	Replies   []string
	Effects   []Effect // the effects committed to the outbox
	Duplicate bool     // the message was handled before; Replies repeat that answer
	FailSafe  bool     // something failed; Replies hold FailSafeReply
	Limited   bool     // over the rate limit: Replies hold SlowDown once, then nothing
	Spooled   bool     // with FailSafe: the store failed and the message was kept for a replay
	Alias     string   // the conversation alias, for logs
	OptedOut  bool     // this message opted the texter out (for the console's counts)

	storeFailed bool // with FailSafe: the store, not the engine, failed
	backlogged  bool // not handled: the texter has messages waiting in the backlog
}

// handleMode says how a message is handled: live (a webhook; a store failure spools it, and it
// does not overtake the texter's backlog) or replayed from the backlog (late: its replies go out
// by SMS).
type handleMode struct{ replay, late, failSafe bool } // failSafe: answered so when it arrived

// errBacklogged stops a live message of a texter whose messages wait in the backlog.
var errBacklogged = errors.New("the texter has messages waiting in the backlog")

// Handle answers one inbound message. Right after a store outage it first moves this replica's
// spool into the backlog, and a message of a texter who has messages waiting there waits its
// turn (inOrderFirst).
func (b *Bot) Handle(ctx context.Context, in Inbound) Outcome {
	if b.Backlog == nil || in.ID == "" {
		return b.handle(ctx, in, handleMode{})
	}
	if out, ok := b.inOrderFirst(ctx, in); ok {
		return out
	}
	out := b.handle(ctx, in, handleMode{})
	if out.backlogged {
		return b.inOrder(ctx, in, b.Clock.Now())
	}
	return out
}

// handle answers one inbound message.
func (b *Bot) handle(ctx context.Context, in Inbound, mode handleMode) Outcome {
	if in.Channel == "" {
		in.Channel = ChannelSMS
	}
	texter := b.Keys.TexterKey(in.Channel, in.From)
	attempts := b.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	for i := 0; i < attempts; i++ {
		out, err := b.try(ctx, texter, in, mode)
		switch {
		case err == nil:
			return out
		case errors.Is(err, errBacklogged):
			return Outcome{backlogged: true}
		case errors.Is(err, ErrConflict), errors.Is(err, ErrDuplicate), errors.Is(err, ErrTipCodeTaken):
			continue // load again: the other writer's session, or its dedupe record; or draw another tip code
		default:
			return b.failed(ctx, in, err, !mode.replay)
		}
	}
	b.log().Warn("too many conflicts; sent the fail-safe reply", "msg_id", in.ID, "attempts", attempts)
	b.countFailSafe(ctx)
	return failSafe()
}

// failed answers with the fail-safe reply after err; with spool a store failure spools in.
func (b *Bot) failed(ctx context.Context, in Inbound, err error, spool bool) Outcome {
	out := failSafe()
	var se *storeError
	out.storeFailed = errors.As(err, &se)
	if out.storeFailed && b.Backlog != nil {
		b.settleFrom(b.Clock.Now()) // other replicas may be spooling this texter's messages
	}
	out.Spooled = spool && b.spool(ctx, in, err)
	if !out.storeFailed {
		b.countFailSafe(ctx) // a spooled message is counted when it is handled from the backlog
	}
	b.log().Error("handling failed; sent the fail-safe reply", "msg_id", in.ID, "spooled", out.Spooled, "error", err)
	return out
}

func (b *Bot) try(ctx context.Context, texter string, in Inbound, mode handleMode) (Outcome, error) {
	snap, pos, err := b.load(ctx, texter, in)
	if err != nil {
		return Outcome{}, &storeError{err}
	}
	if snap.Done {
		return Outcome{Replies: snap.Replies, Duplicate: true, Alias: snap.Session.Alias}, nil
	}
	if snap.Deferred && !mode.replay && b.Backlog != nil {
		return Outcome{}, errBacklogged
	}
	verdict, relay := b.Limit.Judge(pos), b.Limit.JudgeStaff(pos)
	if verdict != Allow && (snap.Session.Handoff == nil || relay == RelayNone) {
		return Outcome{Replies: b.limitedReplies(verdict, snap.Session), Limited: true, Alias: snap.Session.Alias}, nil
	}
	s, opts, err := b.stepInput(ctx, snap.Session, texter, in)
	if err != nil {
		return Outcome{}, &storeError{err}
	}
	turn, err := b.CurrentEngine().StepWith(s, in, b.Clock.Now(), opts)
	if err != nil {
		return Outcome{}, err
	}
	if verdict != Allow { // with staff: the message still reaches them, the answer is limited
		turn.Replies = b.limitedReplies(verdict, turn.Session)
	}
	if relay == RelayLast {
		turn.Effects = append(turn.Effects, b.floodNote(texter, snap.Session, in))
	}
	c := b.commitOf(snap.Session, texter, in, turn, mode, verdict == Allow)
	if err := b.Store.Commit(ctx, c); err != nil {
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrTipCodeTaken) {
			return Outcome{}, err
		}
		return Outcome{}, &storeError{err}
	}
	optedOut := turn.Session.OptedOut && !snap.Session.OptedOut
	if optedOut {
		b.awaitSends(ctx, texter) // an SMS attempt in flight ends before the confirmation
	}
	return Outcome{Replies: c.Replies, Effects: c.Effects, Limited: verdict != Allow, Alias: s.Alias, OptedOut: optedOut}, nil
}

// stepInput is what the engine steps from: the loaded session s addressed to the texter (with
// an alias drawn for a new one), and the options only the store knows.
func (b *Bot) stepInput(ctx context.Context, s Session, texter string, in Inbound) (Session, StepOptions, error) {
	s.Texter, s.Address, s.Channel = texter, in.From, in.Channel
	if s.Alias == "" {
		s.Alias = b.IDs.Alias()
	}
	opts := StepOptions{TipShards: b.tipShards()}
	if !s.OptedOut {
		var err error
		if opts.OwnTip, err = b.ownTip(ctx, texter, in); err != nil {
			return s, opts, err
		}
	}
	return s, opts, nil
}

// commitOf is the commit of a turn of the texter, whose session was loaded as old: the tip it
// files, the desk's bookkeeping, partners' deliveries, the day's counts and, for a message
// handled late and not limited (allowed), its replies by SMS.
func (b *Bot) commitOf(old Session, texter string, in Inbound, turn Turn, mode handleMode, allowed bool) Commit {
	c := Commit{Texter: texter, MessageID: in.ID, Session: turn.Session, Replies: turn.Replies, Effects: turn.Effects, Erase: turn.Erase,
		Counts: turn.Counts}
	c.Session.Version = old.Version
	c.Tip = newTip(c)
	b.finish(old, &c, in.Channel, in.From)
	b.partnerEffects(&c)
	countCommit(old, &c, turnFacts{texter: true, channel: in.Channel, quickExit: turn.QuickExit, failSafe: mode.failSafe})
	if mode.late && allowed && !c.Session.OptedOut && !c.Erase {
		c.Effects = append(c.Effects, lateReplies(c, in, b.Clock.Now())...)
	}
	return c
}

// finish completes a commit before it is written: the desk's bookkeeping, and for a texter who
// is not on SMS (a Slack user talking to the flows) the replies, which no webhook answer
// carries, go out through the outbox.
func (b *Bot) finish(old Session, c *Commit, ch Channel, address string) {
	now := b.Clock.Now()
	finishTurn(b.Turns, old, c, now)
	if ch == ChannelSlack && len(c.Replies) > 0 {
		reply := NewChatReply(address, strings.Join(c.Replies, "\n\n"))
		c.Effects = append(c.Effects, reply.stamped(c.Texter, &c.Session, now))
	}
}

// finishTurn runs turns (nil: none) on the commit and remembers a thread it closed.
func finishTurn(turns TurnHook, old Session, c *Commit, now time.Time) {
	if turns != nil {
		turns.OnTurn(old, c, now)
	}
	c.Session.rememberThread(c.Closed)
}

func failSafe() Outcome { return Outcome{Replies: []string{FailSafeReply}, FailSafe: true} }

func (b *Bot) log() *slog.Logger {
	if b.Log == nil {
		return slog.Default()
	}
	return b.Log
}

// countFailSafe counts a fail-safe reply no commit records (the engine failed, or the message
// met too many conflicts), best effort: the store answers, but a failure costs only the count.
func (b *Bot) countFailSafe(ctx context.Context) {
	if b.Stats != nil {
		if err := b.Stats.AddStats(ctx, b.Clock.Now(), Counts{StatFailSafe: 1}); err != nil {
			b.log().Warn("error counting a fail-safe reply", "error", err)
		}
	}
}
