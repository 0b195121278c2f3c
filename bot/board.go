package bot

import (
	"context"
	"sort"
	"time"
)

// Board keeps the few live numbers the console shows: the open handoffs by alias and queue, and
// tips and opt-outs per day. Counts and aliases only: no number, no message, no answer.
type Board interface {
	// HandoffOpened records an open handoff under its alias.
	HandoffOpened(ctx context.Context, h OpenHandoff) error
	// HandoffClosed forgets the handoff of alias (the texter left, or staff closed it).
	HandoffClosed(ctx context.Context, alias string) error
	// Count adds one to a day's counter (BoardTips, BoardOptOuts); day is "2006-01-02".
	Count(ctx context.Context, day, counter string) error
	// Board returns the open handoffs in SortBoard's order, and day's counters.
	Board(ctx context.Context, day string) (BoardView, error)
}

// Board counters.
const (
	BoardTips    = "tips"
	BoardOptOuts = "opt_outs"
)

// BoardKeep is how long the board remembers an open handoff and a day's counters: a handoff
// older than a session's life has ended with it.
const BoardKeep = 72 * time.Hour

// OpenHandoff is a texter waiting for or talking with staff, by alias.
type OpenHandoff struct {
	Alias  string    `json:"alias"`
	Queue  string    `json:"queue"`
	Opened time.Time `json:"opened"`
	Urgent bool      `json:"urgent"`
}

// SortBoard puts open handoffs in the order staff should take them: urgent ones first (someone
// may be in danger now), then oldest first, then by alias.
func SortBoard(hs []OpenHandoff) {
	sort.Slice(hs, func(i, j int) bool {
		a, b := hs[i], hs[j]
		if a.Urgent != b.Urgent {
			return a.Urgent
		}
		return a.Opened.Before(b.Opened) || a.Opened.Equal(b.Opened) && a.Alias < b.Alias
	})
}

// BoardView is what Board returns.
type BoardView struct {
	Handoffs []OpenHandoff
	Counts   map[string]int // by counter name
}

// Record updates the board with what one handled message did: handoffs opened and ended, tips
// filed, an opt-out. It is called after the message was committed; a failure costs a count, not
// a message.
func Record(ctx context.Context, b Board, out Outcome, day string) error {
	if out.OptedOut {
		if err := b.Count(ctx, day, BoardOptOuts); err != nil {
			return err
		}
	}
	for _, e := range out.Effects {
		var err error
		switch e.Kind {
		case HandoffRequested:
			err = b.HandoffOpened(ctx, OpenHandoff{Alias: e.Alias, Queue: e.Queue, Opened: e.At, Urgent: e.Urgent})
		case HandoffEnded, Erased:
			err = b.HandoffClosed(ctx, e.Alias)
		case TipSubmitted:
			err = b.Count(ctx, day, BoardTips)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// BoardApplier applies effects through Next and then keeps the board in step with what staff did
// (Record covers what texters did): a handoff staff closed leaves the board. Closing twice (a
// redelivered effect) is harmless.
type BoardApplier struct {
	Next  Applier
	Board Board
}

// Apply implements Applier.
func (b BoardApplier) Apply(ctx context.Context, e Effect) error {
	if err := b.Next.Apply(ctx, e); err != nil {
		return err
	}
	if e.Kind == DeskUpdate && e.Status == StatusClosed {
		_ = b.Board.HandoffClosed(ctx, e.Alias) // a failure costs a stale line on the board, not an effect
	}
	return nil
}
