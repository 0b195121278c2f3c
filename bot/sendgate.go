package bot

import (
	"context"
	"crypto/rand"
	"time"
)

// Nothing is sent after STOP but its confirmation. The opt-out is checked when a send is decided
// (MayText), when it is applied (SMSApplier, GuardedSender), and right before every attempt the
// provider's client makes (BeginSend, which Sender implementations call before each HTTP
// request, retries included). A Bot given a SendGate (the store's) makes that last check atomic
// with the opt-out: the attempt is marked in flight in the same step that finds the texter not opted
// out, so a STOP committed first always refuses the attempt; and a STOP committed while an
// attempt is in flight waits (awaitSends, at most SendWait) for it to finish before the STOP's
// confirmation is given. So an SMS reaches the provider after the confirmation only when an
// attempt outlasts SendWait (the provider hung, or the replica died mid-request: the mark then
// expires after SendMarkTTL); that is logged.

// SendGate is the store's part of that: in-flight marks, atomic with the opt-out list.
type SendGate interface {
	// BeginSend marks an attempt to send to texter as in flight under token, for at most ttl,
	// and reports true; or, when the texter is opted out, marks nothing and reports false.
	BeginSend(ctx context.Context, texter, token string, ttl time.Duration) (bool, error)
	// EndSend removes the mark.
	EndSend(ctx context.Context, texter, token string) error
	// SendsInFlight reports whether any attempt to texter is marked in flight.
	SendsInFlight(ctx context.Context, texter string) (bool, error)
}

const (
	// SendMarkTTL bounds an in-flight mark whose attempt never ended (its replica died): longer
	// than the provider client's timeout (10 s).
	SendMarkTTL = 15 * time.Second
	// SendWait is how long a STOP waits for attempts in flight before it is confirmed; well
	// within the 15 s the provider waits for the webhook's answer.
	SendWait     = 2 * time.Second
	sendWaitPoll = 20 * time.Millisecond
)

// BeginSend is called right before each attempt to send an SMS to address: it refuses
// (ErrRecipientOptedOut) when the texter opted out, and otherwise marks the attempt in flight
// until end is called (see SendGate). end must be called once the attempt returned.
func (b *Bot) BeginSend(ctx context.Context, ch Channel, address string) (end func(), err error) {
	texter := b.Keys.TexterKey(ch, address)
	g := b.SendGate
	if g == nil {
		snap, err := b.Store.Load(ctx, texter, "")
		if err != nil {
			return nil, err
		}
		if snap.Session.OptedOut {
			return nil, ErrRecipientOptedOut
		}
		return func() {}, nil
	}
	token := rand.Text()
	marked, err := g.BeginSend(ctx, texter, token, SendMarkTTL)
	switch {
	case err != nil:
		return nil, err
	case !marked:
		return nil, ErrRecipientOptedOut
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		if err := g.EndSend(ctx, texter, token); err != nil {
			b.log().Warn("an SMS attempt's in-flight mark was not removed; it expires by itself", "error", err)
		}
	}, nil
}

// awaitSends waits, at most SendWait, until no SMS attempt to the texter is in flight; the STOP
// that just opted them out is confirmed after that.
func (b *Bot) awaitSends(ctx context.Context, texter string) {
	g := b.SendGate
	if g == nil {
		return
	}
	for range int(SendWait / sendWaitPoll) {
		busy, err := g.SendsInFlight(ctx, texter)
		if err != nil || !busy {
			return
		}
		sleep(ctx, sendWaitPoll)
	}
	b.log().Warn("an SMS attempt was still in flight when the texter opted out; it may reach them after the confirmation")
}
