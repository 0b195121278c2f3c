package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunTips tests the tips (bot.TipStore and the tip Commit files), and bot.Bot filing tips and
// additions on the store.
func RunTips(t *testing.T, open Open) {
	t.Run("Filed", func(t *testing.T) { testTipFiled(t, newEnv(t, open)) })
	t.Run("CodeTaken", func(t *testing.T) { testTipCodeTaken(t, newEnv(t, open)) })
	t.Run("Post", func(t *testing.T) { testTipPost(t, newEnv(t, open)) })
	t.Run("Additions", func(t *testing.T) { testTipAdditions(t, newEnv(t, open)) })
	t.Run("Since", func(t *testing.T) { testTipsSince(t, newEnv(t, open)) })
	t.Run("Purge", func(t *testing.T) { testTipPurge(t, newEnv(t, open)) })
	t.Run("EraseUnlinks", func(t *testing.T) { testTipEraseUnlinks(t, newEnv(t, open)) })
	t.Run("BotFiles", func(t *testing.T) { testBotFilesTip(t, newEnv(t, open)) })
	t.Run("BotRedraws", func(t *testing.T) { testBotRedrawsTakenCode(t, newEnv(t, open)) })
	t.Run("BotAdds", func(t *testing.T) { testBotAddsToTip(t, newEnv(t, open)) })
}

// codeIn returns a code, not yet used in the test, in the texter's shard.
func (e *env) codeIn(texter string, from int) string {
	n := e.s.Shards()
	for i := from; ; i++ {
		if c := CodeN(i); bot.ShardOf(c, n) == bot.ShardOf(texter, n) {
			return c
		}
	}
}

// sameShard returns a number, other than number, whose texter is in the same shard.
func (e *env) sameShard(number string) string {
	n := e.s.Shards()
	for i := 0; ; i++ {
		other := fmt.Sprintf("+1555777%04d", i)
		if other != number && bot.ShardOf(e.texter(other), n) == bot.ShardOf(e.texter(number), n) {
			return other
		}
	}
}

// fileTip commits a new session for number that files a tip with code.
func (e *env) fileTip(s Store, number, code, msgID string) (bot.Tip, error) {
	tx := e.texter(number)
	now := e.clock.Now().Truncate(time.Millisecond)
	tip := bot.Tip{Code: code, Submitted: now, Lang: "es", Channel: bot.ChannelSMS, Urgent: true, Alias: "K7QF",
		Answers: map[string]string{"where": "Houston, TX", "what": "una casa", "when": "ayer", "involved": "NONE"}, Texter: tx}
	sess := bot.Session{Texter: tx, Address: number, Alias: "K7QF", Lang: "es", Updated: now}
	snap := e.load(s, tx, "")
	sess.Version = snap.Session.Version
	ef := bot.NewTipSubmitted(code, false, tip.Answers, "")
	ef.Texter, ef.Alias, ef.At = tx, "K7QF", now
	err := s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: msgID, Session: sess, Replies: []string{"thanks"},
		Effects: []bot.Effect{ef}, Tip: &tip})
	return tip, err
}

func (e *env) tip(s Store, code string) bot.Tip {
	e.t.Helper()
	got, err := s.Tip(e.ctx, code)
	if err != nil {
		e.t.Fatalf("Tip(%s): %v", code, err)
	}
	return got
}

func testTipFiled(t *testing.T, e *env) {
	const number = "+15550001111"
	code := e.codeIn(e.texter(number), 1)
	want, err := e.fileTip(e.s, number, code, "SM1")
	if err != nil {
		t.Fatal(err)
	}
	got := e.tip(e.client(), code)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("another client read\n%+v\nwant\n%+v", got, want)
	}
	if _, err := e.s.Tip(e.ctx, e.codeIn(e.texter(number), 2+indexOf(code))); !errors.Is(err, bot.ErrNoTip) {
		t.Fatalf("an unknown code: %v, want ErrNoTip", err)
	}
	if all, err := e.s.Tips(e.ctx, time.Time{}); err != nil || len(all) != 1 || all[0].Code != code {
		t.Fatalf("Tips lists %+v, %v", all, err)
	}
	if got := e.drain(e.s, "c"); len(got) != 1 || got[0].Effect.Kind != bot.TipSubmitted {
		t.Fatalf("the outbox holds %+v, want the tip's effect", got)
	}
}

