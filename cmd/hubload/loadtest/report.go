package loadtest

import (
	"encoding/json"
	"fmt"
	"time"
)

// Report holds the figures, each next to its goal.
type Report struct {
	MemoryMB            float64
	KiosksConnected     int
	DashboardsConnected int
	DashboardP99        time.Duration
	DashboardP50        time.Duration
	IngestRate          float64 // scans per second, each durable before its ack
	IngestSeconds       float64
	// HubCPUPerScan is the hub's processor time (user and system) during
	// the ingest over the scans stored: unlike the rate, it hardly moves
	// when other programs share the machine.
	HubCPUPerScan time.Duration
	// LoadCPUPerScan is hubload's own over the same scans: the simulated
	// kiosks share the machine's cores with the hub.
	LoadCPUPerScan time.Duration
	// DurableLimit is the machine's own limit for the same rows: scans per
	// second stored by the hub's store in large groups, one fsync each.
	DurableLimit       float64
	SteadyRate         float64
	RelayP50, RelayP99 time.Duration
	// OverRate is the steady phase's rate beyond the goal (0: not run),
	// OverHeld what the hub held of it.
	OverRate                   int
	OverHeld                   float64
	OverRelayP50, OverRelayP99 time.Duration
	BacklogDrain               time.Duration
	// RosterDownload is how long a new kiosk took to store the roster, its
	// scans deciding from it; RosterSearchable until the desk's name search
	// index was complete as well, built once the pages stopped coming.
	RosterDownload, RosterSearchable time.Duration
}

func (r Report) String() string {
	over := "not run\n"
	if r.OverRate > 0 {
		over = fmt.Sprintf("%d scans/s asked, %.0f held: p50 %s, p99 %s (goal: relays still at once)\n",
			r.OverRate, r.OverHeld, ms(r.OverRelayP50), ms(r.OverRelayP99))
	}
	return fmt.Sprintf(`hub memory with %d kiosks and %d dashboards connected: %.0f MB (goal ≤ 300 MB)
counts reach %d dashboards after a scan: p50 %s, p99 %s (goal p99 ≤ 100 ms)
ingest: %.0f scans/s over %.1f s, each durable before its ack (goal ≥ 50,000/s); the machine's durable insert limit: %.0f rows/s
hub processor time per scan during the ingest: %.1f µs (%.0f scans/s per core); the simulated kiosks': %.1f µs
relay, scan at A → known at B, under a steady %.0f scans/s: p50 %s, p99 %s (goal p99 ≤ 100 ms)
relay beyond: %s10,000-scan backlog drained in %s after reconnection (goal ≤ 3 s)
new kiosk downloads and stores the roster in %s (goal ≤ 2 s); its search index complete at %s
%s
`, r.KiosksConnected, r.DashboardsConnected, r.MemoryMB, r.DashboardsConnected, ms(r.DashboardP50), ms(r.DashboardP99),
		r.IngestRate, r.IngestSeconds, r.DurableLimit, float64(r.HubCPUPerScan.Nanoseconds())/1000, perCore(r.HubCPUPerScan),
		float64(r.LoadCPUPerScan.Nanoseconds())/1000,
		r.SteadyRate, ms(r.RelayP50), ms(r.RelayP99), over, ms(r.BacklogDrain), ms(r.RosterDownload), ms(r.RosterSearchable), r.JSON())
}

func perCore(d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(time.Second) / float64(d)
}

// JSON is the report as one line for programs (make bench's table): the
// goals' figures under fixed names, times in milliseconds except the
// roster's, in seconds; a phase not run is null.
func (r Report) JSON() string {
	msOf := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	var overP99 *float64
	if r.OverRate > 0 {
		v := msOf(r.OverRelayP99)
		overP99 = &v
	}
	b, err := json.Marshal(struct {
		Ingest       float64  `json:"ingest_per_s"`
		DurableLimit float64  `json:"durable_insert_limit_per_s"`
		CountsP99    float64  `json:"counts_p99_ms"`
		Relay10kP99  float64  `json:"relay_p99_ms_10k"`
		RelayOverP99 *float64 `json:"relay_p99_ms_over"`
		Roster       float64  `json:"roster_download_s"`
		Searchable   float64  `json:"roster_searchable_s"`
		CountsP50    float64  `json:"counts_p50_ms"`
		SteadyRate   float64  `json:"steady_per_s"`
		Relay10kP50  float64  `json:"relay_p50_ms_10k"`
		OverRate     int      `json:"over_asked_per_s"`
		OverHeld     float64  `json:"over_held_per_s"`
		CPUPerScan   float64  `json:"hub_cpu_us_per_scan"`
		LoadCPU      float64  `json:"load_cpu_us_per_scan"`
		Backlog      float64  `json:"backlog_drain_s"`
		Memory       float64  `json:"memory_mb"`
	}{
		Ingest: round(r.IngestRate), DurableLimit: round(r.DurableLimit), CountsP99: msOf(r.DashboardP99),
		Relay10kP99: msOf(r.RelayP99), RelayOverP99: overP99, Roster: round3(r.RosterDownload.Seconds()),
		Searchable: round3(r.RosterSearchable.Seconds()),
		CountsP50:  msOf(r.DashboardP50), SteadyRate: round(r.SteadyRate), Relay10kP50: msOf(r.RelayP50),
		OverRate: r.OverRate, OverHeld: round(r.OverHeld), CPUPerScan: float64(r.HubCPUPerScan.Nanoseconds()) / 1000,
		LoadCPU: float64(r.LoadCPUPerScan.Nanoseconds()) / 1000,
		Backlog: round3(r.BacklogDrain.Seconds()), Memory: round(r.MemoryMB),
	})
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, err.Error())
	}
	return string(b)
}

func round(f float64) float64  { return float64(int64(f + 0.5)) }
func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
