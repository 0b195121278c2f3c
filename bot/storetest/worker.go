package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunWorker tests bot.Worker over the store's outbox.
func RunWorker(t *testing.T, open Open) {
	t.Run("AppliesInOrder", func(t *testing.T) { testApplies(t, newEnv(t, open)) })
	t.Run("RetryBackoff", func(t *testing.T) { testRetryBackoff(t, newEnv(t, open)) })
	t.Run("RetryAfter", func(t *testing.T) { testRetryAfter(t, newEnv(t, open)) })
	t.Run("Permanent", func(t *testing.T) { testPermanent(t, newEnv(t, open)) })
	t.Run("Expired", func(t *testing.T) { testExpired(t, newEnv(t, open)) })
	t.Run("TipsWaitLonger", func(t *testing.T) { testTipsWaitLonger(t, newEnv(t, open)) })
	t.Run("PerTexterOrder", func(t *testing.T) { testPerTexterOrder(t, newEnv(t, open)) })
	t.Run("CrashedConsumer", func(t *testing.T) { testCrashedConsumer(t, newEnv(t, open)) })
	t.Run("ShutdownReleases", func(t *testing.T) { testShutdown(t, newEnv(t, open)) })
	t.Run("SlowBatchClaimsAgain", func(t *testing.T) { testSlowBatch(t, newEnv(t, open)) })
}

// recorder is an Applier that records what it applied and fails as told.
type recorder struct {
	mu      sync.Mutex
	applied []string       // Text of each effect applied, in order
	calls   map[string]int // attempts by Text
	fail    func(text string, call int) error
}

func newRecorder(fail func(text string, call int) error) *recorder {
	return &recorder{calls: map[string]int{}, fail: fail}
}

func (r *recorder) Apply(_ context.Context, e bot.Effect) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[e.Text]++
	if r.fail != nil {
		if err := r.fail(e.Text, r.calls[e.Text]); err != nil {
			return err
		}
	}
	r.applied = append(r.applied, e.Text)
	return nil
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.applied...)
}

func (r *recorder) attempts(text string) int { r.mu.Lock(); defer r.mu.Unlock(); return r.calls[text] }

// newWorker returns a worker with fixed jitter (half the ceiling) and a log buffer.
func (e *env) newWorker(s Store, consumer string, a bot.Applier) (*bot.Worker, *bytes.Buffer) {
	var log bytes.Buffer
	return &bot.Worker{Outbox: s, Applier: a, Clock: e.clock, Consumer: consumer,
		Log:    slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Random: func() float64 { return 0.5 }, BaseDelay: time.Second, MaxDelay: time.Minute, MaxAge: time.Hour,
		MinIdle: time.Hour, Idle: time.Millisecond}, &log
}

func (e *env) poll(w *bot.Worker) int {
	e.t.Helper()
	n, err := w.Poll(e.ctx)
	if err != nil {
		e.t.Fatalf("Poll: %v", err)
	}
	return n
}

func testApplies(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 3)
	e.commitMessages(e.s, "+15550002222", "b", 2)
	r := newRecorder(nil)
	w, _ := e.newWorker(e.s, "w1", r)
	if n := e.poll(w); n != 5 {
		t.Fatalf("Poll finished %d entries, want 5", n)
	}
	checkSubsequence(t, r.got(), wantTexts("a", 3))
	checkSubsequence(t, r.got(), wantTexts("b", 2))
	if st := w.Stats(); st.Applied != 5 || st.DeadLettered != 0 {
		t.Fatalf("stats %+v", st)
	}
	if n := e.poll(w); n != 0 || len(r.got()) != 5 {
		t.Fatalf("a second Poll applied again: %q", r.got())
	}
}

