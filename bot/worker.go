package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Worker defaults.
const (
	DefaultBatch        = 64
	DefaultMinIdle      = 2 * time.Minute
	DefaultMaxAge       = 6 * time.Hour
	DefaultBaseDelay    = time.Second
	DefaultMaxDelay     = 5 * time.Minute
	DefaultApplyTimeout = 30 * time.Second
	DefaultIdle         = 500 * time.Millisecond
)

// Worker drains an Outbox: it applies each effect through Applier, acknowledges it after success,
// retries failures with exponential backoff and full jitter (at least as long as a
// RetryAfterError asks), never retries a permanent error, and dead-letters an effect that still
// fails MaxAge after it was committed. When a far end (Target) that was failing answers again,
// the effects that backed off meanwhile are tried at once. A texter's effects are applied in commit order: one that
// waits for a retry holds back the texter's later effects, not other texters'. Shards are polled
// concurrently, so Applier must be safe for concurrent use.
//
// Run it in every replica, each with its own Consumer name; the Outbox lets one consumer hold a
// shard at a time, and hands a dead consumer's entries to the others after MinIdle.
//
// The Worker polls rather than blocking in the store (a Redis claim is one atomic script, which
// cannot block): when a round applied nothing it waits Idle (500 ms), and it checks ctx between
// entries, so SIGTERM is honoured within one Apply.
type Worker struct {
	Outbox   Outbox
	Applier  Applier
	Clock    Clock
	Consumer string // unique per process, e.g. host name, pid and a random suffix
	Log      *slog.Logger
	Random   func() float64 // in [0, 1), for jitter; default math/rand/v2

	Batch   int           // entries claimed per shard at a time; default DefaultBatch
	MinIdle time.Duration // silence after which a consumer is presumed dead; default DefaultMinIdle
	MaxAge  time.Duration // dead-letter an effect still failing this long after commit; default DefaultMaxAge
	// MaxAges overrides MaxAge for some kinds: a tip waits for Slack as long as it is kept.
	MaxAges      map[EffectKind]time.Duration
	BaseDelay    time.Duration // the first retry's backoff ceiling; default DefaultBaseDelay
	MaxDelay     time.Duration // the largest backoff ceiling; default DefaultMaxDelay
	ApplyTimeout time.Duration // bounds one Apply, also at shutdown; keep it well below MinIdle
	Idle         time.Duration // wait between polls when nothing was applied; default DefaultIdle
	// Target names the far end an effect of a kind reaches (e.g. "slack", "sms"; nil: one for
	// all). While a far end fails, one of its effects is tried every Probe (default DefaultProbe)
	// whatever the backoffs; once it answers, every effect that backed off meanwhile is due at
	// once (worker_circuit.go).
	Target func(EffectKind) string
	Probe  time.Duration

	stats    workerCounters
	circuits circuits
}

// WorkerStats counts what a Worker did since it was made; the web layer turns them into metrics.
type WorkerStats struct {
	Applied      uint64 // effects applied and acknowledged
	Retried      uint64 // failed attempts that will be retried
	DeadLettered uint64 // effects dead-lettered, for any reason below
	Permanent    uint64 // ... because the far end refused them for good
	Expired      uint64 // ... because they still failed MaxAge after commit
	Unreadable   uint64 // ... because they could not be decoded
	StoreErrors  uint64 // outbox operations that failed
}

type workerCounters struct {
	applied, retried, dead, permanent, expired, unreadable, storeErrors atomic.Uint64
}

// Stats returns the counters.
func (w *Worker) Stats() WorkerStats {
	c := &w.stats
	return WorkerStats{
		Applied: c.applied.Load(), Retried: c.retried.Load(), DeadLettered: c.dead.Load(),
		Permanent: c.permanent.Load(), Expired: c.expired.Load(), Unreadable: c.unreadable.Load(),
		StoreErrors: c.storeErrors.Load(),
	}
}

// Run polls the outbox until ctx ends. Then it lets an Apply in progress finish (within
// ApplyTimeout), releases everything it holds so that another replica takes over at once, and
// returns. It returns an error only for a misconfigured Worker or a failed release.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.check(); err != nil {
		return err
	}
	for ctx.Err() == nil {
		n, err := w.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			w.log().Warn("outbox poll failed", "error", err)
		}
		if n == 0 || err != nil {
			sleep(ctx, w.idle())
		}
	}
	return w.release()
}

// Poll claims and handles one batch from every shard, and returns how many entries it finished
// (applied or dead-lettered). Entries not yet due are left for a later Poll.
func (w *Worker) Poll(ctx context.Context) (int, error) {
	if err := w.check(); err != nil {
		return 0, err
	}
	n := w.Outbox.Shards()
	done := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for s := range n {
		wg.Go(func() { done[s], errs[s] = w.pollShard(ctx, s) })
	}
	wg.Wait()
	total := 0
	for _, d := range done {
		total += d
	}
	return total, errors.Join(errs...)
}

