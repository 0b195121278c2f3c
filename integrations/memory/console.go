package memory

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Console keeps what the coordinator console shares between requests, in process memory: flow
// versions and drafts (bot.FlowStore), the audit log (bot.AuditLog), sign-in failures
// (bot.SignInGuard) and the live board (bot.Board). Like Store, it is lost on exit and not
// shared between replicas; production uses the Redis store.
type Console struct {
	clock bot.Clock

	mu       sync.Mutex
	versions []bot.FlowVersion // versions[i].Number == i+1
	drafts   map[string]bot.Draft
	audit    []bot.AuditEntry // oldest first
	fails    map[string]failures
	handoffs map[string]bot.OpenHandoff // by alias
	counts   map[string]map[string]int  // day -> counter -> n
}

type failures struct {
	n       int
	expires time.Time
}

var (
	_ bot.FlowStore   = (*Console)(nil)
	_ bot.AuditLog    = (*Console)(nil)
	_ bot.SignInGuard = (*Console)(nil)
	_ bot.Board       = (*Console)(nil)
)

// NewConsole returns an empty Console that reads time from clock.
func NewConsole(clock bot.Clock) *Console {
	return &Console{clock: clock, drafts: map[string]bot.Draft{}, fails: map[string]failures{},
		handoffs: map[string]bot.OpenHandoff{}, counts: map[string]map[string]int{}}
}

// CurrentFlows implements bot.FlowStore.
func (c *Console) CurrentFlows(context.Context) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int64(len(c.versions)), nil
}

// FlowVersion implements bot.FlowStore.
func (c *Console) FlowVersion(_ context.Context, n int64) (bot.FlowVersion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n < 1 || n > int64(len(c.versions)) {
		return bot.FlowVersion{}, bot.ErrNoFlowVersion
	}
	v := c.versions[n-1]
	v.Files = v.Files.Clone()
	return v, nil
}

// FlowVersions implements bot.FlowStore.
func (c *Console) FlowVersions(_ context.Context, limit int) ([]bot.FlowVersion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []bot.FlowVersion
	for i := len(c.versions) - 1; i >= 0 && len(out) < limit; i-- {
		v := c.versions[i]
		v.Files = nil
		out = append(out, v)
	}
	return out, nil
}

// PublishFlows implements bot.FlowStore.
func (c *Console) PublishFlows(_ context.Context, v bot.FlowVersion, base int64) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int64(len(c.versions)) != base {
		return 0, bot.ErrStaleFlows
	}
	v.Number, v.Files = base+1, v.Files.Clone()
	c.versions = append(c.versions, v)
	return v.Number, nil
}

// SaveDraft implements bot.FlowStore.
func (c *Console) SaveDraft(_ context.Context, owner string, d bot.Draft) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	d.Files = d.Files.Clone()
	c.drafts[owner] = d
	return nil
}

// Draft implements bot.FlowStore.
func (c *Console) Draft(_ context.Context, owner string) (bot.Draft, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.drafts[owner]
	if !ok || !c.clock.Now().Before(d.Updated.Add(bot.DraftTTL)) {
		return bot.Draft{}, false, nil
	}
	d.Files = d.Files.Clone()
	return d, true, nil
}

// DropDraft implements bot.FlowStore.
func (c *Console) DropDraft(_ context.Context, owner string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.drafts, owner)
	return nil
}

// Audit implements bot.AuditLog.
func (c *Console) Audit(_ context.Context, e bot.AuditEntry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.audit = append(c.audit, e)
	if over := len(c.audit) - bot.AuditKeep; over > 0 {
		c.audit = append([]bot.AuditEntry(nil), c.audit[over:]...)
	}
	return nil
}

// AuditEntries implements bot.AuditLog.
func (c *Console) AuditEntries(_ context.Context, limit int) ([]bot.AuditEntry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []bot.AuditEntry
	for i := len(c.audit) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, c.audit[i])
	}
	return out, nil
}

// SignInFailed implements bot.SignInGuard.
func (c *Console) SignInFailed(_ context.Context, account string, window time.Duration) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	f := c.fails[account]
	if !now.Before(f.expires) {
		f.n = 0
	}
	f.n++
	f.expires = now.Add(window)
	c.fails[account] = f
	if len(c.fails) > 10000 { // bound memory against names made up by the thousand
		c.sweepFailures(now)
	}
	return f.n, nil
}

func (c *Console) sweepFailures(now time.Time) {
	for k, f := range c.fails {
		if !now.Before(f.expires) {
			delete(c.fails, k)
		}
	}
}

// SignInFailures implements bot.SignInGuard.
func (c *Console) SignInFailures(_ context.Context, account string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.fails[account]; c.clock.Now().Before(f.expires) {
		return f.n, nil
	}
	return 0, nil
}

// SignInCleared implements bot.SignInGuard.
func (c *Console) SignInCleared(_ context.Context, account string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.fails, account)
	return nil
}

// HandoffOpened implements bot.Board.
func (c *Console) HandoffOpened(_ context.Context, h bot.OpenHandoff) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handoffs[h.Alias] = h
	return nil
}

// HandoffClosed implements bot.Board.
func (c *Console) HandoffClosed(_ context.Context, alias string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.handoffs, alias)
	return nil
}

// Count implements bot.Board.
func (c *Console) Count(_ context.Context, day, counter string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts[day] == nil {
		c.counts[day] = map[string]int{}
	}
	c.counts[day][counter]++
	return nil
}

// Board implements bot.Board. Handoffs older than bot.BoardKeep are forgotten here.
func (c *Console) Board(_ context.Context, day string) (bot.BoardView, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	v := bot.BoardView{Counts: map[string]int{}}
	for alias, h := range c.handoffs {
		if now.Sub(h.Opened) > bot.BoardKeep {
			delete(c.handoffs, alias)
			continue
		}
		v.Handoffs = append(v.Handoffs, h)
	}
	bot.SortBoard(v.Handoffs)
	for k, n := range c.counts[day] {
		v.Counts[k] = n
	}
	return v, nil
}
