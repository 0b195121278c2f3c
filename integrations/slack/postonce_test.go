package slack_test

import (
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/slack"
)

// TestPostOnce_CrashPoints: the crash points of bot.Ledger's contract for a Slack post (the
// crash between the post and Done is TestDesk_PostOnceAfterCrash): a crash between Begin and the
// post posts once on the retry; one between Done and the ack does not post again.
func TestPostOnce_CrashPoints(t *testing.T) {
	setUp := func(t *testing.T) (*rig, string, string) {
		r := newRig(t, monday)
		for _, b := range []string{"hi", "3", "1", "4", "skip"} {
			r.text(b)
		}
		return r, r.bot.Keys.TexterKey(bot.ChannelSMS, canary), "post:" + r.session().Handoff.Ref
	}
	t.Run("BeforePost", func(t *testing.T) {
		r, texter, key := setUp(t)
		if _, err := bot.NewLedger(r.store).Begin(r.ctx, texter, key); err != nil { // then the worker died
			t.Fatal(err)
		}
		th, err := slack.PostOnce(r.ctx, r.api(), bot.NewLedger(r.store), texter, key, channel, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if msgs := r.fake.Messages(channel); len(msgs) != 1 || msgs[0].TS != th.TS {
			t.Fatalf("%d posts after a crash before the post, want 1 at %s", len(msgs), th.TS)
		}
	})
	t.Run("AfterDone", func(t *testing.T) {
		r, texter, key := setUp(t)
		first, err := slack.PostOnce(r.ctx, r.api(), bot.NewLedger(r.store), texter, key, channel, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		// The worker died before its ack: the same post is applied again.
		again, err := slack.PostOnce(r.ctx, r.api(), bot.NewLedger(r.store), texter, key, channel, r.clock.Now())
		if err != nil || again != first {
			t.Fatalf("the retry answered %+v, %v; want %+v", again, err, first)
		}
		if n := len(r.fake.Messages(channel)); n != 1 {
			t.Fatalf("%d posts after a crash before the ack, want 1", n)
		}
	})
}
