package chaos

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/sync/protocol"
)

// hubScan is one row of `hub export`.
type hubScan struct {
	ID, Kiosk, Checkpoint, Direction, Verdict, AttendeeID string
}

// Check is the comparison of the hub with the truth: the scans the kiosks
// printed (a line is printed only once the scan is durable, so every one
// of them must reach the hub).
type Check struct {
	// Scans is the number of distinct scans the kiosks printed (repeats
	// within 3 s are the same scan).
	Scans int
	// Admitted is the number of distinct attendees admitted at the
	// entrance according to the kiosks' accepted lines.
	Admitted int
	// Lost are printed scans the hub lacks; Doubled, scan ids the hub
	// holds more than once; Extra, hub scans no kiosk printed; Mismatched,
	// scans whose verdict, kiosk or attendee differ between the two.
	Lost, Doubled, Extra, Mismatched int
	// CountsDiff says how /api/v1/counts differs from the truth; empty
	// when it agrees.
	CountsDiff []string
	// Examples names a few faulty scans, for the report.
	Examples []string
}

// OK reports whether the hub agrees with the truth.
func (c Check) OK() bool {
	return c.Lost == 0 && c.Doubled == 0 && c.Extra == 0 && c.Mismatched == 0 && len(c.CountsDiff) == 0
}

// truthOf keeps the first line of each scan id, repeats left out.
func truthOf(lines []headless.Line) map[string]headless.Line {
	truth := make(map[string]headless.Line, len(lines))
	for _, l := range lines {
		if l.Verdict == "" || l.ScanID == "" || l.Repeat {
			continue
		}
		if _, ok := truth[l.ScanID]; !ok {
			truth[l.ScanID] = l
		}
	}
	return truth
}

// compare checks the hub's scans and counts against the kiosks' lines.
// entrances are the ids of the entrance checkpoints.
func compare(lines []headless.Line, hub []hubScan, counts protocol.Counts, entrances map[string]bool) Check {
	truth := truthOf(lines)
	c := Check{Scans: len(truth)}
	example := func(format string, args ...any) {
		if len(c.Examples) < 5 {
			c.Examples = append(c.Examples, fmt.Sprintf(format, args...))
		}
	}
	seen := make(map[string]bool, len(hub))
	for _, s := range hub {
		if seen[s.ID] {
			c.Doubled++
			example("scan %s (%s, %s) is more than once at the hub", s.ID, s.Kiosk, s.Verdict)
			continue
		}
		seen[s.ID] = true
		l, ok := truth[s.ID]
		if !ok {
			c.Extra++
			example("hub scan %s (%s, %s) was printed by no kiosk", s.ID, s.Kiosk, s.Verdict)
			continue
		}
		if s.Verdict != string(l.Verdict) || s.Kiosk != l.Kiosk || s.AttendeeID != l.AttendeeID {
			c.Mismatched++
			example("scan %s: hub %s/%s/%s, kiosk printed %s/%s/%s", s.ID, s.Verdict, s.Kiosk, s.AttendeeID,
				l.Verdict, l.Kiosk, l.AttendeeID)
		}
	}
	admitted := map[string]bool{}
	byVerdict := map[string]int{}
	for id, l := range truth {
		if !seen[id] {
			c.Lost++
			example("scan %s (%s, %s %s at %s) never reached the hub", id, l.Kiosk, l.Verdict, l.AttendeeID, l.At)
		}
		byVerdict[string(l.Verdict)]++
		if l.Verdict == kiosk.VerdictAccepted && l.Direction == kiosk.In && entrances[l.Checkpoint] {
			admitted[l.AttendeeID] = true
		}
	}
	c.Admitted = len(admitted)
	if counts.CheckedIn != c.Admitted {
		c.CountsDiff = append(c.CountsDiff, fmt.Sprintf("checked_in %d, kiosks admitted %d attendees", counts.CheckedIn, c.Admitted))
	}
	for v, n := range byVerdict {
		if counts.ByVerdict[v] != n {
			c.CountsDiff = append(c.CountsDiff, fmt.Sprintf("by_verdict %s %d, kiosks %d", v, counts.ByVerdict[v], n))
		}
	}
	for v, n := range counts.ByVerdict {
		if _, ok := byVerdict[v]; !ok && n != 0 {
			c.CountsDiff = append(c.CountsDiff, fmt.Sprintf("by_verdict %s %d, kiosks 0", v, n))
		}
	}
	return c
}

// readExport reads the scans of `hub export` (UTF-8 with a BOM; a cell
// that could start a formula has a leading quote).
func readExport(path string) ([]hubScan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read export: %w", err)
	}
	defer f.Close()
	return parseExport(f)
}

func parseExport(r io.Reader) ([]hubScan, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("export header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, name := range []string{"scan_id", "kiosk", "checkpoint", "direction", "verdict", "attendee_id"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("export has no %s column", name)
		}
	}
	var scans []hubScan
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return scans, nil
		}
		if err != nil {
			return nil, fmt.Errorf("export row %d: %w", len(scans)+2, err)
		}
		cell := func(name string) string {
			i := col[name]
			if i >= len(rec) {
				return ""
			}
			return strings.TrimPrefix(rec[i], "'")
		}
		scans = append(scans, hubScan{ID: cell("scan_id"), Kiosk: cell("kiosk"), Checkpoint: cell("checkpoint"),
			Direction: cell("direction"), Verdict: cell("verdict"), AttendeeID: cell("attendee_id")})
	}
}

// fetchCounts reads /api/v1/counts with the organisers' token.
func fetchCounts(ctx context.Context, addr, token string) (protocol.Counts, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/api/v1/counts", nil)
	if err != nil {
		return protocol.Counts{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return protocol.Counts{}, fmt.Errorf("counts: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return protocol.Counts{}, fmt.Errorf("counts: %s", resp.Status)
	}
	var c protocol.Counts
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return protocol.Counts{}, fmt.Errorf("counts: %w", err)
	}
	return c, nil
}