func (w *Worker) pollShard(ctx context.Context, shard int) (int, error) {
	entries, err := w.Outbox.Claim(ctx, shard, w.Consumer, w.batch(), w.minIdle())
	if err != nil {
		w.stats.storeErrors.Add(1)
		return 0, fmt.Errorf("error claiming from outbox shard %d: %w", shard, err)
	}
	blocked := map[string]bool{} // lanes (texters; a texter's partner deliveries) whose earlier effect waits
	done := 0
	claimed := w.Clock.Now()
	for _, e := range entries {
		if ctx.Err() != nil {
			break // shutting down: Run releases the rest
		}
		if w.Clock.Now().Sub(claimed) > w.minIdle()/2 {
			break // slow far end: claim again before another consumer presumes this one dead
		}
		t := e.Effect.lane()
		if e.Unreadable == nil && (blocked[t] || !w.circuits.due(e, w.targetOf(e.Effect.Kind), w.Clock.Now(), w.probe())) {
			blocked[t] = true
			continue
		}
		finished, err := w.handle(ctx, e)
		if err != nil {
			w.stats.storeErrors.Add(1)
			return done, fmt.Errorf("error updating outbox entry %d/%s: %w", e.Shard, e.ID, err)
		}
		if !finished {
			blocked[t] = true
			continue
		}
		done++
	}
	return done, nil
}

// handle applies one entry and records the outcome; finished is false when it will be retried.
func (w *Worker) handle(ctx context.Context, e OutboxEntry) (finished bool, err error) {
	store := context.WithoutCancel(ctx) // record what happened even while shutting down
	if e.Unreadable != nil {
		w.stats.unreadable.Add(1)
		return true, w.deadLetter(store, e, "unreadable")
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.applyTimeout())
	applyErr := w.Applier.Apply(actx, e.Effect)
	cancel()
	w.circuits.result(e, w.targetOf(e.Effect.Kind), w.Clock.Now(), applyErr)
	if applyErr == nil {
		if err := w.Outbox.Ack(store, e.Shard, e.ID); err != nil {
			return false, err
		}
		w.stats.applied.Add(1)
		return true, nil
	}
	if IsPermanent(applyErr) {
		w.stats.permanent.Add(1)
		return true, w.deadLetter(store, e, permanentReason(applyErr))
	}
	now := w.Clock.Now()
	e.Attempts++
	if e.First.IsZero() {
		e.First = now
	}
	if now.Sub(committedAt(e)) >= w.maxAgeOf(e.Effect.Kind) {
		w.stats.expired.Add(1)
		w.circuits.forget(e)
		return true, w.deadLetter(store, e, "expired")
	}
	delay := w.Delay(e.Attempts, applyErr)
	e.NotBefore = now.Add(delay)
	w.stats.retried.Add(1)
	w.log().Info("effect failed; will retry", "kind", e.Effect.Kind, "alias", e.Effect.Alias, "shard", e.Shard, "entry", e.ID,
		"attempts", e.Attempts, "delay", delay, "error_class", errorClass(applyErr))
	return false, w.Outbox.Requeue(store, e)
}

func (w *Worker) deadLetter(ctx context.Context, e OutboxEntry, reason string) error {
	if err := w.Outbox.DeadLetter(ctx, e, reason); err != nil {
		return err
	}
	w.stats.dead.Add(1)
	// No personal data: the kind, the staff-facing alias, ids and a sanitised reason only.
	w.log().Warn("effect dead-lettered", "kind", e.Effect.Kind, "alias", e.Effect.Alias, "shard", e.Shard, "entry", e.ID,
		"shard", e.Shard, "attempts", e.Attempts, "reason", reason)
	return nil
}

// release lets other replicas take over every shard at once.
func (w *Worker) release() error {
	var errs []error
	for s := range w.Outbox.Shards() {
		ctx, cancel := context.WithTimeout(context.Background(), w.applyTimeout())
		if err := w.Outbox.Release(ctx, s, w.Consumer); err != nil {
			w.stats.storeErrors.Add(1)
			errs = append(errs, fmt.Errorf("error releasing outbox shard %d: %w", s, err))
		}
		cancel()
	}
	return errors.Join(errs...)
}

func (w *Worker) check() error {
	switch {
	case w.Outbox == nil, w.Applier == nil, w.Clock == nil:
		return errors.New("bot: Worker needs an Outbox, an Applier and a Clock")
	case w.Consumer == "":
		return errors.New("bot: Worker needs a Consumer name unique to this process")
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func (w *Worker) log() *slog.Logger {
	if w.Log == nil {
		return slog.Default()
	}
	return w.Log
}
