package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func TestCheckCaseNumber(t *testing.T) {
	for in, want := range map[string]string{"": "", "  HT-2026-0042 ": "HT-2026-0042", "CASE #123456": "CASE #123456",
		"2026/000123": "2026/000123", "TX:CPS:88": "TX:CPS:88", "123456": "123456"} {
		if got, err := bot.CheckCaseNumber(in); err != nil || got != want {
			t.Errorf("CheckCaseNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]error{
		"555-0100":                     bot.ErrCaseLikePhone,
		"(512) 555-0100":               bot.ErrCaseLikePhone,
		"+1 512 555 0100":              bot.ErrCaseLikePhone,
		"15125550100":                  bot.ErrCaseLikePhone,
		"case 512.555.0100":            bot.ErrCaseLikePhone,
		"HT-5125550100":                bot.ErrCaseLikePhone,
		strings.Repeat("A", 41):        bot.ErrCaseTooLong,
		"<!channel>":                   bot.ErrCaseBadChars,
		"ñandú-1":                      bot.ErrCaseBadChars,
		"HT-1\nthe texter lives at...": bot.ErrCaseBadChars,
	} {
		if got, err := bot.CheckCaseNumber(in); !errors.Is(err, want) {
			t.Errorf("CheckCaseNumber(%q) = %q, %v; want %v", in, got, err, want)
		}
	}
}

func TestDesk_CloseRefusesPhoneLikeCase(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	out := r.closeWith(owner, "referred", "(512) 555-0100")
	if r.session().Handoff == nil || !strings.Contains(out.Say, "looks like a phone number") || find(out.Effects, bot.DeskUpdate) != nil {
		t.Fatalf("a phone-like case number: %q %s; want nothing closed", out.Say, kinds(out.Effects))
	}
	out = r.closeWith(owner, "arrested", "")
	if r.session().Handoff == nil || !strings.Contains(out.Say, "arrested is not an outcome") {
		t.Fatalf("an unknown outcome: %q", out.Say)
	}
}

// TestCloseRecorder: a close with an outcome is recorded once, with the need and state the
// texter chose and nothing of their words; other effects are not recorded.
func TestCloseRecorder(t *testing.T) {
	ctx := context.Background()
	log := memory.New(bot.ClockFunc(func() time.Time { return monday }))
	var applied int
	rec := bot.CloseRecorder{Next: bot.ApplierFunc(func(context.Context, bot.Effect) error { applied++; return nil }), Log: log}
	closeEffect := bot.Effect{Kind: bot.DeskUpdate, Status: bot.StatusClosed, Texter: "texterkey", Alias: "K7QF", At: monday, Lang: "es",
		Queue: "spanish", Handoff: "K7QF-abc-4", Outcome: "law_enforcement", Case: "HT-1", Opened: monday.Add(-time.Hour),
		Answers: map[string]string{"need": "shelter", "state": "TX", "what": "CANARY words of the texter"}}
	for _, e := range []bot.Effect{closeEffect, closeEffect, {Kind: bot.DeskUpdate, Status: bot.StatusClaimed, Alias: "K7QF", At: monday}} {
		if err := rec.Apply(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := log.Closes(ctx, monday.Add(-time.Hour))
	want := bot.CloseRecord{Handoff: "K7QF-abc-4", Alias: "K7QF", Queue: "spanish", Lang: "es", Need: "shelter", State: "TX",
		Opened: monday.Add(-time.Hour), Closed: monday, Outcome: "law_enforcement", Case: "HT-1"}
	if applied != 3 || len(got) != 1 || got[0] != want {
		t.Fatalf("applied %d, recorded %+v; want %+v", applied, got, want)
	}
}