// checkSubsequence fails unless want appears in got in this order, each exactly once.
func checkSubsequence(t *testing.T, got, want []string) {
	t.Helper()
	in := map[string]bool{}
	for _, w := range want {
		in[w] = true
	}
	var seen []string
	for _, g := range got {
		if in[g] {
			seen = append(seen, g)
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Fatalf("applied %q, want %q in this order, once each", seen, want)
	}
}

var errDown = errors.New("far end down")

func testRetryBackoff(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 1)
	r := newRecorder(func(_ string, call int) error {
		if call <= 2 {
			return errDown
		}
		return nil
	})
	w, _ := e.newWorker(e.s, "w1", r)
	// Attempt 1 fails: backoff ceiling 1s, jitter 0.5, so due in 500ms.
	e.poll(w)
	e.clock.Advance(499 * time.Millisecond)
	e.poll(w)
	if n := r.attempts("a 0"); n != 1 {
		t.Fatalf("retried before the backoff ended: %d attempts", n)
	}
	// Attempt 2 fails: ceiling 2s, due in 1s.
	e.clock.Advance(time.Millisecond)
	e.poll(w)
	e.clock.Advance(999 * time.Millisecond)
	e.poll(w)
	if n := r.attempts("a 0"); n != 2 {
		t.Fatalf("after two backoffs: %d attempts, want 2", n)
	}
	e.clock.Advance(time.Millisecond)
	e.poll(w)
	if fmt.Sprint(r.got()) != "[a 0]" || r.attempts("a 0") != 3 {
		t.Fatalf("applied %q after %d attempts", r.got(), r.attempts("a 0"))
	}
	if st := w.Stats(); st.Retried != 2 || st.Applied != 1 {
		t.Fatalf("stats %+v", st)
	}
	if delays := []time.Duration{w.Delay(1, errDown), w.Delay(3, errDown), w.Delay(30, errDown)}; fmt.Sprint(delays) != "[500ms 2s 30s]" {
		t.Fatalf("backoff delays %v, want [500ms 2s 30s] (half of 1s, 4s, and the 1m cap)", delays)
	}
}

func testRetryAfter(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 1)
	r := newRecorder(func(_ string, call int) error {
		if call == 1 {
			return &bot.RetryAfterError{After: 30 * time.Second, Err: errDown}
		}
		return nil
	})
	w, _ := e.newWorker(e.s, "w1", r)
	e.poll(w)
	e.clock.Advance(29 * time.Second)
	e.poll(w)
	if n := r.attempts("a 0"); n != 1 {
		t.Fatalf("retried before Retry-After: %d attempts", n)
	}
	e.clock.Advance(time.Second)
	e.poll(w)
	if fmt.Sprint(r.got()) != "[a 0]" {
		t.Fatalf("after Retry-After applied %q", r.got())
	}
}

func testPermanent(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15557654321", "a", 2)
	r := newRecorder(func(text string, _ int) error {
		if text == "a 0" {
			return &bot.PermanentError{Code: "21610\nlevel=error", Err: errors.New("the number +15557654321 is blocked")}
		}
		return nil
	})
	w, log := e.newWorker(e.s, "w1", r)
	e.poll(w)
	e.clock.Advance(time.Hour)
	e.poll(w)
	if r.attempts("a 0") != 1 || fmt.Sprint(r.got()) != "[a 1]" {
		t.Fatalf("a permanent failure was retried (%d attempts) or blocked the next effect (applied %q)", r.attempts("a 0"), r.got())
	}
	if st := w.Stats(); st.DeadLettered != 1 || st.Permanent != 1 || st.Applied != 1 {
		t.Fatalf("stats %+v", st)
	}
	if st, _ := e.s.OutboxStats(e.ctx); st.Dead != 1 || st.Pending != 0 {
		t.Fatalf("outbox stats %+v, want 1 dead, 0 pending", st)
	}
	line := log.String()
	if !strings.Contains(line, "dead-lettered") || !strings.Contains(line, "21610level") {
		t.Fatalf("no dead-letter log line with the sanitised code:\n%s", line)
	}
	for _, bad := range []string{"7654321", "a 0", e.texter("+15557654321"), "\nlevel=error"} {
		if strings.Contains(line, bad) {
			t.Fatalf("the log holds %q:\n%s", bad, line)
		}
	}
}

func testExpired(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 1)
	r := newRecorder(func(string, int) error { return errDown })
	w, _ := e.newWorker(e.s, "w1", r)
	e.clock.Advance(59 * time.Minute)
	e.poll(w) // committed 59 minutes ago: retried
	if st := w.Stats(); st.Retried != 1 || st.DeadLettered != 0 {
		t.Fatalf("stats %+v", st)
	}
	e.clock.Advance(time.Minute)
	e.poll(w) // an hour: MaxAge reached
	if st := w.Stats(); st.Expired != 1 || st.DeadLettered != 1 {
		t.Fatalf("stats %+v", st)
	}
	if st, _ := e.s.OutboxStats(e.ctx); st.Dead != 1 || st.Pending != 0 {
		t.Fatalf("outbox stats %+v", st)
	}
}

