package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// GuardedSender is the only way Frontdoor should send an SMS that answers no webhook. It refuses a
// send to an opted-out texter before the provider is asked (short codes get no opt-out help from
// Twilio), and records an opt-out the provider reports. The silence rule (MayText) is checked by
// whoever decides to send, when staff can still confirm; the opt-out is checked again here, at
// send time, because the texter may have opted out while the message waited in the outbox.
type GuardedSender struct {
	OptOuts OptOuts // the bot
	Sender  Sender
	Log     *slog.Logger // default slog.Default()
}

// OptOuts is what GuardedSender needs of the bot: whether an address opted out, and to record
// an opt-out the provider reported. *Bot is one.
type OptOuts interface {
	OptedOut(ctx context.Context, ch Channel, address string) (bool, error)
	RecordOptOut(ctx context.Context, ch Channel, address string) error
}

var _ Sender = GuardedSender{}

// Send implements Sender for SMS numbers and WhatsApp addresses (ChannelOf).
func (g GuardedSender) Send(ctx context.Context, to, body, key string) (string, error) {
	ch := ChannelOf(to)
	optedOut, err := g.OptOuts.OptedOut(ctx, ch, to)
	if err != nil {
		return "", err
	}
	if optedOut {
		return "", ErrRecipientOptedOut
	}
	id, err := g.Sender.Send(ctx, to, body, key)
	if errors.Is(err, ErrRecipientOptedOut) {
		if rerr := g.OptOuts.RecordOptOut(ctx, ch, to); rerr != nil {
			// Not ErrRecipientOptedOut: the caller retries, and the provider's refusal on the
			// next attempt records the opt-out then.
			g.log().Error("the provider says the texter opted out, but the opt-out could not be recorded; will retry",
				"key", key, "error", rerr)
			return "", fmt.Errorf("error recording an opt-out the provider reported: %w", rerr)
		}
	}
	return id, err
}

func (g GuardedSender) log() *slog.Logger {
	if g.Log == nil {
		return slog.Default()
	}
	return g.Log
}
