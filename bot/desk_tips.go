package bot

import (
	"context"
	"errors"
	"fmt"
)

// Following up a tip. Only a tipster who said yes to "May staff text you here with questions?"
// (the answer flows.FieldMayText) can be asked. Their tip's post has an Ask tipster button; pressing it opens a handoff on
// the tipster's session, claimed at once by whoever pressed, whose thread is the tip's thread.
// From there it is the desk's owner-only relay: the owner's replies in the thread reach the
// tipster by SMS (held first when the tipster has been quiet, like any reply), the tipster's
// answers come back into the thread, Close ends it. The tip record gives the texter key; the
// number comes from the tipster's session, so a tipster whose conversation expired (or who
// erased their data) cannot be asked: Frontdoor keeps no number for tips.

const (
	noteTipGone         = "This tip is no longer kept (tips are deleted after the retention period); the tipster cannot be asked."
	noteTipFromStaff    = "This tip was entered by staff in Slack; ask them directly."
	noteTipsterUnlinked = "The tipster asked us to erase their data, so they can no longer be reached."
	noteTipsterGone     = "The tipster cannot be reached: their conversation has expired and Frontdoor keeps no number for tips. If they text again, you can ask then."
	noteTipsterOptedOut = "The tipster opted out of texts; they cannot be asked."
	noteTipsterBusy     = "The tipster is in another conversation with us right now; try again in a few minutes."
	noteTipNoTransfer   = "A tip's follow-up stays in the tips channel; it cannot be transferred. Close it instead."
	noteTipNoConsent    = "The tipster did not say staff may text them with questions, so they cannot be asked. If they text the tip's code again, their words appear here."
)

func noteAsking(user, alias string) string {
	return mention(user) + " is asking the tipster (Texter " + alias + "). Only their replies in this thread reach the tipster, by SMS; start a message with \"note:\" to keep it internal. The tipster's answers appear here."
}

// tipster finds the texter of the tip an Ask tipster action is about, and points the action
// at the tip's thread. "" means they cannot be asked; the outcome tells staff why.
func (d *Desk) tipster(ctx context.Context, a *Action) (string, ActOutcome, error) {
	if d.tips == nil {
		return "", d.notice(*a, noteTipGone), nil
	}
	tip, err := d.tips.Tip(ctx, a.Tip)
	switch {
	case errors.Is(err, ErrNoTip):
		return "", d.notice(*a, noteTipGone), nil
	case err != nil:
		return "", ActOutcome{}, fmt.Errorf("error reading a tip: %w", err)
	case tip.Channel == ChannelSlack:
		return "", d.notice(*a, noteTipFromStaff), nil
	case !tip.MayText():
		return "", d.notice(*a, noteTipNoConsent), nil
	case tip.Texter == "":
		return "", d.notice(*a, noteTipsterUnlinked), nil
	}
	if tip.Post == LedgerDone {
		a.Thread = tip.Posted
	}
	return tip.Texter, ActOutcome{}, nil
}

// askTipster opens the follow-up of tip a.Tip, owned by whoever pressed.
func (t *deskTurn) askTipster() {
	if !t.member() {
		return
	}
	s := &t.s
	switch h := s.Handoff; {
	case s.OptedOut:
		t.tell(noteTipsterOptedOut)
		return
	case h != nil && h.Tip == t.a.Tip && h.Owner == t.a.User:
		t.say = "You are already asking the tipster; write in the tip's thread."
		return
	case h != nil && h.Tip == t.a.Tip:
		t.tell(noteAlreadyClaimed(h.Owner))
		return
	case h != nil || s.State != "":
		t.tell(noteTipsterBusy)
		return
	}
	// Only a tipster who said yes to questions gets here (tipster), so staff may confirm a
	// question to them after they have been quiet for a while.
	h := &Handoff{Queue: t.d.CurrentRoster().TipsQueue, Opened: t.now, Ref: handoffRef(s.Alias, t.now, s.Version+1),
		Thread: t.a.Thread, Owner: t.a.User, Claimed: t.now, Tip: t.a.Tip, MayText: true}
	s.Handoff = h
	cp := *h
	t.h = &cp
	t.update(StatusClaimed, t.a.User, "")
	t.note(noteAsking(t.a.User, s.Alias))
	t.say = "You are asking the tipster of " + t.a.Tip + "; write your question in its thread."
}
