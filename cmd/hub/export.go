package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/accueil/accueil/sync/hub"
)

// exportHeader names the columns of hub export.
var exportHeader = []string{"scan_id", "kiosk", "epoch", "seq", "checkpoint", "direction", "verdict", "reason",
	"attendee_id", "kiosk_time", "hub_time", "first_at", "first_kiosk", "double_entry_of", "undoes"}

// exportPage is how many scans are read at a time.
const exportPage = 5000

// export writes every scan stored, one row each, in the order the hub
// stored them, to a CSV file spreadsheets open as UTF-8 (with a BOM).
func (m *Main) export(ctx context.Context, args []string) error {
	c := m.command("export", "-data DIR -out FILE.csv")
	c.dataFlag()
	out := c.String("out", "", "the CSV `file` to write (replaced whole)")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if *out == "" {
		return usageError{fmt.Errorf("export: -out FILE.csv is required")}
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	doubles, err := hub.DoubleEntries(ctx, st)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// A double entry is marked on its second admission, naming the first.
	secondOf := make(map[string]string, len(doubles))
	for _, d := range doubles {
		secondOf[d.SecondScan] = d.FirstScan
	}
	var n int
	err = writeFileAtomic(*out, func(w io.Writer) error {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(exportHeader); err != nil {
			return err
		}
		var cursor int64
		for {
			scans, err := st.ScansSince(ctx, cursor, exportPage)
			if err != nil {
				return err
			}
			if len(scans) == 0 {
				break
			}
			for _, s := range scans {
				err := cw.Write([]string{s.ID, s.Kiosk, s.Epoch, strconv.FormatInt(s.Seq, 10), s.Checkpoint,
					string(s.Direction), string(s.Verdict), s.Reason, s.AttendeeID,
					stamp(s.At), stamp(s.HubAt), stamp(s.FirstAt), s.FirstKiosk, secondOf[s.ID], s.Undoes})
				if err != nil {
					return err
				}
			}
			n += len(scans)
			cursor = scans[len(scans)-1].Cursor
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(m.Stdout, "exported %s to %s\n", plural(n, "scan"), *out)
	return nil
}

// stamp is RFC 3339 in UTC with milliseconds; empty for no time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
