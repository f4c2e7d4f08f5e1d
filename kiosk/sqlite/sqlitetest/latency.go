package sqlitetest

import (
	"slices"
	"testing"
	"time"
)

// Latencies collects per-operation durations so that benchmarks report the
// percentiles the speed goals are stated in, not only a mean.
type Latencies []time.Duration

// Percentile returns the p-th percentile (0–100).
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// Report adds p50 and p99 in milliseconds to the benchmark's output.
func (l Latencies) Report(b *testing.B) {
	b.ReportMetric(float64(l.Percentile(50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(l.Percentile(99).Microseconds())/1000, "p99-ms")
}
