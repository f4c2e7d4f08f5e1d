package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// hubFigures runs hubload against the hub binary and reads its report.
// The report is prose meant for people; the patterns below take the
// figures out of it and say plainly which one they could not find, so a
// reworded report shows as a gap in the table rather than a wrong number.
func hubFigures(ctx context.Context, c config) ([]row, error) {
	if c.hubload == "" {
		return nil, nil
	}
	// A port of our own: hubload's default one may be taken by another
	// run on a shared machine, and its kiosks would talk to that hub.
	addr, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	out, err := output(ctx, c.hubload, "-hub", c.hub, "-kiosk", c.kiosk, "-addr", addr)
	if err != nil {
		return nil, err
	}
	return hubRows(out), nil
}

func freeLoopback() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port for the hub: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

var (
	ingestRE    = regexp.MustCompile(`ingest:\s*([\d.,]+)\s*scans/s`)
	countsRE    = regexp.MustCompile(`counts reach\s+([\d,]+)\s+dashboards.*?p99\s+([\d.]+\s*m?s)`)
	relayRE     = regexp.MustCompile(`relay.*?steady\s+([\d.,]+)\s*scans/s.*?p99\s+([\d.]+\s*m?s)`)
	downloadRE  = regexp.MustCompile(`roster in\s+([\d.]+\s*m?s)`)
	searchRE    = regexp.MustCompile(`search index complete at\s+([\d.]+\s*m?s)`)
	hubCommitRE = regexp.MustCompile(`batched durable insert.*?([\d.,]+)\s*rows/s`)
)

func hubRows(out string) []row {
	var rows []row
	if m := ingestRE.FindStringSubmatch(out); m != nil {
		rate := number(m[1])
		peer := ""
		if l := hubCommitRE.FindStringSubmatch(out); l != nil {
			peer = "limit: batched durable insert " + l[1] + " rows/s"
		}
		rows = append(rows, row{figure: "hub ingest, durable before ack (`hubload`)", ours: thousands(int(rate)) + " scans/s",
			peer: peer, goal: "≥ 50,000 scans/s", holds: holds(rate >= 50_000)})
	} else {
		rows = append(rows, missing("hub ingest"))
	}
	if m := countsRE.FindStringSubmatch(out); m != nil {
		d := duration(m[2])
		rows = append(rows, row{figure: "counts reach " + m[1] + " dashboards after a scan, p99", ours: msec(d),
			goal: "≤ 100 ms", holds: holds(d > 0 && d <= 100*time.Millisecond)})
	} else {
		rows = append(rows, missing("counts to dashboards"))
	}
	if m := relayRE.FindStringSubmatch(out); m != nil {
		d := duration(m[2])
		// hubload asks 10,000 a second and holds it to within a scan or
		// two (9,999 over the phase): that is the rate of the goal.
		rows = append(rows, row{figure: "relay A → B under a steady " + m[1] + " scans/s, p99", ours: msec(d),
			goal: "≤ 100 ms at 10,000/s", holds: holds(d > 0 && d <= 100*time.Millisecond && number(m[1]) >= 9_900)})
	} else {
		rows = append(rows, missing("relay"))
	}
	if m := downloadRE.FindStringSubmatch(out); m != nil {
		d := duration(m[1])
		ours := secs(d)
		if s := searchRE.FindStringSubmatch(out); s != nil {
			ours += " (desk's search index complete at " + secs(duration(s[1])) + ")"
		}
		rows = append(rows, row{figure: "new kiosk downloads and stores the roster, its scans deciding from it", ours: ours,
			goal: "≤ 2 s", holds: holds(d > 0 && d <= 2*time.Second)})
	} else {
		rows = append(rows, missing("roster download"))
	}
	return rows
}

func missing(what string) row {
	return row{figure: what, ours: "not found in the report", holds: "—"}
}

func number(s string) float64 {
	f, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f
}

