package web

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhttf/frontdoor/bot"
)

// OutboxSource is what the outbox metrics read at each scrape.
type OutboxSource struct {
	Stats  func(context.Context) (bot.OutboxStats, error) // the store's outbox (all replicas)
	Worker func() bot.WorkerStats                         // this replica's worker
	Now    func() time.Time
}

// RegisterOutbox adds the outbox metrics: depth, dead letters and the age of the oldest waiting
// effect (shared by all replicas), and what this replica's worker applied, retried and
// dead-lettered.
func (m *Metrics) RegisterOutbox(src OutboxSource) {
	m.reg.MustRegister(&outboxCollector{src: src})
}

var (
	outboxPending = prometheus.NewDesc("frontdoor_outbox_pending", "Effects committed and not yet applied (all replicas).", nil, nil)
	outboxDead    = prometheus.NewDesc("frontdoor_outbox_dead_letters", "Dead letters kept for inspection (all replicas).", nil, nil)
	outboxAge     = prometheus.NewDesc("frontdoor_outbox_oldest_age_seconds", "Age of the oldest effect waiting in the outbox; 0 when empty.", nil, nil)
	outboxUp      = prometheus.NewDesc("frontdoor_outbox_stats_ok", "1 when the outbox could be read at this scrape.", nil, nil)
	workerApplied = prometheus.NewDesc("frontdoor_worker_applied_total", "Effects this replica applied.", nil, nil)
	workerRetried = prometheus.NewDesc("frontdoor_worker_retries_total", "Failed attempts this replica will retry.", nil, nil)
	workerDead    = prometheus.NewDesc("frontdoor_worker_dead_lettered_total", "Effects this replica dead-lettered, by reason.", []string{"reason"}, nil)
	workerErrors  = prometheus.NewDesc("frontdoor_worker_store_errors_total", "Outbox operations that failed on this replica.", nil, nil)
)

type outboxCollector struct{ src OutboxSource }

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxPending, outboxDead, outboxAge, outboxUp, workerApplied, workerRetried, workerDead, workerErrors} {
		ch <- d
	}
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	if c.src.Stats != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		st, err := c.src.Stats(ctx)
		cancel()
		if err != nil {
			gauge(outboxUp, 0)
		} else {
			gauge(outboxUp, 1)
			gauge(outboxPending, float64(st.Pending))
			gauge(outboxDead, float64(st.Dead))
			age := 0.0
			if !st.Oldest.IsZero() {
				age = max(0, c.src.Now().Sub(st.Oldest).Seconds())
			}
			gauge(outboxAge, age)
		}
	}
	if c.src.Worker != nil {
		w := c.src.Worker()
		counter(workerApplied, w.Applied)
		counter(workerRetried, w.Retried)
		counter(workerDead, w.Permanent, "permanent")
		counter(workerDead, w.Expired, "expired")
		counter(workerDead, w.Unreadable, "unreadable")
		counter(workerErrors, w.StoreErrors)
	}
}

// RegisterGauge adds a gauge read at each scrape, e.g. the spool's depth.
func (m *Metrics) RegisterGauge(name, help string, fn func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "frontdoor", Name: name, Help: help}, fn))
}
