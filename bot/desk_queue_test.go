package bot_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/bot/storetest"
)

// TestDesk_HandoffToMissingQueue: a flow hands off to a queue the roster lacks (it was reloaded
// without it): the texter is not told "connecting you" but given the hotline and 911 at once,
// nothing is posted, no handoff stays open, and the error is logged.
func TestDesk_HandoffToMissingQueue(t *testing.T) {
	var logs strings.Builder
	r := newLoggedDeskRig(t, monday, slog.New(slog.NewJSONHandler(&logs, nil)))
	// The talk flow routes by the roster's rules: a roster without routing has no queue for it.
	yaml := strings.Replace(strings.ReplaceAll(storetest.RosterYAML, "national", "elsewhere"), "routing:\n  default: elsewhere\n", "", 1)
	other, probs := roster.Read("oncall.yaml", []byte(yaml))
	if other == nil {
		t.Fatalf("setup roster: %v", probs)
	}
	r.d.SwapRoster(other)
	r.text("hi")
	r.text("3")
	r.text("1")
	r.text("4")
	out := r.text("skip")
	got := strings.Join(out.Replies, "\n")
	if strings.Contains(got, "Connecting you") || !strings.Contains(got, bot.HotlineCall) || !strings.Contains(got, "911") {
		t.Fatalf("the texter was answered %q", got)
	}
	if e := find(r.drain(), bot.HandoffRequested); e != nil {
		t.Fatalf("a handoff to a missing queue was queued for Slack: %+v", e)
	}
	if s := r.session(); s.Handoff != nil || s.State != "" {
		t.Fatalf("the session after: handoff %+v, state %q", s.Handoff, s.State)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR"`) || !strings.Contains(logs.String(), `"queue":"*route"`) {
		t.Fatalf("not logged as an error: %s", logs.String())
	}
	if out := r.text("hello"); !strings.Contains(strings.Join(out.Replies, " "), "Reply with a number") {
		t.Fatalf("the next message: %q", out.Replies)
	}
}
