package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// builtinFiles returns the built-in flow files, with edit applied to main.yaml.
func builtinFiles(t *testing.T, edit func(string) string) bot.FlowFiles {
	t.Helper()
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		files["main.yaml"] = []byte(edit(string(files["main.yaml"])))
	}
	return files
}

func buildEngine(files bot.FlowFiles) (*bot.Engine, error) {
	set, probs := flows.Load(flows.FilesFS(files), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		return nil, probs
	}
	return bot.NewEngine(set, bot.NewMessages("Frontdoor"), bot.NewRandomIDs(nil)).WithLang("en"), nil
}

func TestLiveEngine_swapMidConversation(t *testing.T) {
	ctx := context.Background()
	b, _, _ := newBot(t)
	b.Live = bot.NewLiveEngine(b.Engine, 1)
	b.Engine = nil // every message must go through Live
	b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"})
	if out := b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550001111", Body: "2"}); !strings.Contains(strings.Join(out.Replies, "\n"), "Where did it happen") {
		t.Fatalf("not in the tip flow: %q", out.Replies)
	}
	// Version 2 renames the tip flow's "where" state: the texter's state no longer exists.
	files := builtinFiles(t, nil)
	files["tip.yaml"] = bytes.ReplaceAll(files["tip.yaml"], []byte("where"), []byte("place"))
	e, err := buildEngine(files)
	if err != nil {
		t.Fatal(err)
	}
	b.Live.Swap(e, 2)
	out := b.Handle(ctx, bot.Inbound{ID: "SM3", From: "+15550001111", Body: "Houston, TX"})
	if out.FailSafe || len(out.Replies) < 2 || !strings.Contains(out.Replies[0], "that part of the conversation changed") ||
		!strings.Contains(out.Replies[1], "call 911") {
		t.Fatalf("after the swap the texter should get the apology and the menu: %+v", out)
	}
	if b.Live.Version() != 2 {
		t.Fatalf("version %d", b.Live.Version())
	}
}

func TestFlowWatcher(t *testing.T) {
	ctx := context.Background()
	store := memory.NewConsole(bot.ClockFunc(func() (z time.Time) { return t0 }))
	n, seeded, err := bot.SeedFlows(ctx, store, builtinFiles(t, nil), "seed", t0)
	if err != nil || !seeded || n != 1 {
		t.Fatalf("SeedFlows = %d, %v, %v", n, seeded, err)
	}
	if n, seeded, _ := bot.SeedFlows(ctx, store, builtinFiles(t, nil), "seed", t0); seeded || n != 1 {
		t.Fatalf("a second seed must not publish: %d, %v", n, seeded)
	}
	first, _ := buildEngine(builtinFiles(t, nil))
	var logs bytes.Buffer
	w := &bot.FlowWatcher{Store: store, Live: bot.NewLiveEngine(first, 1), Build: buildEngine, Log: slog.New(slog.NewTextHandler(&logs, nil))}
	publish := func(files bot.FlowFiles) {
		cur, _ := store.CurrentFlows(ctx)
		if _, err := store.PublishFlows(ctx, bot.FlowVersion{Files: files, Author: "ana"}, cur); err != nil {
			t.Fatal(err)
		}
	}
	publish(builtinFiles(t, func(s string) string { return s + "\n  broken: [\n" }))
	if err := w.Check(ctx); err != nil || w.Live.Version() != 1 || w.Live.Engine() != first {
		t.Fatalf("a version that does not load must not be swapped in: %v, version %d", err, w.Live.Version())
	}
	if !strings.Contains(logs.String(), "does not load") {
		t.Errorf("the broken version was not logged:\n%s", logs.String())
	}
	publish(builtinFiles(t, func(s string) string { return strings.Replace(s, "call 911", "call 911 now", 1) }))
	if err := w.Check(ctx); err != nil || w.Live.Version() != 3 {
		t.Fatalf("version 3 was not swapped in: %v, version %d", err, w.Live.Version())
	}
	b, _, _ := newBot(t)
	b.Live = w.Live
	if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"}); !strings.Contains(out.Replies[0], "call 911 now") {
		t.Fatalf("the bot does not run version 3: %q", out.Replies)
	}
}

func TestRecord(t *testing.T) {
	ctx := context.Background()
	board := memory.NewConsole(bot.ClockFunc(func() time.Time { return t0 }))
	b, _, _ := newBot(t)
	from := "+15550001111"
	var outs []bot.Outcome
	for i, body := range []string{"hi", "3", "1", "4", "skip", "STOP", "STOP"} { // the menu, talk, connect, opt out, again
		outs = append(outs, b.Handle(ctx, bot.Inbound{ID: "SM" + string(rune('a'+i)), From: from, Body: body}))
	}
	if !outs[5].OptedOut || outs[6].OptedOut {
		t.Fatalf("OptedOut should be set by the first STOP only: %v, %v", outs[5].OptedOut, outs[6].OptedOut)
	}
	var opened bool
	for _, out := range outs[:5] {
		if err := bot.Record(ctx, board, out, "2026-03-02"); err != nil {
			t.Fatal(err)
		}
		v, _ := board.Board(ctx, "2026-03-02")
		opened = opened || len(v.Handoffs) == 1
	}
	if !opened {
		t.Fatal("the handoff never showed on the board")
	}
	for _, out := range outs[5:] {
		bot.Record(ctx, board, out, "2026-03-02")
	}
	v, _ := board.Board(ctx, "2026-03-02")
	if len(v.Handoffs) != 0 || v.Counts[bot.BoardOptOuts] != 1 {
		t.Fatalf("after STOP: %+v, want no handoff and one opt-out", v)
	}
}