// indexOf reads the number back out of CodeN's code.
func indexOf(code string) int {
	n := 0
	for _, c := range code[5:] {
		n = n*len(codeAlphabet) + strings.IndexRune(codeAlphabet, c)
	}
	return n
}

// testTipCodeTaken: a second tip with a code in use is refused and writes nothing at all.
func testTipCodeTaken(t *testing.T, e *env) {
	const number = "+15550001111"
	code := e.codeIn(e.texter(number), 1)
	if _, err := e.fileTip(e.s, number, code, "SM1"); err != nil {
		t.Fatal(err)
	}
	other := e.sameShard(number)
	if _, err := e.fileTip(e.client(), other, code, "SM2"); !errors.Is(err, bot.ErrTipCodeTaken) {
		t.Fatalf("a taken code: %v, want ErrTipCodeTaken", err)
	}
	snap := e.load(e.s, e.texter(other), "SM2")
	if snap.Session.Version != 0 || snap.Done {
		t.Fatalf("the refused commit wrote its session or dedupe record: %+v", snap)
	}
	if got := e.tip(e.s, code); got.Texter != e.texter(number) || got.Lang != "es" {
		t.Fatalf("the first tip changed: %+v", got)
	}
	if got := e.drain(e.s, "c"); len(got) != 1 {
		t.Fatalf("%d outbox entries, want the first tip's only", len(got))
	}
}

func testTipPost(t *testing.T, e *env) {
	code := e.codeIn(e.texter("+15550001111"), 1)
	if _, err := e.fileTip(e.s, "+15550001111", code, "SM1"); err != nil {
		t.Fatal(err)
	}
	th := bot.Thread{Channel: "C0TIPS0001", TS: "1772443800.000300"}
	steps := []struct {
		do    func() error
		state bot.LedgerState
	}{
		{func() error { return e.s.BeginTipPost(e.ctx, code) }, bot.LedgerBegun},
		{func() error { return e.client().BeginTipPost(e.ctx, code) }, bot.LedgerBegun},
		{func() error { return e.s.SetTipPosted(e.ctx, code, th) }, bot.LedgerDone},
		{func() error { return e.s.BeginTipPost(e.ctx, code) }, bot.LedgerDone},
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := e.tip(e.client(), code); got.Post != st.state || (st.state == bot.LedgerDone && got.Posted != th) {
			t.Fatalf("step %d: post %v at %+v, want %v", i, got.Post, got.Posted, st.state)
		}
	}
	unknown := CodeN(9999)
	for name, err := range map[string]error{
		"BeginTipPost": e.s.BeginTipPost(e.ctx, unknown),
		"SetTipPosted": e.s.SetTipPosted(e.ctx, unknown, th),
		"AddToTip":     e.s.AddToTip(e.ctx, unknown, bot.TipAddition{ID: "x", At: e.clock.Now(), Text: "x"}),
	} {
		if !errors.Is(err, bot.ErrNoTip) {
			t.Errorf("%s of an unknown code: %v, want ErrNoTip", name, err)
		}
	}
	if _, err := e.s.Tip(e.ctx, unknown); !errors.Is(err, bot.ErrNoTip) {
		t.Fatalf("BeginTipPost of an unknown code made a tip: %v", err)
	}
}

