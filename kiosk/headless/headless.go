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
	"sync"
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
//
// One goroutine reads a line, scans it and writes its verdict: handing
// each line to another goroutine cost a wake-up of an idle thread and its
// spinning for work on every scan, a tenth of a millisecond of system time
// on a visitor's wait. Run itself only waits for that goroutine or for ctx:
// a read blocked on a quiet scanner must not keep a signal from stopping
// the kiosk, and the scan in progress, if any, is finished first.
func Run(ctx context.Context, st *kiosk.Station, in io.Reader, out io.Writer, log *slog.Logger) error {
	l := &loop{st: st, log: log}
	done := make(chan error, 1)
	go func() { done <- l.run(ctx, in, out) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Once stopped is set under the lock, no scan is in progress and
		// none starts: the caller may close the store.
		l.mu.Lock()
		l.stopped = true
		l.mu.Unlock()
		return nil
	}
}

// loop is Run's reading, scanning and writing goroutine.
type loop struct {
	st  *kiosk.Station
	log *slog.Logger
	// mu is held while a line is scanned and its verdict written.
	mu      sync.Mutex
	stopped bool
}

func (l *loop) run(ctx context.Context, in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 64*1024)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		// A line longer than kiosk.MaxPayloadLength is cut there (the rest
		// is read and dropped): it is unreadable either way, and memory
		// stays bounded whatever arrives.
		payload, readErr := readBounded(r, kiosk.MaxPayloadLength+1)
		if len(payload) > 0 || readErr == nil {
			if err := l.scan(ctx, payload, enc, w); err != nil || l.isStopped() {
				return err
			}
		}
		if errors.Is(readErr, io.EOF) {
			return nil
		}
		if readErr != nil {
			return fmt.Errorf("read scans: %w", readErr)
		}
	}
}

// scan records one payload and writes its line, unless Run has stopped.
func (l *loop) scan(ctx context.Context, payload string, enc *json.Encoder, w *bufio.Writer) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped || ctx.Err() != nil {
		l.stopped = true
		return nil
	}
	if err := enc.Encode(scanOne(ctx, l.st, payload, l.log)); err != nil {
		return fmt.Errorf("write verdict: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write verdict: %w", err)
	}
	return nil
}

func (l *loop) isStopped() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stopped
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
