// Package bottest has hand-written fakes for testing code that uses package bot: a clock that
// moves only when told (the one fake clock of the tests), a Store wrapper whose calls can be made
// to fail, a log buffer safe for concurrent writes (logbuffer.go), and a check of the effects a
// test's turns commit (effects.go).
//
// Imports: bot only (and the standard library). A test-support package: tests import it, no production package may
// (internal/layers).
package bottest

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Clock is a bot.Clock that stands still until Advance or Set.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now implements bot.Clock.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// Store wraps a bot.Store; a non-nil LoadFn or CommitFn is called instead of the wrapped method
// and can return an error or delegate.
type Store struct {
	bot.Store
	LoadFn   func(ctx context.Context, texter, messageID string) (bot.Snapshot, error)
	CommitFn func(ctx context.Context, c bot.Commit) error
}

// Load implements bot.Store.
func (s *Store) Load(ctx context.Context, texter, messageID string) (bot.Snapshot, error) {
	if s.LoadFn != nil {
		return s.LoadFn(ctx, texter, messageID)
	}
	return s.Store.Load(ctx, texter, messageID)
}

// Commit implements bot.Store.
func (s *Store) Commit(ctx context.Context, c bot.Commit) error {
	if s.CommitFn != nil {
		return s.CommitFn(ctx, c)
	}
	return s.Store.Commit(ctx, c)
}

// Secret is a test FRONTDOOR_SECRET.
var Secret = []byte("bottest-secret-0123456789-abcdefghijklmnop")