func testTipAdditions(t *testing.T, e *env) {
	code := e.codeIn(e.texter("+15550001111"), 1)
	if _, err := e.fileTip(e.s, "+15550001111", code, "SM1"); err != nil {
		t.Fatal(err)
	}
	at := e.clock.Now().Truncate(time.Millisecond)
	add := func(s Store, id string, at time.Time, text string) {
		t.Helper()
		if err := s.AddToTip(e.ctx, code, bot.TipAddition{ID: id, At: at, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	add(e.s, "add:SM3", at.Add(2*time.Minute), "the van is blue")
	add(e.client(), "add:SM2", at.Add(time.Minute), "two men")
	add(e.s, "add:SM2", at.Add(time.Minute), "two men") // a retried effect
	want := []bot.TipAddition{{ID: "add:SM2", At: at.Add(time.Minute), Text: "two men"},
		{ID: "add:SM3", At: at.Add(2 * time.Minute), Text: "the van is blue"}}
	if got := e.tip(e.client(), code).Additions; !reflect.DeepEqual(got, want) {
		t.Fatalf("additions %+v, want %+v", got, want)
	}
	for i := range bot.MaxTipAdditions + 5 {
		add(e.s, fmt.Sprintf("add:x%03d", i), at.Add(time.Hour), "more")
	}
	if n := len(e.tip(e.s, code).Additions); n != bot.MaxTipAdditions {
		t.Fatalf("%d additions kept, want at most %d", n, bot.MaxTipAdditions)
	}
}

// fileAt files a tip for a new texter at a time and returns its code.
func (e *env) fileAt(i int, at time.Time) string {
	e.t.Helper()
	e.clock.Set(at)
	number := fmt.Sprintf("+1555000%04d", i)
	code := e.codeIn(e.texter(number), 100*i)
	if _, err := e.fileTip(e.s, number, code, fmt.Sprintf("SM%d", i)); err != nil {
		e.t.Fatal(err)
	}
	return code
}

func codes(tips []bot.Tip) []string {
	var out []string
	for _, t := range tips {
		out = append(out, t.Code)
	}
	return out
}

func testTipsSince(t *testing.T, e *env) {
	a := e.fileAt(1, Start)
	b := e.fileAt(2, Start.Add(2*time.Hour))
	c := e.fileAt(3, Start.Add(time.Hour))
	got, err := e.client().Tips(e.ctx, Start.Add(time.Hour))
	if err != nil || !reflect.DeepEqual(codes(got), []string{c, b}) {
		t.Fatalf("Tips since +1h = %v, %v; want %v oldest first", codes(got), err, []string{c, b})
	}
	if all, _ := e.s.Tips(e.ctx, time.Time{}); !reflect.DeepEqual(codes(all), []string{a, c, b}) {
		t.Fatalf("all tips %v", codes(all))
	}
}

func testTipPurge(t *testing.T, e *env) {
	a := e.fileAt(1, Start)
	b := e.fileAt(2, Start.Add(time.Hour))
	c := e.fileAt(3, Start.Add(2*time.Hour))
	n, err := e.client().PurgeTips(e.ctx, Start.Add(90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("PurgeTips = %d, %v; want 2", n, err)
	}
	for _, code := range []string{a, b} {
		if _, err := e.s.Tip(e.ctx, code); !errors.Is(err, bot.ErrNoTip) {
			t.Errorf("purged tip %s: %v", code, err)
		}
	}
	if all, _ := e.s.Tips(e.ctx, time.Time{}); !reflect.DeepEqual(codes(all), []string{c}) {
		t.Fatalf("after the purge Tips lists %v", codes(all))
	}
	if n, err := e.s.PurgeTips(e.ctx, Start.Add(90*time.Minute)); err != nil || n != 0 {
		t.Fatalf("a second purge deleted %d, %v", n, err)
	}
}

// testTipEraseUnlinks: erasure drops the texter from their tips; the tips stay for staff.
func testTipEraseUnlinks(t *testing.T, e *env) {
	const number = "+15550001111"
	tx := e.texter(number)
	code := e.codeIn(tx, 1)
	if _, err := e.fileTip(e.s, number, code, "SM1"); err != nil {
		t.Fatal(err)
	}
	snap := e.load(e.s, tx, "")
	e.commit(e.client(), bot.Commit{Texter: tx, MessageID: "SM2", Session: bot.Session{Texter: tx, Version: snap.Session.Version}, Erase: true})
	got := e.tip(e.s, code)
	if got.Texter != "" || got.Answers["what"] != "una casa" {
		t.Fatalf("after erasure the tip is %+v; want it without its texter, content kept", got)
	}
}
