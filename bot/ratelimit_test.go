package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

const slowDownEN = "You are sending messages very fast"

func TestRateLimit_Judge(t *testing.T) {
	l := bot.RateLimit{Max: 2, Window: time.Minute}
	for pos, want := range map[int]bot.Verdict{1: bot.Allow, 2: bot.Allow, 3: bot.SlowDown, 4: bot.Silence, 9: bot.Silence} {
		if got := l.Judge(pos); got != want {
			t.Errorf("position %d: %v, want %v", pos, got, want)
		}
	}
	if got := (bot.RateLimit{}).Judge(100); got != bot.Allow {
		t.Errorf("no limit: %v, want Allow", got)
	}
}

func TestBot_Handle_rateLimit(t *testing.T) {
	b, clock, _ := newEdgeBot(t, 3)
	const from = "+15550100001"
	for i := 1; i <= 3; i++ {
		if out := edgeSend(b, fmt.Sprint("m", i), from, "hello"); out.Limited || len(out.Replies) == 0 {
			t.Fatalf("message %d within the limit: %+v", i, out)
		}
	}
	t.Run("one slow-down reply", func(t *testing.T) {
		out := edgeSend(b, "m4", from, "hello")
		if !out.Limited || len(out.Replies) != 1 || !strings.HasPrefix(out.Replies[0], slowDownEN) {
			t.Fatalf("4th message: %+v", out)
		}
	})
	t.Run("then silence", func(t *testing.T) {
		if out := edgeSend(b, "m5", from, "hello"); !out.Limited || len(out.Replies) != 0 {
			t.Fatalf("5th message: %+v", out)
		}
	})
	t.Run("a retry gets the same answer", func(t *testing.T) {
		if out := edgeSend(b, "m4", from, "hello"); len(out.Replies) != 1 || !strings.HasPrefix(out.Replies[0], slowDownEN) {
			t.Fatalf("retry of the 4th message: %+v", out)
		}
		if out := edgeSend(b, "m2", from, "hello"); !out.Duplicate {
			t.Fatalf("retry of an allowed message: %+v", out)
		}
	})
	t.Run("other texters are not limited", func(t *testing.T) {
		if out := edgeSend(b, "o1", "+15550100002", "hello"); out.Limited {
			t.Fatalf("other texter: %+v", out)
		}
	})
	t.Run("STOP always gets through", func(t *testing.T) {
		out := edgeSend(b, "m6", from, "STOP")
		if out.Limited || len(out.Replies) != 1 || !strings.Contains(out.Replies[0], "unsubscribed") {
			t.Fatalf("STOP over the limit: %+v", out)
		}
	})
	t.Run("an opted-out texter over the limit gets nothing, not even HELP", func(t *testing.T) {
		if out := edgeSend(b, "m7", from, "HELP"); len(out.Replies) != 0 {
			t.Fatalf("HELP over the limit: %+v", out)
		}
	})
	t.Run("the window passes", func(t *testing.T) {
		clock.Advance(10 * time.Minute)
		if out := edgeSend(b, "m8", from, "HELP"); out.Limited || len(out.Replies) != 1 {
			t.Fatalf("HELP after the window: %+v", out)
		}
	})
}

func TestBot_Handle_rateLimitWithStaff(t *testing.T) {
	b, _, store := newEdgeBot(t, 5)
	const from = "+15550100003"
	for i, body := range []string{"hi", "3", "yes", "4", "skip"} { // main menu, talk to a person, confirm, need, no state
		edgeSend(b, fmt.Sprint("h", i), from, body)
	}
	snap, err := store.Load(t.Context(), b.Keys.TexterKey(bot.ChannelSMS, from), "")
	if err != nil || snap.Session.Handoff == nil {
		t.Fatalf("the built-in talk flow did not hand off with hi/3/yes (session %+v, err %v)", snap.Session, err)
	}
	out := edgeSend(b, "h5", from, "are you there")
	if !out.Limited || len(out.Replies) != 1 || len(out.Effects) != 1 || out.Effects[0].Kind != bot.TexterMessage {
		t.Fatalf("over the limit with staff: the message must still reach staff, with one slow-down reply: %+v", out)
	}
}

// TestBot_Handle_rateLimitBoundsWhatStaffGet: a texter with staff reaches them up to twice the
// limit; the message past that reaches them with a note, and later ones do not.
func TestBot_Handle_rateLimitBoundsWhatStaffGet(t *testing.T) {
	b, _, store := newEdgeBot(t, 5)
	const from = "+15550100004"
	for i, body := range []string{"hi", "3", "yes", "4", "skip"} {
		edgeSend(b, fmt.Sprint("s", i), from, body)
	}
	relayed := 0
	var notes []string
	for i := range 10 {
		out := edgeSend(b, fmt.Sprint("f", i), from, fmt.Sprint("flood ", i))
		for _, e := range out.Effects {
			switch e.Kind {
			case bot.TexterMessage:
				relayed++
			case bot.DeskNote:
				notes = append(notes, e.Text)
			}
		}
	}
	// 5 messages were counted to hand off (Max 5); 5 more reach staff past the limit (StaffMax
	// 10), and the 11th with a note.
	if relayed != 6 || len(notes) != 1 || !strings.Contains(notes[0], "more than 10 messages") {
		t.Fatalf("relayed %d of 10 flood messages, notes %q; want 6 and one note", relayed, notes)
	}
	snap, _ := store.Load(t.Context(), b.Keys.TexterKey(bot.ChannelSMS, from), "")
	if snap.Session.Handoff == nil {
		t.Fatal("the handoff ended")
	}
	if out := edgeSend(b, "fstop", from, "STOP"); !strings.Contains(strings.Join(out.Replies, ""), "unsubscribed") {
		t.Fatalf("STOP after a flood: %q", out.Replies)
	}
}
