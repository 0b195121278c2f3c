package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"
)

// Delay returns how long to wait before attempt number attempts+1, after err: a random
// duration up to min(MaxDelay, BaseDelay·2^(attempts-1)) ("full jitter"), but never less than a
// RetryAfterError asks for.
func (w *Worker) Delay(attempts int, err error) time.Duration {
	ceiling := w.baseDelay()
	for i := 1; i < attempts && ceiling < w.maxDelay(); i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, w.maxDelay())
	d := time.Duration(w.random() * float64(ceiling))
	var ra *RetryAfterError
	if errors.As(err, &ra) && ra.After > d {
		d = ra.After
	}
	return d
}

// committedAt is when the effect was committed, for MaxAge; effects without a time count from
// their first failure.
func committedAt(e OutboxEntry) time.Time {
	if !e.Effect.At.IsZero() {
		return e.Effect.At
	}
	return e.First
}

// permanentReason names a permanent failure for the dead letters and the log. The provider's
// code is kept to letters, digits, '-' and '_' so that nothing else can reach a log line.
func permanentReason(err error) string {
	if errors.Is(err, ErrRecipientOptedOut) {
		return "permanent opted_out"
	}
	if errors.Is(err, ErrMaybeSent) {
		return "permanent maybe_sent"
	}
	var pe *PermanentError
	if errors.As(err, &pe) && pe.Code != "" {
		return "permanent " + safeToken(pe.Code)
	}
	return "permanent"
}

// errorClass describes a retryable error without its text, which may carry personal data (a
// provider's message can quote the number).
func errorClass(err error) string {
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return "retry_after"
	}
	var timeout interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &timeout) && timeout.Timeout()) {
		return "timeout"
	}
	return "error"
}

func safeToken(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 16 {
			break
		}
		if r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (w *Worker) random() float64 {
	if w.Random != nil {
		return w.Random()
	}
	return rand.Float64()
}

func (w *Worker) batch() int             { return orDefault(w.Batch, DefaultBatch) }
func (w *Worker) minIdle() time.Duration { return orDefault(w.MinIdle, DefaultMinIdle) }
func (w *Worker) maxAge() time.Duration  { return orDefault(w.MaxAge, DefaultMaxAge) }

func (w *Worker) maxAgeOf(k EffectKind) time.Duration {
	if d, ok := w.MaxAges[k]; ok && d > 0 {
		return d
	}
	return w.maxAge()
}
func (w *Worker) baseDelay() time.Duration    { return orDefault(w.BaseDelay, DefaultBaseDelay) }
func (w *Worker) maxDelay() time.Duration     { return orDefault(w.MaxDelay, DefaultMaxDelay) }
func (w *Worker) applyTimeout() time.Duration { return orDefault(w.ApplyTimeout, DefaultApplyTimeout) }
func (w *Worker) idle() time.Duration         { return orDefault(w.Idle, DefaultIdle) }

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
