package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// ConsoleStore is what the console part of the suite tests: the flow versions and drafts, the
// audit log, the sign-in lockout counter and the live board.
type ConsoleStore interface {
	bot.FlowStore
	bot.AuditLog
	bot.SignInGuard
	bot.Board
}

// OpenConsole makes one new, empty backend for a test and returns a function that connects a
// new client to it (another replica of the same data).
type OpenConsole func(t *testing.T, clock bot.Clock) func() ConsoleStore

// RunConsole runs the console part of the suite.
func RunConsole(t *testing.T, open OpenConsole) {
	t.Run("FlowVersions", func(t *testing.T) { runFlowVersions(t, open) })
	t.Run("PublishRace", func(t *testing.T) { runPublishRace(t, open) })
	t.Run("Drafts", func(t *testing.T) { runDrafts(t, open) })
	t.Run("Audit", func(t *testing.T) { runAudit(t, open) })
	t.Run("SignIn", func(t *testing.T) { runSignIn(t, open) })
	t.Run("Board", func(t *testing.T) { runBoard(t, open) })
}

// of returns a function that fails t on an error and passes the value on, so that a call's two
// results can be checked inline: of[int64](t)(s.CurrentFlows(ctx)).
func of[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func runFlowVersions(t *testing.T, open OpenConsole) {
	ctx, clock := context.Background(), NewClock()
	client := open(t, clock)
	s, other := client(), client()
	if n := of[int64](t)(s.CurrentFlows(ctx)); n != 0 {
		t.Fatalf("an empty store's live version is %d, want 0", n)
	}
	if _, err := s.FlowVersion(ctx, 1); !errors.Is(err, bot.ErrNoFlowVersion) {
		t.Fatalf("FlowVersion(1) of an empty store: %v, want ErrNoFlowVersion", err)
	}
	v1 := bot.FlowVersion{Author: "ana", Published: clock.Now(), Note: "first",
		Files: bot.FlowFiles{"main.yaml": []byte("flow: main\n"), "tests/main_en.yaml": []byte("name: t\n")}}
	if n := of[int64](t)(s.PublishFlows(ctx, v1, 0)); n != 1 {
		t.Fatalf("first publish is version %d, want 1", n)
	}
	if _, err := other.PublishFlows(ctx, v1, 0); !errors.Is(err, bot.ErrStaleFlows) {
		t.Fatalf("publishing on a stale base: %v, want ErrStaleFlows", err)
	}
	clock.Advance(time.Minute)
	v2 := bot.FlowVersion{Author: "ben", Published: clock.Now(), Note: "second", Files: bot.FlowFiles{"main.yaml": []byte("flow: main # 2\n")}}
	if n := of[int64](t)(other.PublishFlows(ctx, v2, 1)); n != 2 {
		t.Fatalf("second publish is version %d, want 2", n)
	}
	if n := of[int64](t)(s.CurrentFlows(ctx)); n != 2 {
		t.Fatalf("the other replica sees version %d, want 2", n)
	}
	got := of[bot.FlowVersion](t)(s.FlowVersion(ctx, 1))
	if got.Number != 1 || got.Author != "ana" || got.Note != "first" || !got.Published.Equal(v1.Published) ||
		len(got.Files) != 2 || string(got.Files["tests/main_en.yaml"]) != "name: t\n" {
		t.Fatalf("version 1 reads back as %+v", got)
	}
	list := of[[]bot.FlowVersion](t)(s.FlowVersions(ctx, 10))
	if len(list) != 2 || list[0].Number != 2 || list[0].Author != "ben" || list[1].Number != 1 || list[0].Files != nil {
		t.Fatalf("FlowVersions = %+v, want 2 then 1, without files", list)
	}
	if list := of[[]bot.FlowVersion](t)(s.FlowVersions(ctx, 1)); len(list) != 1 || list[0].Number != 2 {
		t.Fatalf("FlowVersions(limit 1) = %+v", list)
	}
}

// runPublishRace: coordinators publishing at once on the same base: exactly one wins.
func runPublishRace(t *testing.T, open OpenConsole) {
	ctx := context.Background()
	client := open(t, NewClock())
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, stale := 0, 0
	for i := range 8 {
		s := client()
		wg.Go(func() {
			_, err := s.PublishFlows(ctx, bot.FlowVersion{Author: fmt.Sprint(i), Files: bot.FlowFiles{"main.yaml": []byte("x")}}, 0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, bot.ErrStaleFlows):
				stale++
			default:
				t.Errorf("publish: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 || stale != 7 {
		t.Fatalf("%d publishes won and %d were stale; want 1 and 7", wins, stale)
	}
	if n := of[int64](t)(client().CurrentFlows(ctx)); n != 1 {
		t.Fatalf("live version %d, want 1", n)
	}
}

func runDrafts(t *testing.T, open OpenConsole) {
	ctx, clock := context.Background(), NewClock()
	client := open(t, clock)
	s := client()
	if _, ok := draftOf(t)(s.Draft(ctx, "ana")); ok {
		t.Fatal("a draft before any was saved")
	}
	d := bot.Draft{Base: 3, Updated: clock.Now(), Files: bot.FlowFiles{"tip.yaml": []byte("flow: tip\nsay: ¿Dónde?\n")}}
	if err := s.SaveDraft(ctx, "ana", d); err != nil {
		t.Fatal(err)
	}
	got, ok := draftOf(t)(client().Draft(ctx, "ana"))
	if !ok || got.Base != 3 || !got.Updated.Equal(d.Updated) || string(got.Files["tip.yaml"]) != "flow: tip\nsay: ¿Dónde?\n" {
		t.Fatalf("draft reads back as %+v, %v", got, ok)
	}
	if _, ok := draftOf(t)(s.Draft(ctx, "ben")); ok {
		t.Fatal("ben sees ana's draft")
	}
	if err := s.DropDraft(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, ok := draftOf(t)(s.Draft(ctx, "ana")); ok {
		t.Fatal("the draft is still there after DropDraft")
	}
}

func draftOf(t *testing.T) func(bot.Draft, bool, error) (bot.Draft, bool) {
	return func(d bot.Draft, ok bool, err error) (bot.Draft, bool) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d, ok
	}
}

func runAudit(t *testing.T, open OpenConsole) {
	ctx, clock := context.Background(), NewClock()
	client := open(t, clock)
	s := client()
	for i := range 3 {
		clock.Advance(time.Second)
		if err := s.Audit(ctx, bot.AuditEntry{At: clock.Now(), Who: "ana", Action: "publish", Detail: fmt.Sprintf("version %d", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	got := of[[]bot.AuditEntry](t)(client().AuditEntries(ctx, 2))
	if len(got) != 2 || got[0].Detail != "version 3" || got[1].Detail != "version 2" || got[0].Who != "ana" || !got[0].At.Equal(clock.Now()) {
		t.Fatalf("AuditEntries(2) = %+v, want versions 3 and 2, newest first", got)
	}
	if all := of[[]bot.AuditEntry](t)(s.AuditEntries(ctx, 100)); len(all) != 3 {
		t.Fatalf("%d entries, want 3", len(all))
	}
}

func runSignIn(t *testing.T, open OpenConsole) {
	ctx, clock := context.Background(), NewClock()
	client := open(t, clock)
	s, other := client(), client()
	for i := 1; i <= 3; i++ {
		if n := of[int](t)(s.SignInFailed(ctx, "ana", 15*time.Minute)); n != i {
			t.Fatalf("failure %d counted as %d", i, n)
		}
	}
	if n := of[int](t)(other.SignInFailures(ctx, "ana")); n != 3 {
		t.Fatalf("the other replica counts %d failures, want 3", n)
	}
	if n := of[int](t)(s.SignInFailures(ctx, "ben")); n != 0 {
		t.Fatalf("ben has %d failures", n)
	}
	if err := other.SignInCleared(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if n := of[int](t)(s.SignInFailures(ctx, "ana")); n != 0 {
		t.Fatalf("%d failures after clearing", n)
	}
}

func runBoard(t *testing.T, open OpenConsole) {
	ctx, clock := context.Background(), NewClock()
	client := open(t, clock)
	s := client()
	opened := clock.Now().Add(-10 * time.Minute)
	for _, h := range []bot.OpenHandoff{{Alias: "A1AA", Queue: "national", Opened: opened.Add(-time.Minute)},
		{Alias: "K7QF", Queue: "national", Opened: opened, Urgent: true},
		{Alias: "B2CD", Queue: "texas", Opened: opened.Add(time.Minute)}, {Alias: "OLD1", Queue: "national", Opened: clock.Now().Add(-bot.BoardKeep - time.Hour)}} {
		if err := s.HandoffOpened(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{bot.BoardTips, bot.BoardTips, bot.BoardOptOuts} {
		if err := s.Count(ctx, "2026-03-02", c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Count(ctx, "2026-03-01", bot.BoardTips); err != nil {
		t.Fatal(err)
	}
	v := of[bot.BoardView](t)(client().Board(ctx, "2026-03-02"))
	if len(v.Handoffs) != 3 || v.Handoffs[0].Alias != "K7QF" || !v.Handoffs[0].Urgent || !v.Handoffs[0].Opened.Equal(opened) ||
		v.Handoffs[1].Alias != "A1AA" || v.Handoffs[2].Queue != "texas" {
		t.Fatalf("handoffs = %+v, want the urgent K7QF first, then A1AA and B2CD oldest first (OLD1 is past BoardKeep)", v.Handoffs)
	}
	if v.Counts[bot.BoardTips] != 2 || v.Counts[bot.BoardOptOuts] != 1 {
		t.Fatalf("counts = %v, want 2 tips and 1 opt-out", v.Counts)
	}
	if err := s.HandoffClosed(ctx, "K7QF"); err != nil {
		t.Fatal(err)
	}
	if v := of[bot.BoardView](t)(s.Board(ctx, "2026-03-02")); len(v.Handoffs) != 2 || v.Handoffs[1].Alias != "B2CD" {
		t.Fatalf("after closing K7QF: %+v", v.Handoffs)
	}
}
