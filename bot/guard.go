package bot

import (
	"context"
	"errors"
	"fmt"
)

// GuardedSender is the only way Frontdoor should send an SMS that answers no webhook. It refuses a
// send to an opted-out texter before the provider is asked (short codes get no opt-out help from
// Twilio), and records an opt-out the provider reports. The silence rule (MayText) is checked by
// whoever decides to send, when staff can still confirm; the opt-out is checked again here, at
// send time, because the texter may have opted out while the message waited in the outbox.
type GuardedSender struct {
	Bot    *Bot // its Store, Keys and Clock
	Sender Sender
}

var _ Sender = GuardedSender{}

// Send implements Sender for SMS numbers and WhatsApp addresses (ChannelOf).
func (g GuardedSender) Send(ctx context.Context, to, body, key string) (string, error) {
	ch := ChannelOf(to)
	snap, err := g.Bot.Store.Load(ctx, g.Bot.Keys.TexterKey(ch, to), "")
	if err != nil {
		return "", err
	}
	if snap.Session.OptedOut {
		return "", ErrRecipientOptedOut
	}
	id, err := g.Sender.Send(ctx, to, body, key)
	if errors.Is(err, ErrRecipientOptedOut) {
		if rerr := g.Bot.RecordOptOut(ctx, ch, to); rerr != nil {
			// Not ErrRecipientOptedOut: the caller retries, and the provider's refusal on the
			// next attempt records the opt-out then.
			g.Bot.log().Error("the provider says the texter opted out, but the opt-out could not be recorded; will retry",
				"key", key, "error", rerr)
			return "", fmt.Errorf("error recording an opt-out the provider reported: %w", rerr)
		}
	}
	return id, err
}
