package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// LiveEngine holds the engine in use and lets it be replaced while messages are handled. Bot
// reads it once per message, so each message runs wholly on one set of flows; a texter whose
// state no longer exists after a swap gets the menu with a short apology (Messages.Moved).
// Whatever loads new flows calls Swap: the FlowWatcher after a publish, and a file reload alike.
type LiveEngine struct {
	cur atomic.Pointer[liveEngine]
}

type liveEngine struct {
	e       *Engine
	version int64
}

// NewLiveEngine returns a holder of e, which runs flows version (0 when not from a FlowStore).
func NewLiveEngine(e *Engine, version int64) *LiveEngine {
	l := &LiveEngine{}
	l.Swap(e, version)
	return l
}

// Engine returns the engine in use.
func (l *LiveEngine) Engine() *Engine { return l.cur.Load().e }

// Version returns the flows version of the engine in use.
func (l *LiveEngine) Version() int64 { return l.cur.Load().version }

// Swap makes e, running flows version, the engine in use.
func (l *LiveEngine) Swap(e *Engine, version int64) { l.cur.Store(&liveEngine{e: e, version: version}) }

// CurrentEngine returns the engine for the next message: Live's when set, else Engine.
func (b *Bot) CurrentEngine() *Engine {
	if b.Live != nil {
		return b.Live.Engine()
	}
	return b.Engine
}

// DefaultFlowPoll is how often a FlowWatcher asks the store for the live version.
const DefaultFlowPoll = 3 * time.Second

// FlowWatcher keeps a LiveEngine on the live version of a FlowStore: every Every it reads the
// version number (one cheap read), and when it changed it loads the files, builds an engine and
// swaps it in. A version that does not build is logged and skipped; the engine in use stays.
type FlowWatcher struct {
	Store FlowStore
	Live  *LiveEngine
	Build func(FlowFiles) (*Engine, error)
	Every time.Duration // default DefaultFlowPoll
	Log   *slog.Logger  // required

	failed int64 // the last version that did not build, so it is logged once
}

// Run polls until ctx ends.
func (w *FlowWatcher) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = DefaultFlowPoll
	}
	Every(ctx, every, func() {
		if err := w.Check(ctx); err != nil && ctx.Err() == nil {
			w.Log.Warn("cannot check the live flows version", "error", err)
		}
	})
}

// Check swaps in the live version if it is not the one in use.
func (w *FlowWatcher) Check(ctx context.Context) error {
	n, err := w.Store.CurrentFlows(ctx)
	if err != nil || n == 0 || n == w.Live.Version() || n == w.failed {
		return err
	}
	v, err := w.Store.FlowVersion(ctx, n)
	if err != nil {
		return err
	}
	e, err := w.Build(v.Files)
	if err != nil {
		w.failed = n
		w.Log.Error("the live flows version does not load here; keeping the one in use", "version", n,
			"in_use", w.Live.Version(), "error", err)
		return nil
	}
	w.Live.Swap(e, n)
	w.Log.Info("flows version is live", "version", n, "author", v.Author)
	return nil
}

// SeedFlows publishes files as version 1 when the store has no version yet, and returns the live
// version (the seed, or what was already there).
func SeedFlows(ctx context.Context, s FlowStore, files FlowFiles, note string, now time.Time) (int64, bool, error) {
	n, err := s.CurrentFlows(ctx)
	if err != nil || n > 0 {
		return n, false, err
	}
	n, err = s.PublishFlows(ctx, FlowVersion{Files: files, Author: "system", Published: now, Note: note}, 0)
	if err == ErrStaleFlows { // another replica seeded first
		n, err = s.CurrentFlows(ctx)
		return n, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("error seeding the flows: %w", err)
	}
	return n, true, nil
}
