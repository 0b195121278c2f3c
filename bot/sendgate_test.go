package bot_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// TestBeginSend_gateGivenAtConstruction: the bot marks attempts in flight through the SendGate
// it was given, never through one it finds on its Store; without one it checks the opt-out with
// a Load and marks nothing.
func TestBeginSend_gateGivenAtConstruction(t *testing.T) {
	const number = "+15550100007"
	ctx := context.Background()
	b, _, store := newEdgeBot(t, 0) // the memory store is a SendGate too
	texter := b.Keys.TexterKey(bot.ChannelSMS, number)
	edgeSend(b, "g1", number, "hi")

	b.SendGate = nil
	end, err := b.BeginSend(ctx, bot.ChannelSMS, number)
	if err != nil {
		t.Fatal(err)
	}
	if busy, _ := store.SendsInFlight(ctx, texter); busy {
		t.Fatal("without a SendGate the bot marked an attempt in the store's")
	}
	end()

	b.SendGate = store
	end, err = b.BeginSend(ctx, bot.ChannelSMS, number)
	if err != nil {
		t.Fatal(err)
	}
	if busy, _ := store.SendsInFlight(ctx, texter); !busy {
		t.Fatal("the SendGate given was not asked")
	}
	end()
	if busy, _ := store.SendsInFlight(ctx, texter); busy {
		t.Fatal("the attempt's mark was not removed")
	}
}

// optOutBook is bot.OptOuts without a bot: one address opted out, opt-outs recorded.
type optOutBook struct {
	out      string
	recorded []string
}

func (o *optOutBook) OptedOut(_ context.Context, _ bot.Channel, address string) (bool, error) {
	return address == o.out, nil
}

func (o *optOutBook) RecordOptOut(_ context.Context, _ bot.Channel, address string) error {
	o.recorded = append(o.recorded, address)
	return nil
}

// TestGuardedSender_optOutsOnly: GuardedSender needs only the opt-out checks, not a *Bot.
func TestGuardedSender_optOutsOnly(t *testing.T) {
	book := &optOutBook{out: "+15550100008"}
	fake := &edgeSender{}
	g := bot.GuardedSender{OptOuts: book, Sender: fake}
	if _, err := g.Send(t.Context(), "+15550100008", "x", "k1"); !errors.Is(err, bot.ErrRecipientOptedOut) || len(fake.sent) != 0 {
		t.Fatalf("an opted-out address: %v, sent %d", err, len(fake.sent))
	}
	fake.err = bot.ErrRecipientOptedOut
	if _, err := g.Send(t.Context(), "+15550100009", "y", "k2"); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("the provider's refusal: %v", err)
	}
	if len(book.recorded) != 1 || book.recorded[0] != "+15550100009" {
		t.Fatalf("opt-outs recorded: %q", book.recorded)
	}
}
