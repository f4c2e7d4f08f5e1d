package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/roster"
)

// The generated roster is what a French Excel writes, and every row of it
// imports: a bench that timed a refused file would time nothing.
func TestFrenchRosterReadsWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.csv")
	if err := writeFrenchRoster(path, 2000); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "\r\n") || strings.Contains(string(raw), "é") {
		t.Error("the file is not CRLF Windows-1252 text")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := roster.ReadAttendees(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Attendees) != 2000 || len(got.Problems) != 0 || got.Encoding != roster.EncodingWindows1252 || got.Delimiter != ';' {
		t.Fatalf("%d attendees, problems %v, encoding %s, delimiter %q", len(got.Attendees), got.Problems, got.Encoding, got.Delimiter)
	}
	a := got.Attendees[0]
	if a.Email == "" || a.Code == "" || a.Note == "" || a.Country == "" || a.Organisation == "" {
		t.Errorf("a column is empty: %+v", a)
	}
}

func TestHubRows(t *testing.T) {
	report := `hub memory with 1001 kiosks and 1000 dashboards connected: 210 MB (goal ≤ 300 MB)
counts reach 1000 dashboards after a scan: p50 120.5 ms, p99 233.0 ms (goal p99 ≤ 250 ms)
ingest: 21500 scans/s over 4.7 s, each durable before its ack (goal ≥ 10,000/s)
relay, scan at A → known at B, under a steady 10000 scans/s: p50 20.1 ms, p99 47.0 ms (goal p99 ≤ 100 ms)
10,000-scan backlog drained in 900.0 ms after reconnection (goal ≤ 3 s)
new kiosk downloads and stores the roster in 4900.0 ms (goal ≤ 5 s)
`
	tests := []struct {
		name, report string
		want         []string // ours, holds of each row
	}{
		{"today's report", report, []string{"21,500 scans/s", "**no**", "233.000 ms", "**no**", "47.000 ms", "yes", "4.90 s", "**no**"}},
		{"rate held to within a scan", strings.Replace(report, "steady 10000", "steady 9999", 1),
			[]string{"21,500 scans/s", "**no**", "233.000 ms", "**no**", "47.000 ms", "yes", "4.90 s", "**no**"}},
		{"rate not held", strings.Replace(report, "steady 10000", "steady 8200", 1),
			[]string{"21,500 scans/s", "**no**", "233.000 ms", "**no**", "47.000 ms", "**no**", "4.90 s", "**no**"}},
		{"reworded report", "ingest went well\n", []string{"not found in the report", "—", "not found in the report", "—",
			"not found in the report", "—", "not found in the report", "—"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := hubRows(tt.report)
			var got []string
			for _, r := range rows {
				got = append(got, r.ours, r.holds)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("rows = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCameraRows(t *testing.T) {
	report := `| class | frames | ours (camera) | ours (files) | zbarimg | ZXingReader |
|---|---|---|---|---|---|
| held | 300 | 240/300 (80 %) | 240/300 (80 %) | 200/300 (67 %) | 210/300 (70 %) |
| **all codes** | 336 | 245/336 (73 %) | 245/336 (73 %) | 220/336 (65 %) | 232/336 (69 %) |

| time per frame | frames | ours: decode median | p95 | max | ours: to grayscale median | zbarimg median | ZXingReader median |
|---|---|---|---|---|---|---|---|
| 1280×720 | 200 | 10.00 ms | 20.00 ms | 30.00 ms | 1.00 ms | 12.00 ms | 5.00 ms |
| 640×480 | 136 | 5.00 ms | 8.00 ms | 9.00 ms | 0.50 ms | 6.00 ms | 2.00 ms |
`
	rows, err := cameraRows(report)
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.ours != "73 %, 2.68 s" || r.peer != "ZXingReader 69 %, 1.27 s; zbarimg 65 %" || r.holds != "**no**" {
		t.Errorf("row = %+v", r)
	}
	withJSON := report + `{"frames":336,"ours_read":307,"ours_s":1.2,"zxing_read":264,"zxing_s":1.25,"zbar_read":277,"zbar_s":8.8,"ours_false":0}` + "\n"
	rows, err = cameraRows(withJSON)
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[0]; r.ours != "91 %, 1.20 s" || r.peer != "zxing-cpp in-process 79 %, 1.25 s; zbar 82 %, 8.80 s" || r.ratio != "x0.96" || r.holds != "yes" {
		t.Errorf("row from the JSON line = %+v", r)
	}
	if _, err := cameraRows("qrbench: no corpus\n"); err == nil {
		t.Error("a report without its table gave no error")
	}
}
