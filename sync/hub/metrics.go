package hub

import (
	"net/http"

	"github.com/accueil/accueil/sync/protocol"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	connections   *prometheus.GaugeVec
	scansStored   prometheus.Counter
	ingestLag     prometheus.Histogram
	commitSeconds prometheus.Histogram
	slowConsumers prometheus.Counter
	refused       *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, s *Server) *metrics {
	m := &metrics{
		connections: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "accueil_hub_connections",
			Help: "Open WebSocket connections, by kind (kiosk, dashboard)."}, []string{"kind"}),
		scansStored: prometheus.NewCounter(prometheus.CounterOpts{Name: "accueil_hub_scans_stored_total",
			Help: "Scans stored by the hub (each once, however often delivered)."}),
		ingestLag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "accueil_hub_ingest_lag_seconds",
			Help:    "Hub receive time minus kiosk scan time (includes kiosk clock offsets and offline periods).",
			Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600}}),
		commitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "accueil_hub_commit_seconds",
			Help: "Time to store one group of scan batches, fsync included.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		slowConsumers: prometheus.NewCounter(prometheus.CounterOpts{Name: "accueil_hub_slow_consumers_dropped_total",
			Help: "Connections dropped because they could not keep up."}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "accueil_hub_refused_total",
			Help: "Scans and walk-ins the hub refused from kiosks, by reason (see docs/security.md)."}, []string{"reason"}),
	}
	for _, r := range protocol.RefusalReasons {
		m.refused.WithLabelValues(r)
	}
	m.connections.WithLabelValues("kiosk")
	m.connections.WithLabelValues("dashboard")
	reg.MustRegister(m.connections, m.scansStored, m.ingestLag, m.commitSeconds, m.slowConsumers, m.refused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
}
