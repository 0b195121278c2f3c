package bot

import (
	"context"
	"errors"
	"fmt"
)

// OptedOut reports whether the texter at address is on the opt-out list (GuardedSender asks
// before each send).
func (b *Bot) OptedOut(ctx context.Context, ch Channel, address string) (bool, error) {
	snap, err := b.Store.Load(ctx, b.Keys.TexterKey(ch, address), "")
	if err != nil {
		return false, err
	}
	return snap.Session.OptedOut, nil
}

// RecordOptOut records that a texter opted out outside a conversation turn, when the provider
// refused a send because the recipient had texted STOP to it (Twilio 21610). Staff are told if
// the texter was with them, and the running flow ends, as for STOP. The texter's LastInbound is
// left alone: they did not write.
func (b *Bot) RecordOptOut(ctx context.Context, ch Channel, address string) error {
	return b.RecordOptOutOf(ctx, b.Keys.TexterKey(ch, address))
}

// RecordOptOutOf is RecordOptOut for a texter known by key (a status callback names the SMS,
// and the desk's record of it the texter).
func (b *Bot) RecordOptOutOf(ctx context.Context, texter string) error {
	return recordOptOut(ctx, b.Store, b.Clock, b.Attempts, b.Turns, texter)
}

// recordOptOut marks texter opted out in sessions, ending an open handoff, retried up to
// attempts times after a version conflict; turns (nil without a desk) does the desk's part.
func recordOptOut(ctx context.Context, sessions Store, clock Clock, attempts int, turns TurnHook, texter string) error {
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	for i := 0; i < attempts; i++ {
		err := tryOptOut(ctx, sessions, clock, turns, texter)
		if !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("error recording an opt-out: %w", ErrConflict)
}

func tryOptOut(ctx context.Context, sessions Store, clock Clock, turns TurnHook, texter string) error {
	snap, err := sessions.Load(ctx, texter, "")
	if err != nil {
		return err
	}
	s := snap.Session
	if s.OptedOut {
		return nil
	}
	s.Texter, s.OptedOut, s.Updated = texter, true, clock.Now()
	var effects []Effect
	if s.Handoff != nil {
		ended := NewHandoffEnded(s.Handoff.Queue, EndedByOptOut, shownChannel(s.Channel))
		effects = append(effects, ended.stamped(texter, &s, s.Updated))
		s.Handoff = nil
	}
	s.Flow, s.State, s.Tries, s.Answers, s.Urgent = "", "", 0, nil, false
	c := Commit{Texter: texter, Session: s, Effects: effects}
	finishTurn(turns, snap.Session, &c, clock.Now())
	countCommit(snap.Session, &c, turnFacts{})
	return sessions.Commit(ctx, c)
}
