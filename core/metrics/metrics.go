// Package metrics holds the server's Prometheus collectors in one registry
// value (not the global default), so tests build their own.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are every collector the core updates.
type Metrics struct {
	Registry        *prometheus.Registry
	HTTPRequests    *prometheus.CounterVec
	HTTPDuration    *prometheus.HistogramVec
	OutboxPublished prometheus.Counter
	OutboxFailures  prometheus.Counter
	OutboxLag       prometheus.Histogram
	OutboxBacklog   prometheus.Gauge
	BusConnected    prometheus.Gauge
	StoreUp         prometheus.Gauge
	AuthFailures    *prometheus.CounterVec
	// WebhookOutcomes counts outbound webhook attempts by outcome
	// (delivered, failed_attempt) and endpoints the sender turned off
	// (endpoint_disabled); WebhookAttemptDuration times each attempt's
	// HTTP exchange by result (delivered, failed). No tenant or endpoint
	// label: their number is the customers', not the operator's.
	WebhookOutcomes        *prometheus.CounterVec
	WebhookAttemptDuration *prometheus.HistogramVec
}

// New registers every collector, plus Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "masteria_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "masteria_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 12),
		}, []string{"method", "route"}),
		OutboxPublished: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "masteria_outbox_published_total", Help: "Outbox events published to the bus.",
		}),
		OutboxFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "masteria_outbox_publish_failures_total", Help: "Outbox batches that failed to publish (retried).",
		}),
		OutboxLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "masteria_outbox_lag_seconds", Help: "Time from an event's commit to its publish acknowledgement.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}),
		OutboxBacklog: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "masteria_outbox_backlog", Help: "Events committed and not yet published.",
		}),
		BusConnected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "masteria_bus_connected", Help: "1 when the NATS connection is up.",
		}),
		StoreUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "masteria_store_up", Help: "1 when the store answered its last health check.",
		}),
		AuthFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "masteria_auth_failures_total", Help: "Rejected logins and API keys by kind.",
		}, []string{"kind"}),
		WebhookOutcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "masteria_webhook_outcomes_total",
			Help: "Outbound webhook attempts delivered or failed, and endpoints the sender disabled, by outcome.",
		}, []string{"outcome"}),
		WebhookAttemptDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "masteria_webhook_attempt_duration_seconds", Help: "Outbound webhook attempts' HTTP exchange, by result.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10),
		}, []string{"result"}),
	}
	m.Registry.MustRegister(m.HTTPRequests, m.HTTPDuration, m.OutboxPublished, m.OutboxFailures,
		m.OutboxLag, m.OutboxBacklog, m.BusConnected, m.StoreUp, m.AuthFailures, m.WebhookOutcomes, m.WebhookAttemptDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchPool exports a store's connection pool as gauges.
func (m *Metrics) WatchPool(stats func() (open, inUse int)) {
	m.Registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "masteria_store_connections_open", Help: "Open store connections."},
			func() float64 { o, _ := stats(); return float64(o) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "masteria_store_connections_in_use", Help: "Store connections in use."},
			func() float64 { _, u := stats(); return float64(u) }),
	)
}

// WatchConsumers exports each bus consumer's backlog, read on every scrape.
func (m *Metrics) WatchConsumers(backlog func() (map[string]uint64, error)) {
	m.Registry.MustRegister(consumerCollector{backlog})
}

var consumerBacklogDesc = prometheus.NewDesc("masteria_bus_consumer_backlog",
	"Events a durable consumer of the event stream has not finished (pending plus unacknowledged).", []string{"consumer"}, nil)

type consumerCollector struct {
	backlog func() (map[string]uint64, error)
}

func (c consumerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- consumerBacklogDesc }

func (c consumerCollector) Collect(ch chan<- prometheus.Metric) {
	backlog, err := c.backlog()
	if err != nil {
		return // the bus is away: masteria_bus_connected says so, and the scrape goes on
	}
	for name, n := range backlog {
		ch <- prometheus.MustNewConstMetric(consumerBacklogDesc, prometheus.GaugeValue, float64(n), name)
	}
}