func duration(s string) time.Duration {
	d, _ := time.ParseDuration(strings.ReplaceAll(s, " ", ""))
	return d
}

// cameraFigure runs qrbench and reads its "all codes" row and its time
// table: read rates of ours and ZXingReader, and the frame-weighted median
// decode times.
func cameraFigure(ctx context.Context, c config) ([]row, error) {
	if c.qrbench == "" {
		return nil, nil
	}
	out, err := output(ctx, c.qrbench)
	if err != nil {
		return nil, err
	}
	return cameraRows(out)
}

var rateRE = regexp.MustCompile(`\((\d+) %\)`)

// cameraJSON is qrbench's last line (cmd/qrbench's Row): read counts of
// the frames holding a code, and total times with the JPEG load included.
type cameraJSON struct {
	Frames    int     `json:"frames"`
	OursRead  int     `json:"ours_read"`
	OursS     float64 `json:"ours_s"`
	ZXingRead int     `json:"zxing_read"`
	ZXingS    float64 `json:"zxing_s"`
	ZbarRead  int     `json:"zbar_read"`
	ZbarS     float64 `json:"zbar_s"`
}

func cameraRows(out string) ([]row, error) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var j cameraJSON
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &j); err == nil && j.Frames > 0 {
		pct := func(n int) float64 { return 100 * float64(n) / float64(j.Frames) }
		o, z := pct(j.OursRead), pct(j.ZXingRead)
		return []row{{
			figure: fmt.Sprintf("camera: %d held-up badge frames, JPEG load included", j.Frames),
			ours:   fmt.Sprintf("%.0f %%, %.2f s", o, j.OursS),
			peer:   fmt.Sprintf("zxing-cpp in-process %.0f %%, %.2f s; zbar %.0f %%, %.2f s", z, j.ZXingS, pct(j.ZbarRead), j.ZbarS),
			ratio:  ratio(j.OursS, j.ZXingS),
			goal:   "more than zxing-cpp and ≥ 80 %, in ≤ its time",
			holds:  holds(j.OursRead > j.ZXingRead && o >= 80 && j.OursS <= j.ZXingS),
		}}, nil
	}
	// An older qrbench, without its JSON line: the Markdown tables.
	var oursRate, zxingRate, zbarRate, frames string
	var oursTime, zxingTime time.Duration
	for _, line := range strings.Split(out, "\n") {
		cells := tableCells(line)
		switch {
		case len(cells) >= 6 && strings.Contains(cells[0], "all codes"):
			frames = cells[1]
			oursRate, zbarRate, zxingRate = firstRate(cells[2]), firstRate(cells[4]), firstRate(cells[5])
		case len(cells) >= 8 && strings.Contains(cells[0], "×"):
			n, err := strconv.Atoi(cells[1])
			if err != nil {
				continue
			}
			oursTime += time.Duration(n) * duration(cells[2])
			zxingTime += time.Duration(n) * duration(cells[7])
		}
	}
	if oursRate == "" {
		return nil, errors.New("qrbench: no \"all codes\" row in its report")
	}
	o, z := number(oursRate), number(zxingRate)
	r := row{
		figure: "camera: " + frames + " frames, read rate; decode time of all frames",
		ours:   fmt.Sprintf("%s %%, %s", oursRate, secs(oursTime)),
		peer:   fmt.Sprintf("ZXingReader %s %%, %s; zbarimg %s %%", zxingRate, secs(zxingTime), zbarRate),
		ratio:  ratio(oursTime.Seconds(), zxingTime.Seconds()),
		goal:   "more than zxing-cpp and ≥ 80 %, in ≤ its time",
		holds:  holds(o > z && o >= 80 && oursTime <= zxingTime),
	}
	return []row{r}, nil
}

func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") {
		return nil
	}
	cells := strings.Split(strings.Trim(line, "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func firstRate(cell string) string {
	if m := rateRE.FindStringSubmatch(cell); m != nil {
		return m[1]
	}
	return "?"
}
