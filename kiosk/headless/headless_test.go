package headless_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/sqlite"
)

func TestRunLines(t *testing.T) {
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A1", FirstName: "Awa", LastName: "Diallo", Code: "WZ-1", Note: "Accès fauteuil roulant"}}, nil); err != nil {
		t.Fatal(err)
	}
	key, _ := kiosk.GenerateKey()
	now := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	station := &kiosk.Station{Reader: kiosk.NewBadgeReader("e", key.Public()), Recorder: st, Kiosk: "k",
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Now: func() time.Time { now = now.Add(5 * time.Second); return now }}
	huge := strings.Repeat("A", 5<<20)
	input := "WZ-1\r\n" + huge + "\n\nWZ-1\n" + "é\xff\n" + "WZ-1" // the last line has no line end
	var out bytes.Buffer
	if err := headless.Run(ctx, station, strings.NewReader(input), &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	want := []kiosk.Verdict{kiosk.VerdictAccepted, kiosk.VerdictUnreadable, kiosk.VerdictUnreadable,
		kiosk.VerdictAlreadyCheckedIn, kiosk.VerdictUnreadable, kiosk.VerdictAlreadyCheckedIn}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines for %d scans:\n%s", len(lines), len(want), out.String())
	}
	for i, raw := range lines {
		var l headless.Line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatal(err)
		}
		if l.Verdict != want[i] {
			t.Errorf("line %d: %s, want %s", i+1, l.Verdict, want[i])
		}
		if i == 0 && (l.Note != "Accès fauteuil roulant" || l.Name != "Awa Diallo") {
			t.Errorf("first line lacks name or staff note: %s", raw)
		}
	}
	// The 5 MB line is stored cut to a bounded size.
	scans, _ := st.Scans(ctx, 0, 10)
	if len(scans[1].Payload) > kiosk.MaxStoredPayload {
		t.Errorf("stored payload of %d bytes", len(scans[1].Payload))
	}
}

func TestStoredPayloadIsValidUTF8(t *testing.T) {
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	station := &kiosk.Station{Reader: kiosk.NewBadgeReader("e"), Recorder: st, Kiosk: "k", Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	ctx := context.Background()
	for _, p := range []string{"é\xff", strings.Repeat("é", 600)} {
		res, err := station.Scan(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := st.ScanByID(ctx, res.Scan.ID)
		if !utf8.ValidString(sc.Payload) || len(sc.Payload) > kiosk.MaxStoredPayload {
			t.Errorf("stored %q (%d bytes)", sc.Payload[:min(20, len(sc.Payload))], len(sc.Payload))
		}
	}
}
