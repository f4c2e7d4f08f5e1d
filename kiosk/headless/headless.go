// Package headless runs a kiosk without a window: payloads arrive one per
// line on an input (what a keyboard-wedge scanner types), and each verdict
// leaves as one JSON line, written only once the scan is on disk.
package headless

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Line is the JSON object written for each scanned line.
type Line struct {
	Verdict    kiosk.Verdict   `json:"verdict,omitempty"`
	Reason     string          `json:"reason,omitempty"`
	AttendeeID string          `json:"attendee_id,omitempty"`
	Name       string          `json:"name,omitempty"`
	Category   kiosk.Category  `json:"category,omitempty"`
	Language   kiosk.Language  `json:"language,omitempty"`
	Note       string          `json:"note,omitempty"`
	Checkpoint string          `json:"checkpoint"`
	Direction  kiosk.Direction `json:"direction"`
	At         string          `json:"at"`
	Kiosk      string          `json:"kiosk"`
	ScanID     string          `json:"scan_id,omitempty"`
	FirstAt    string          `json:"first_at,omitempty"`
	FirstKiosk string          `json:"first_kiosk,omitempty"`
	Repeat     bool            `json:"repeat,omitempty"`
	// Error is set, and Verdict empty, when the scan could not be stored:
	// no verdict may be acted on, and the badge should be scanned again.
	Error string `json:"error,omitempty"`
}

// NewLine describes a recorded scan.
func NewLine(r kiosk.Result) Line {
	l := Line{
		Verdict: r.Scan.Verdict, Reason: r.Scan.Reason, AttendeeID: r.Scan.AttendeeID,
		Checkpoint: r.Scan.Checkpoint, Direction: r.Scan.Direction, At: r.Scan.At.Format(time.RFC3339Nano),
		Kiosk: r.Scan.Kiosk, ScanID: r.Scan.ID, FirstKiosk: r.Scan.FirstKiosk, Repeat: r.Repeat,
	}
	if r.Known() {
		l.Name, l.Category, l.Language, l.Note = r.Attendee.Name(), r.Attendee.Category, r.Attendee.Language, r.Attendee.Note
	}
	if !r.Scan.FirstAt.IsZero() {
		l.FirstAt = r.Scan.FirstAt.Format(time.RFC3339Nano)
	}
	return l
}

// Run scans every line of in until it ends or ctx is cancelled. A scan that
// cannot be stored (a full disk, say) gets a line with an error and no
// verdict, and scanning goes on: the next line may succeed once space
// returns. Run fails only when the output cannot be written.
func Run(ctx context.Context, st *kiosk.Station, in io.Reader, out io.Writer, log *slog.Logger) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		readErr <- readLines(ctx, in, lines)
		close(lines)
	}()
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		select {
		case <-ctx.Done():
			return nil
		case payload, ok := <-lines:
			if !ok {
				if err := <-readErr; err != nil {
					return fmt.Errorf("read scans: %w", err)
				}
				return nil
			}
			line := scanOne(ctx, st, payload, log)
			if err := enc.Encode(line); err != nil {
				return fmt.Errorf("write verdict: %w", err)
			}
			if err := w.Flush(); err != nil {
				return fmt.Errorf("write verdict: %w", err)
			}
		}
	}
}

func scanOne(ctx context.Context, st *kiosk.Station, payload string, log *slog.Logger) Line {
	res, err := st.Scan(ctx, payload)
	if err == nil {
		return NewLine(res)
	}
	msg := err.Error()
	if errors.Is(err, sqlite.ErrDiskFull) {
		msg = "disk full: the scan was not recorded; free space on the kiosk and scan again"
	}
	log.Error("scan not recorded", "err", err)
	return Line{Error: msg, Checkpoint: st.Checkpoint, Direction: st.Direction, Kiosk: st.Kiosk,
		At: time.Now().UTC().Format(time.RFC3339Nano)}
}

// readLines sends each line of in, without its line end. A line longer
// than kiosk.MaxPayloadLength is cut there (the rest is read and dropped):
// it is unreadable either way, and memory stays bounded whatever arrives.
func readLines(ctx context.Context, in io.Reader, lines chan<- string) error {
	r := bufio.NewReaderSize(in, 64*1024)
	for {
		line, err := readBounded(r, kiosk.MaxPayloadLength+1)
		if len(line) > 0 || err == nil {
			select {
			case lines <- line:
			case <-ctx.Done():
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func readBounded(r *bufio.Reader, max int) (string, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf) < max {
			room := max - len(buf)
			if len(chunk) < room {
				room = len(chunk)
			}
			buf = append(buf, chunk[:room]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
			if len(buf) > 0 && buf[len(buf)-1] == '\r' {
				buf = buf[:len(buf)-1]
			}
		}
		return string(buf), err
	}
}
