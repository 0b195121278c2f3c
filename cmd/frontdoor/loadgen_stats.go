package main

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// workerStats collects one run's latencies; safe for concurrent use.
type workerStats struct {
	mu      sync.Mutex
	lat     []time.Duration
	done    atomic.Int64
	errors  atomic.Int64
	started time.Time
	texters int
	after   time.Time // when set, what finishes before is warm-up and not counted
}

func (s *workerStats) ok(d time.Duration) {
	if !s.after.IsZero() && time.Now().Before(s.after) {
		return
	}
	s.done.Add(1)
	s.mu.Lock()
	s.lat = append(s.lat, d)
	s.mu.Unlock()
}

func (s *workerStats) fail() { s.errors.Add(1) }

// result is a finished run.
type result struct {
	name                string
	texters             int
	elapsed             time.Duration
	messages, errors    int64
	p50, p90, p99, pmax time.Duration
	chat                *chatStats // --webchat
}

func (r result) rate() float64 { return float64(r.messages) / r.elapsed.Seconds() }

func (s *workerStats) result(name string, texters int) result {
	s.mu.Lock()
	lat := slices.Clone(s.lat)
	s.mu.Unlock()
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	return result{name: name, texters: texters, elapsed: time.Since(s.started), messages: s.done.Load(),
		errors: s.errors.Load(), p50: q(.50), p90: q(.90), p99: q(.99), pmax: q(1)}
}

func (r result) print(w io.Writer) {
	fmt.Fprintf(w, "%-9s %6d texters %8.1fs %9d msgs %9.0f msg/s  p50 %6s  p90 %6s  p99 %6s  max %6s  errors %d\n",
		r.name, r.texters, r.elapsed.Seconds(), r.messages, r.rate(), ms(r.p50), ms(r.p90), ms(r.p99), ms(r.pmax), r.errors)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
