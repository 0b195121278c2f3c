package faults

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/internal/servetest"
)

// Texter is one simulated person: a number, a script of messages sent one after the other (each
// after the previous answer, no faster than the pace), and, once the script is done, More(n)
// sent until the drive ends (nil: stop after the script).
type Texter struct {
	ID     int
	From   string
	Script []string
	More   func(n int) string
	Delay  time.Duration // wait this long after the drive starts before the first message
	Every  time.Duration // the texter's own pace, one message per Every; zero: the drive's rate spread over all texters
}

// Number is texter i's phone number, in the fictional 555 range; prefix keeps scenarios apart.
func Number(prefix, i int) string { return fmt.Sprintf("+1555%03d%04d", prefix%1000, i) }

// TipScript walks the built-in tip flow to a filed tip whose "what" answer names the texter
// (WhatOf), so the tip's post shows whose it is and that the answers arrived in order: the
// place, what, when, who was involved, no one in danger now, send it, and yes, staff may text
// back with questions.
func TipScript(i int) []string {
	return []string{"hi", "2", "Houston, TX", WhatOf(i), "last night", "none", "no", "1", "yes"}
}

// WhatOf is the "what happened" answer of texter i's tip.
func WhatOf(i int) string { return fmt.Sprintf("a van at the motel, note %04d", i) }

// SeekScript reaches a person (the talk flow) and says who is writing (SeekerWords).
func SeekScript(i int) []string { return []string{"hi", "3", "1", "4", "skip", SeekerWords(i, 0)} }

// SeekerWords is the n-th message of seeker i to staff: numbered, so order can be checked.
func SeekerWords(i, n int) string { return fmt.Sprintf("seeker %04d message %03d", i, n) }

// Tippers make n texters who each walk TipScript; ids start at first.
func Tippers(prefix, first, n int) []Texter {
	out := make([]Texter, n)
	for k := range out {
		i := first + k
		out[k] = Texter{ID: i, From: Number(prefix, i), Script: TipScript(i)}
	}
	return out
}

// Seekers reach staff and then keep writing numbered messages; ids start at first (keep them
// apart from the tippers' to tell the answers apart).
func Seekers(prefix, first, n int) []Texter {
	out := make([]Texter, n)
	for k := range out {
		i := first + k
		out[k] = Texter{ID: i, From: Number(prefix, i), Script: SeekScript(i),
			More: func(n int) string { return SeekerWords(i, n+1) }}
	}
	return out
}

// Answer is one message a texter sent and what came back.
type Answer struct {
	Texter     int
	Step       int // 0-based position in what the texter sent
	SID, Body  string
	Sent, Done time.Time
	SMS        servetest.SMS
	Err        error
}

// Record is what a drive sent and got; safe for concurrent use.
type Record struct {
	mu      sync.Mutex
	answers []Answer
}

func (r *Record) add(a Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answers = append(r.answers, a)
}

// Answers returns a copy of the answers, in the order they came back.
func (r *Record) Answers() []Answer {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Answer(nil), r.answers...)
}

// Drive runs texters against the fleet until ctx ends or every script (without More) is done.
// rate is the total messages per second, spread evenly over the texters; each texter waits for
// its answer before sending again. sidPrefix keeps message ids unique across drives.
func (f *Fleet) Drive(ctx context.Context, sidPrefix string, texters []Texter, rate float64) *Record {
	return f.DriveInto(ctx, sidPrefix, texters, rate, nil)
}

// DriveInto is Drive that hands the Record to started before the first message, so the test
// can read it while the drive runs.
func (f *Fleet) DriveInto(ctx context.Context, sidPrefix string, texters []Texter, rate float64, started func(*Record)) *Record {
	rec := &Record{}
	if started != nil {
		started(rec)
	}
	interval := time.Duration(float64(len(texters)) / rate * float64(time.Second))
	var wg sync.WaitGroup
	start := time.Now()
	for k, x := range texters {
		wg.Go(func() {
			every := interval
			if x.Every > 0 {
				every = x.Every
			}
			next := start.Add(x.Delay + time.Duration(k)*every/time.Duration(len(texters)))
			for n := 0; ; n++ {
				body := ""
				switch {
				case n < len(x.Script):
					body = x.Script[n]
				case x.More != nil:
					body = x.More(n - len(x.Script))
				default:
					return
				}
				if !sleepUntil(ctx, next) {
					return
				}
				next = next.Add(every)
				a := Answer{Texter: x.ID, Step: n, SID: SID(sidPrefix, x.ID, n), Body: body, Sent: time.Now()}
				a.SMS, a.Err = f.Text(a.SID, x.From, body)
				a.Done = time.Now()
				rec.add(a)
			}
		})
	}
	wg.Wait()
	return rec
}

// SID is the message id Drive gives texter id's n-th message.
func SID(prefix string, id, n int) string { return fmt.Sprintf("SM%s%05d%04d", prefix, id, n) }

func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

var receiptRE = regexp.MustCompile(`TIP-[0-9A-Z]{6}`)

// Receipt finds the tip receipt code in an answer, "" if none.
func Receipt(a servetest.SMS) string { return receiptRE.FindString(strings.Join(a.Replies, "\n")) }

// Receipts maps each texter to the receipt code their answers gave (the last one).
func (r *Record) Receipts() map[int]string {
	out := map[int]string{}
	for _, a := range r.Answers() {
		if c := Receipt(a.SMS); c != "" {
			out[a.Texter] = c
		}
	}
	return out
}

// SentToStaff counts, per seeker, the numbered messages to staff that were sent (whatever the
// answer): SeekerWords(i, 0) and those after it.
func (r *Record) SentToStaff(seekers []Texter) map[int]int { return r.SentBefore(seekers, time.Time{}) }

// SentBefore is SentToStaff of the messages sent before t (all when t is zero).
func (r *Record) SentBefore(seekers []Texter, t time.Time) map[int]int {
	ids := map[int]bool{}
	for _, x := range seekers {
		ids[x.ID] = true
	}
	out := map[int]int{}
	for _, a := range r.Answers() {
		if ids[a.Texter] && a.Step >= len(SeekScript(0))-1 && (t.IsZero() || a.Sent.Before(t)) {
			out[a.Texter]++
		}
	}
	return out
}

// Transcript shows what texter id sent and got, with the times relative to since, for a
// failure message.
func (r *Record) Transcript(id int, since time.Time) string {
	var b strings.Builder
	for _, a := range r.Answers() {
		if a.Texter != id {
			continue
		}
		got := strings.Join(a.SMS.Replies, " | ")
		if len(got) > 70 {
			got = got[:70] + "..."
		}
		fmt.Fprintf(&b, "  %+.2fs %s %q -> %q %v\n", a.Sent.Sub(since).Seconds(), a.SID, a.Body, got, a.Err)
	}
	return b.String()
}

// Sent counts, per texter of texters, the messages sent (whatever the answer).
func (r *Record) Sent(texters []Texter) map[int]int {
	ids := map[int]bool{}
	for _, x := range texters {
		ids[x.ID] = true
	}
	out := map[int]int{}
	for _, a := range r.Answers() {
		if ids[a.Texter] {
			out[a.Texter]++
		}
	}
	return out
}
