package bot

import (
	"errors"
	"sync"
	"time"
)

// DefaultProbe is how often, at most, a Worker tries one effect for a far end that is failing,
// whatever the backoffs of the effects waiting for it say.
const DefaultProbe = 5 * time.Second

// circuits is what a Worker knows about each far end its effects reach (Worker.Target): whether
// the last attempt failed, and when it answered again. While a far end is down every effect for
// it backs off on its own, the longest for up to MaxDelay; without more, after an outage each
// conversation would wait out its own backoff, minutes after the far end is back. So while a far
// end is down one effect is let through as a probe every Probe, and once an attempt succeeds (or
// is refused for good: the far end answered), every effect that backed off while it was down is
// due at once. Effects told to wait (RetryAfterError) keep their wait.
type circuits struct {
	mu      sync.Mutex
	targets map[string]*circuit
	failed  map[entryRef]failure // this Worker's last failed attempt of each entry
}

// entryRef names an outbox entry: its id is unique only within its shard (two Redis streams hand
// out the same id to entries committed in the same millisecond).
type entryRef struct {
	shard int
	id    string
}

func refOf(e OutboxEntry) entryRef { return entryRef{e.Shard, e.ID} }

type circuit struct {
	down      bool
	lastTry   time.Time // the last attempt of an effect for the far end
	recovered time.Time // when it answered after being down
}

type failure struct {
	at         time.Time
	retryAfter bool // the far end said when to come back
}

func (c *circuits) target(name string) *circuit {
	if c.targets == nil {
		c.targets, c.failed = map[string]*circuit{}, map[entryRef]failure{}
	}
	ct := c.targets[name]
	if ct == nil {
		ct = &circuit{}
		c.targets[name] = ct
	}
	return ct
}

// due reports whether entry e, for far end target, is to be tried now: its backoff is over; or
// it backed off while the far end was down and the far end has answered since; or the far end is
// down and no effect was tried for it for probe (a probe is counted as an attempt at once).
func (c *circuits) due(e OutboxEntry, target string, now time.Time, probe time.Duration) bool {
	if !now.Before(e.NotBefore) {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ct := c.target(target)
	f, known := c.failed[refOf(e)]
	switch {
	case known && f.retryAfter:
		return false
	case known && ct.recovered.After(f.at):
		return true
	case ct.down && now.Sub(ct.lastTry) >= probe:
		ct.lastTry = now
		return true
	}
	return false
}

// result records the outcome of an attempt of e for target at now.
func (c *circuits) result(e OutboxEntry, target string, now time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ct := c.target(target)
	ct.lastTry = now
	if err == nil || IsPermanent(err) {
		if ct.down {
			ct.down, ct.recovered = false, now
		}
		delete(c.failed, refOf(e))
		return
	}
	var ra *RetryAfterError
	ct.down = true
	c.failed[refOf(e)] = failure{at: now, retryAfter: errors.As(err, &ra)}
}

// forget drops what is known of an entry that left the outbox.
func (c *circuits) forget(e OutboxEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.failed, refOf(e))
}

func (w *Worker) targetOf(k EffectKind) string {
	if w.Target == nil {
		return ""
	}
	return w.Target(k)
}

func (w *Worker) probe() time.Duration { return orDefault(w.Probe, DefaultProbe) }
