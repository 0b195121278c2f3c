package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Backlog defaults.
const (
	// DefaultSettle is how long texters whose spooled messages were moved into the backlog wait
	// before they are handled: the time every other replica has to see the store answer again and
	// move its own spool (each looks every quarter of a second, and at once on a webhook).
	DefaultSettle = 2 * time.Second
	// backlogLease is how long a replica draining a texter's backlog keeps others off it.
	backlogLease = 10 * time.Second
	// backlogBatch is how many texters of a shard one drain takes at a time.
	backlogBatch = 64
)

// Why the spooled messages are ordered in the store rather than in each replica's spool: a
// texter's messages are spread over the replicas by the load balancer, so while the store is
// down each replica's spool holds a part of them; replaying each spool on its own interleaves
// them, and a live message handled before the spooled ones overtakes them. So every replica
// moves its spool into the Backlog first, the backlog orders each texter's messages by the time
// they arrived, and nothing of a texter is handled while messages of theirs wait: a live
// message joins the end of the backlog and is answered once those before it are handled.

// backlogState is the Bot's own bookkeeping of the spool and backlog.
type backlogState struct {
	moving sync.Mutex // one MoveSpool at a time
	mu     sync.Mutex
	// settleUntil: live messages join the backlog until then. It is Settle after this replica
	// last saw the store fail or moved its spool into the backlog: other replicas may still be
	// moving theirs.
	settleUntil time.Time
}

func (b *Bot) settle() time.Duration {
	if b.Settle > 0 {
		return b.Settle
	}
	return DefaultSettle
}

// settleFrom makes live messages wait their turn in the backlog until Settle after now.
func (b *Bot) settleFrom(now time.Time) {
	b.backlog.mu.Lock()
	defer b.backlog.mu.Unlock()
	if until := now.Add(b.settle()); until.After(b.backlog.settleUntil) {
		b.backlog.settleUntil = until
	}
}

// settling reports until when this replica defers live messages.
func (b *Bot) settling(now time.Time) (time.Time, bool) {
	b.backlog.mu.Lock()
	defer b.backlog.mu.Unlock()
	return b.backlog.settleUntil, now.Before(b.backlog.settleUntil)
}

// inOrderFirst answers a live message when it cannot be handled at once without perhaps
// overtaking a spooled one; ok is false when it can be handled at once. While this replica's
// spool holds messages they are moved first (if another move is under way, the message joins
// the backlog behind them); for Settle after a store failure or a move, live messages join the
// backlog too, behind what other replicas move in meanwhile. A store that fails on the way
// gets the message spooled, as any store failure does.
func (b *Bot) inOrderFirst(ctx context.Context, in Inbound) (Outcome, bool) {
	if b.Spool != nil && b.Spool.Waiting() > 0 {
		if !b.backlog.moving.TryLock() {
			return b.inOrder(ctx, in, b.Clock.Now().Add(b.settle())), true
		}
		_, err := b.moveSpool(ctx)
		b.backlog.moving.Unlock()
		if err != nil {
			return b.failed(ctx, in, &storeError{err}, true), true
		}
	}
	if until, ok := b.settling(b.Clock.Now()); ok {
		return b.inOrder(ctx, in, until), true
	}
	return Outcome{}, false
}

// MoveSpool moves the messages waiting in the replica's spool into the store's backlog, where
// they are ordered with those of the other replicas, and returns how many it moved. It fails
// while the store fails; what it could not move stays in the spool.
func (b *Bot) MoveSpool(ctx context.Context) (int, error) {
	if b.Spool == nil || b.Backlog == nil || b.Spool.Waiting() == 0 {
		return 0, nil
	}
	b.backlog.moving.Lock()
	defer b.backlog.moving.Unlock()
	return b.moveSpool(ctx)
}

// moveSpool is MoveSpool with b.backlog.moving held.
func (b *Bot) moveSpool(ctx context.Context) (int, error) {
	if b.Spool.Waiting() == 0 {
		return 0, nil // another call moved them meanwhile
	}
	now := b.Clock.Now()
	due := now.Add(b.settle())
	n, err := b.Spool.Flush(ctx, func(ms []Spooled) error {
		batch := make([]Deferred, len(ms))
		for i, m := range ms {
			batch[i] = Deferred{Texter: b.texterOf(m.Inbound), Spooled: m}
		}
		return b.Backlog.Defer(ctx, batch, due)
	})
	if n > 0 {
		b.settleFrom(now)
		b.log().Info("moved spooled messages into the store's backlog", "count", n)
	}
	if err != nil {
		return n, fmt.Errorf("error moving spooled messages: %w", err)
	}
	return n, nil
}

func (b *Bot) texterOf(in Inbound) string {
	ch := in.Channel
	if ch == "" {
		ch = ChannelSMS
	}
	return b.Keys.TexterKey(ch, in.From)
}

