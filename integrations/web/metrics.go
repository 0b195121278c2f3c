package web

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// Metrics are the server's Prometheus metrics, in their own registry (no global state). Labels
// only ever hold fixed values: routes, results, known statuses and error codes.
type Metrics struct {
	reg               *prometheus.Registry
	inbound           *prometheus.CounterVec
	replies           prometheus.Counter
	signatureFailures *prometheus.CounterVec
	dedupeHits        prometheus.Counter
	failSafe          prometheus.Counter
	rateLimited       prometheus.Counter
	latency           *prometheus.HistogramVec
	statusCallbacks   *prometheus.CounterVec
	deliveryFailures  *prometheus.CounterVec

	// The series of every request, looked up once by zero: read only afterwards.
	inboundBy map[string]prometheus.Counter
	latencyBy map[string]prometheus.Observer
}

// NewMetrics makes and registers the metrics, with the Go and process collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: "frontdoor", Name: name, Help: help})
		f(c)
		return c
	}
	vec := func(name, help, label string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "frontdoor", Name: name, Help: help}, []string{label})
		f(c)
		return c
	}
	m := &Metrics{reg: reg,
		inbound:           vec("inbound_messages_total", "Inbound SMS webhooks by result: handled, duplicate, limited, failsafe, malformed.", "result"),
		replies:           counter("replies_total", "Reply messages returned as TwiML."),
		signatureFailures: vec("signature_failures_total", "Webhooks refused for a missing or wrong signature.", "route"),
		dedupeHits:        counter("dedupe_hits_total", "Inbound messages already handled (provider retries)."),
		failSafe:          counter("failsafe_replies_total", "Inbound messages answered with the static fail-safe reply."),
		rateLimited:       counter("rate_limited_total", "Inbound messages over the per-texter rate limit."),
		statusCallbacks:   vec("status_callbacks_total", "Twilio status callbacks by status.", "status"),
		deliveryFailures:  vec("delivery_failures_total", "Sent messages that failed, by Twilio error code (30003-30008, 30036, other).", "code"),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "frontdoor", Name: "webhook_seconds",
			Help:    "Time to answer a webhook.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route"}),
	}
	f(m.latency)
	m.zero()
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Inbound results, as the inbound_messages_total label.
var inboundResults = []string{"handled", "duplicate", "limited", "failsafe", "malformed"}

// signedRoutes are the routes whose requests carry a signature; a failed check is counted by
// route.
var signedRoutes = []string{"/twilio/sms", "/twilio/status", "/slack/events", "/slack/interactions", "/slack/commands"}

// zero creates every labelled series an operator alerts on, at 0, so that an alert on
// rate(frontdoor_signature_failures_total[5m]) > 0 or on a carrier code sees 0 from start-up
// rather than no data.
func (m *Metrics) zero() {
	m.inboundBy, m.latencyBy = map[string]prometheus.Counter{}, map[string]prometheus.Observer{}
	for _, r := range inboundResults {
		m.inboundBy[r] = m.inbound.WithLabelValues(r)
	}
	for _, r := range signedRoutes {
		m.signatureFailures.WithLabelValues(r)
		m.latencyBy[r] = m.latency.WithLabelValues(r)
	}
	for _, st := range twilio.StatusLabels() {
		m.statusCallbacks.WithLabelValues(st)
	}
	for _, code := range twilio.FailureLabels() {
		m.deliveryFailures.WithLabelValues(code)
	}
}

// inboundOf is the inbound_messages_total series of a result.
func (m *Metrics) inboundOf(result string) prometheus.Counter {
	if c, ok := m.inboundBy[result]; ok {
		return c
	}
	return m.inbound.WithLabelValues(result)
}

// latencyOf is the webhook_seconds series of a route.
func (m *Metrics) latencyOf(route string) prometheus.Observer {
	if o, ok := m.latencyBy[route]; ok {
		return o
	}
	return m.latency.WithLabelValues(route)
}

// Registry is where the other parts (the outbox, at merge) register their metrics.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }
