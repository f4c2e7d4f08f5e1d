package chaos

import (
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/sync/protocol"
)

func line(id, kioskName, verdict, attendee string) headless.Line {
	return headless.Line{ScanID: id, Kiosk: kioskName, Verdict: kiosk.Verdict(verdict), AttendeeID: attendee,
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
}

func scan(id, kioskName, verdict, attendee string) hubScan {
	return hubScan{ID: id, Kiosk: kioskName, Verdict: verdict, AttendeeID: attendee, Checkpoint: kiosk.EntranceID, Direction: "in"}
}

func TestCompare(t *testing.T) {
	repeat := line("s1", "door-1", "accepted", "A1")
	repeat.Repeat = true
	failed := headless.Line{Kiosk: "door-1", Error: "disk full"}
	base := []headless.Line{line("s1", "door-1", "accepted", "A1"), repeat, line("s2", "door-2", "already_checked_in", "A1"),
		line("s3", "door-2", "accepted", "A2"), line("s4", "door-1", "unknown_badge", ""), failed}
	good := []hubScan{scan("s1", "door-1", "accepted", "A1"), scan("s2", "door-2", "already_checked_in", "A1"),
		scan("s3", "door-2", "accepted", "A2"), scan("s4", "door-1", "unknown_badge", "")}
	goodCounts := protocol.Counts{CheckedIn: 2, ByVerdict: map[string]int{"accepted": 2, "already_checked_in": 1, "unknown_badge": 1}}
	tests := []struct {
		name   string
		hub    []hubScan
		counts protocol.Counts
		want   Check
	}{
		{"all there", good, goodCounts, Check{Scans: 4, Admitted: 2}},
		{"one lost", good[1:], protocol.Counts{CheckedIn: 2, ByVerdict: map[string]int{"accepted": 2, "already_checked_in": 1, "unknown_badge": 1}},
			Check{Scans: 4, Admitted: 2, Lost: 1}},
		{"one twice", append(good, good[0]), goodCounts, Check{Scans: 4, Admitted: 2, Doubled: 1}},
		{"one nobody printed", append(good, scan("s9", "door-3", "accepted", "A3")), goodCounts, Check{Scans: 4, Admitted: 2, Extra: 1}},
		{"verdict changed", append([]hubScan{scan("s1", "door-1", "revoked", "A1")}, good[1:]...), goodCounts,
			Check{Scans: 4, Admitted: 2, Mismatched: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compare(base, tt.hub, tt.counts, map[string]bool{kiosk.EntranceID: true})
			if got.Scans != tt.want.Scans || got.Admitted != tt.want.Admitted || got.Lost != tt.want.Lost ||
				got.Doubled != tt.want.Doubled || got.Extra != tt.want.Extra || got.Mismatched != tt.want.Mismatched || len(got.CountsDiff) != 0 {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if wantOK := tt.want.Lost+tt.want.Doubled+tt.want.Extra+tt.want.Mismatched == 0; got.OK() != wantOK {
				t.Errorf("OK() = %v", got.OK())
			}
		})
	}
}

func TestCompareCounts(t *testing.T) {
	lines := []headless.Line{line("s1", "door-1", "accepted", "A1"), line("s2", "door-2", "accepted", "A1"),
		line("s3", "door-2", "accepted", "A2")}
	exit := line("s4", "door-3", "accepted", "A3")
	exit.Direction = kiosk.Out
	session := line("s5", "door-3", "accepted", "A4")
	session.Checkpoint = "s-12"
	lines = append(lines, exit, session)
	hub := []hubScan{scan("s1", "door-1", "accepted", "A1"), scan("s2", "door-2", "accepted", "A1"), scan("s3", "door-2", "accepted", "A2"),
		scan("s4", "door-3", "accepted", "A3"), scan("s5", "door-3", "accepted", "A4")}
	tests := []struct {
		name   string
		counts protocol.Counts
		diff   string
	}{
		{"right", protocol.Counts{CheckedIn: 2, ByVerdict: map[string]int{"accepted": 5}}, ""},
		{"double entry counted twice", protocol.Counts{CheckedIn: 3, ByVerdict: map[string]int{"accepted": 5}}, "checked_in 3, kiosks admitted 2 attendees"},
		{"a verdict missing", protocol.Counts{CheckedIn: 2, ByVerdict: map[string]int{"accepted": 4}}, "by_verdict accepted 4, kiosks 5"},
		{"a verdict no kiosk gave", protocol.Counts{CheckedIn: 2, ByVerdict: map[string]int{"accepted": 5, "revoked": 1}}, "by_verdict revoked 1, kiosks 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compare(lines, hub, tt.counts, map[string]bool{kiosk.EntranceID: true})
			if joined := strings.Join(got.CountsDiff, "; "); joined != tt.diff {
				t.Errorf("counts diff %q, want %q", joined, tt.diff)
			}
		})
	}
}

func TestParseExport(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []hubScan
		err  string
	}{
		{"bom and quote", "\ufeffscan_id,kiosk,epoch,seq,checkpoint,direction,verdict,reason,attendee_id\r\nab,door-1,e,1,entrance,in,accepted,,'-A1\r\n",
			[]hubScan{{ID: "ab", Kiosk: "door-1", Checkpoint: "entrance", Direction: "in", Verdict: "accepted", AttendeeID: "-A1"}}, ""},
		{"columns moved", "verdict,attendee_id,scan_id,kiosk,checkpoint,direction\nunknown_badge,,cd,door-2,entrance,in\n",
			[]hubScan{{ID: "cd", Kiosk: "door-2", Checkpoint: "entrance", Direction: "in", Verdict: "unknown_badge"}}, ""},
		{"empty", "", nil, "export header"},
		{"no scan id", "kiosk,checkpoint,direction,verdict,attendee_id\n", nil, "no scan_id column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseExport(strings.NewReader(tt.csv))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) {
				t.Fatalf("got %+v, %v", got, err)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		res  Result
		want []string
		ok   bool
	}{
		{"pass", Result{Standby: true, Promotions: 1, Restores: 1, Check: Check{Scans: 10}}, []string{"scans=10", "promotions=1", "lost=0 doubled=0", "counts=ok"}, true},
		{"no standby", Result{Check: Check{Scans: 10}}, []string{"promotions=skipped"}, true},
		{"lost", Result{Check: Check{Scans: 10, Lost: 2}}, []string{"lost=2"}, false},
		{"counts", Result{Check: Check{Scans: 10, CountsDiff: []string{"checked_in 3, kiosks admitted 2 attendees"}}}, []string{"counts=DIFF(checked_in 3"}, false},
		{"pending", Result{Pending: 1, Check: Check{Scans: 10}}, []string{"pending_kiosks=1"}, false},
		{"nothing scanned", Result{}, []string{"scans=0"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.res.Summary()
			if !strings.HasPrefix(s, "chaos: ") || strings.Contains(s, "\n") {
				t.Errorf("not one chaos line: %q", s)
			}
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("%q lacks %q", s, w)
				}
			}
			if tt.res.OK() != tt.ok {
				t.Errorf("OK() = %v, want %v", tt.res.OK(), tt.ok)
			}
		})
	}
}