// inOrder answers a live message that must not overtake messages waiting in the backlog: it
// joins the texter's backlog, waits until the backlog is due (at most Settle), and the texter's
// messages are handled oldest first, this one last. Its answer is the webhook's.
func (b *Bot) inOrder(ctx context.Context, in Inbound, due time.Time) Outcome {
	texter := b.texterOf(in)
	now := b.Clock.Now()
	if err := b.Backlog.Defer(ctx, []Deferred{{Texter: texter, Spooled: Spooled{Inbound: in, Received: now, Live: true}}}, due); err != nil {
		return b.failed(ctx, in, &storeError{err}, true)
	}
	msgs, due, err := b.Backlog.Waiting(ctx, texter)
	// Due in the future: other replicas may still be moving this texter's messages in, so wait
	// for them. Due later than Settle is a drainer's lease, not a wait for others: go on.
	if wait := due.Sub(now); err == nil && wait > 0 && wait <= b.settle() {
		sleep(ctx, wait)
		msgs, _, err = b.Backlog.Waiting(ctx, texter)
	}
	if err != nil {
		return b.keptFailSafe(in, err)
	}
	out, found, err := b.drain(ctx, texter, msgs, in.ID)
	switch {
	case err != nil:
		return b.keptFailSafe(in, err)
	case !found: // another replica handled it meanwhile: its answer is in the dedupe record
		return b.handle(ctx, in, handleMode{replay: true})
	}
	return out
}

// keptFailSafe answers a message that waits in the backlog while the store fails again: it is
// handled when the store is back.
func (b *Bot) keptFailSafe(in Inbound, err error) Outcome {
	b.log().Error("the store failed while handling a texter's backlog; sent the fail-safe reply", "msg_id", in.ID, "error", err)
	b.settleFrom(b.Clock.Now())
	out := failSafe()
	out.Spooled, out.storeFailed = true, true
	return out
}

// errStoreFailing stops a drain: the store failed, the rest waits.
var errStoreFailing = errors.New("the store failed while draining the backlog")

// drain handles msgs (a texter's backlog, oldest first) one after the other and removes each
// from the backlog, and returns the outcome of the message with id want. With want empty (the
// texter did not write now), the replies to the last message are sent by SMS (LateReply) if it
// arrived within SilenceLimit: the texter got the fail-safe reply back then, and the answer to
// their latest message tells them where the conversation stands; earlier answers are stale. A
// message the engine cannot handle is dropped (handling it again would not help); a store
// failure stops the drain with the rest kept.
func (b *Bot) drain(ctx context.Context, texter string, msgs []Spooled, want string) (Outcome, bool, error) {
	var res Outcome
	found := false
	for i, m := range msgs {
		late := want == "" && i == len(msgs)-1 && b.Clock.Now().Sub(m.Received) <= SilenceLimit
		out := b.handle(ctx, m.Inbound, handleMode{replay: true, late: late, failSafe: !m.Live})
		if out.FailSafe && out.storeFailed {
			return out, false, errStoreFailing
		}
		if out.FailSafe {
			b.log().Warn("a message from the backlog could not be handled; dropped", "msg_id", m.Inbound.ID)
		}
		if err := b.Backlog.Handled(ctx, texter, m.Inbound.ID); err != nil {
			return out, false, err
		}
		if m.Inbound.ID == want {
			res, found = out, true
		}
	}
	return res, found, nil
}

// DrainBacklog handles the messages of every texter whose backlog is due, oldest first per
// texter, shards in parallel, and returns how many texters it drained. Run it often (every
// quarter of a second while a backlog may exist): a texter who does not write again is only
// answered (LateReply) by it.
func (b *Bot) DrainBacklog(ctx context.Context) (int, error) {
	if b.Backlog == nil {
		return 0, nil
	}
	n := b.Backlog.Shards()
	counts, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for s := range n {
		wg.Go(func() { counts[s], errs[s] = b.drainShard(ctx, s) })
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total, errors.Join(errs...)
}

func (b *Bot) drainShard(ctx context.Context, shard int) (int, error) {
	texters, err := b.Backlog.DueTexters(ctx, shard, b.Clock.Now(), backlogLease, backlogBatch)
	if err != nil {
		return 0, fmt.Errorf("error reading the backlog of shard %d: %w", shard, err)
	}
	done := 0
	for _, t := range texters {
		msgs, _, err := b.Backlog.Waiting(ctx, t)
		if err != nil {
			return done, fmt.Errorf("error reading a texter's backlog: %w", err)
		}
		if _, _, err := b.drain(ctx, t, msgs, ""); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// lateReplies are the effects that send a replayed message's replies by SMS.
func lateReplies(c Commit, in Inbound, now time.Time) []Effect {
	var out []Effect
	for i, r := range c.Replies {
		out = append(out, NewLateReply(r, fmt.Sprintf("%s-late-%d", in.ID, i)).stamped(c.Texter, &c.Session, now))
	}
	return out
}
