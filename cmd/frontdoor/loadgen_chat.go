package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The web chat load (--webchat): each simulated visitor keeps a long poll open all the time, as
// an open chat page does, and walks the built-in flows through /chat/api/send, paced (a person
// writes every few seconds; the chat allows a visitor two messages a second). --flood adds
// that many connections of one more visitor sending as fast as answered, to show that one
// client's flood does not slow the others.

// chatStats counts what is not a measured send: refusals over the rate, and the polls.
type chatStats struct {
	limited, busy     atomic.Int64 // sends answered 429 (over the visitor's rate), 503 (every slot busy)
	polls, pollErrors atomic.Int64 // polls answered, and failed
	open, maxOpen     atomic.Int64 // polls held open now, and the most at once
	flood, floodOK    atomic.Int64 // the flooding visitor's sends, and how many were handled
}

func (c *chatStats) opened() {
	n := c.open.Add(1)
	for {
		m := c.maxOpen.Load()
		if n <= m || c.maxOpen.CompareAndSwap(m, n) {
			return
		}
	}
}

func (c *chatStats) print(w io.Writer) {
	fmt.Fprintf(w, "webchat   polls held open at most %d, polls answered %d, poll errors %d; sends over a visitor's rate %d, refused busy %d\n",
		c.maxOpen.Load(), c.polls.Load(), c.pollErrors.Load(), c.limited.Load(), c.busy.Load())
	if c.flood.Load() > 0 {
		fmt.Fprintf(w, "flood     one visitor sent %d, %d handled (the rest refused at once)\n", c.flood.Load(), c.floodOK.Load())
	}
}

// chatVisitor is one web chat visitor: a new token per walk, one message at a time.
type chatVisitor struct {
	id       int
	t        *target
	budget   *atomic.Int64
	stats    *workerStats
	chat     *chatStats
	interval time.Duration
	token    atomic.Value // the current walk's token
}

func (v *chatVisitor) run(ctx context.Context) {
	v.token.Store(randomHex(16))
	var wg sync.WaitGroup
	wg.Go(func() { v.pollLoop(ctx) })
	defer wg.Wait()
	next := time.Now().Add(time.Duration(v.id) * v.interval / time.Duration(max(1, v.stats.texters)))
	for walk := 0; ctx.Err() == nil; walk++ {
		if walk > 0 {
			v.token.Store(randomHex(16))
		}
		for _, body := range walks[(v.id+walk)%len(walks)] {
			if ctx.Err() != nil || v.budget.Add(-1) < 0 || !sleepUntil(ctx, next) {
				return
			}
			v.send(ctx, next, body)
			next = next.Add(v.interval)
		}
	}
}

// send posts one message; latency counts from when it was due.
func (v *chatVisitor) send(ctx context.Context, due time.Time, body string) {
	status, err := v.t.chatPost(ctx, "/send", map[string]any{"token": v.token.Load(), "id": randomHex(12), "text": body})
	switch {
	case err != nil:
		if ctx.Err() == nil {
			v.stats.fail()
		}
	case status == http.StatusTooManyRequests:
		v.chat.limited.Add(1)
	case status == http.StatusServiceUnavailable:
		v.chat.busy.Add(1)
	case status != http.StatusOK:
		v.stats.fail()
	default:
		v.stats.ok(time.Since(due))
	}
}

// pollLoop keeps one poll open for the current token until ctx ends.
func (v *chatVisitor) pollLoop(ctx context.Context) {
	for ctx.Err() == nil {
		v.chat.opened()
		status, err := v.t.chatPost(ctx, "/poll", map[string]any{"token": v.token.Load(), "after": 0})
		v.chat.open.Add(-1)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil || (status != http.StatusOK && status != http.StatusTooManyRequests):
			v.chat.pollErrors.Add(1)
			sleepUntil(ctx, time.Now().Add(time.Second))
		default:
			v.chat.polls.Add(1)
		}
	}
}

// flood sends as one visitor as fast as answered on each of n connections.
func flood(ctx context.Context, t *target, n int, c *chatStats) {
	token := randomHex(16)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				status, err := t.chatPost(ctx, "/send", map[string]any{"token": token, "id": randomHex(12), "text": "hi"})
				if err == nil {
					c.flood.Add(1)
					if status == http.StatusOK {
						c.floodOK.Add(1)
					}
				}
			}
		})
	}
	wg.Wait()
}

// chatPost posts a JSON body to the chat API and returns the status, the body read and dropped.
func (t *target) chatPost(ctx context.Context, path string, body any) (int, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.chatURL+path, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.pollClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// runVisitors is runTexters for the web chat.
func runVisitors(ctx context.Context, f loadgenFlags, t *target, st *workerStats, c *chatStats, progress io.Writer) {
	var budget atomic.Int64
	budget.Store(f.max)
	interval := time.Duration(float64(f.texters) / f.rate * float64(time.Second))
	var wg sync.WaitGroup
	for i := range f.texters {
		wg.Go(func() {
			(&chatVisitor{id: i, t: t, budget: &budget, stats: st, chat: c, interval: interval}).run(ctx)
		})
	}
	if f.flood > 0 {
		wg.Go(func() { flood(ctx, t, f.flood, c) })
	}
	if progress != nil {
		go showProgress(ctx, t.name, st, progress)
	}
	wg.Wait()
}