// testTipsWaitLonger: with MaxAges, a tip that cannot be posted waits longer than MaxAge.
func testTipsWaitLonger(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 1)
	if _, err := e.fileTip(e.s, "+15550002222", e.codeIn(e.texter("+15550002222"), 1), "SMtip"); err != nil {
		t.Fatal(err)
	}
	w, _ := e.newWorker(e.s, "w1", newRecorder(func(string, int) error { return errDown }))
	w.MaxAges = map[bot.EffectKind]time.Duration{bot.TipSubmitted: 24 * time.Hour}
	for range 2 {
		e.clock.Advance(time.Hour)
		e.poll(w)
	}
	if st := w.Stats(); st.Expired != 1 {
		t.Fatalf("after two hours %d effects expired, want the message only", st.Expired)
	}
	e.clock.Advance(23 * time.Hour)
	e.poll(w)
	if st, _ := e.s.OutboxStats(e.ctx); st.Dead != 2 || st.Pending != 0 {
		t.Fatalf("after a day the outbox is %+v; want the tip dead-lettered too", st)
	}
}

func testPerTexterOrder(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 3)
	e.commitMessages(e.s, "+15550002222", "b", 2)
	r := newRecorder(func(text string, call int) error {
		if text == "a 0" && call == 1 {
			return errDown
		}
		return nil
	})
	w, _ := e.newWorker(e.s, "w1", r)
	e.poll(w)
	if fmt.Sprint(r.got()) != "[b 0 b 1]" {
		t.Fatalf("while a 0 waits, applied %q; want only texter b's", r.got())
	}
	e.clock.Advance(time.Second)
	e.poll(w)
	checkSubsequence(t, r.got(), wantTexts("a", 3))
	if n := r.attempts("a 1"); n != 1 {
		t.Fatalf("a 1 was attempted %d times", n)
	}
}

func testCrashedConsumer(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 2)
	for shard := range e.s.Shards() {
		e.claim(e.s, shard, "crashed", time.Hour) // claimed, then the process died
	}
	r := newRecorder(nil)
	alive, _ := e.newWorker(e.client(), "w2", r)
	e.poll(alive)
	if len(r.got()) != 0 {
		t.Fatalf("took over a consumer that is not yet idle: %q", r.got())
	}
	e.clock.Advance(time.Second)
	alive.MinIdle = time.Nanosecond
	e.poll(alive)
	if fmt.Sprint(r.got()) != "[a 0 a 1]" {
		t.Fatalf("after the crash applied %q", r.got())
	}
}

func testShutdown(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 3)
	started, finish := make(chan struct{}), make(chan struct{})
	first := newRecorder(func(text string, _ int) error {
		if text == "a 0" {
			close(started)
			<-finish // the apply in progress at SIGTERM
		}
		return nil
	})
	w, _ := e.newWorker(e.s, "w1", first)
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-started
	cancel()
	close(finish)
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if fmt.Sprint(first.got()) != "[a 0]" {
		t.Fatalf("the first worker applied %q, want only the effect in progress", first.got())
	}
	second := newRecorder(nil)
	w2, _ := e.newWorker(e.client(), "w2", second) // MinIdle is an hour: only a release lets it in
	e.poll(w2)
	if fmt.Sprint(second.got()) != "[a 1 a 2]" {
		t.Fatalf("the next worker applied %q, want the released [a 1 a 2]", second.got())
	}
}

// testSlowBatch: when applying takes long, the worker stops after half of MinIdle and claims
// again, so its hold is renewed before another consumer would presume it dead.
func testSlowBatch(t *testing.T, e *env) {
	e.commitMessages(e.s, "+15550001111", "a", 3)
	r := newRecorder(func(string, int) error { e.clock.Advance(31 * time.Second); return nil })
	w, _ := e.newWorker(e.s, "w1", r)
	w.MinIdle = 2 * time.Minute
	if n := e.poll(w); n != 2 {
		t.Fatalf("the first Poll finished %d entries; want 2, then a fresh claim", n)
	}
	if n := e.poll(w); n != 1 || fmt.Sprint(r.got()) != "[a 0 a 1 a 2]" {
		t.Fatalf("the second Poll finished %d; applied %q", n, r.got())
	}
}
