package kiosk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ScanRequest is a scan to decide and record. The recorder reads the
// situation, calls Decide and stores the scan in one transaction.
type ScanRequest struct {
	ID         string
	Kiosk      string
	Checkpoint string
	Direction  Direction
	At         time.Time
	Payload    string
	// Badge is what the payload names; ignored when Refusal is set.
	Badge Badge
	// Refusal is the verdict already reached without the roster (a forged,
	// foreign or unreadable badge); the scan is recorded with it as is.
	Refusal Verdict
}

// Result is a recorded scan and whom it named.
type Result struct {
	Scan Scan
	// Attendee is the zero value when the badge named nobody known.
	Attendee Attendee
	// Repeat is true when this is the same payload again within
	// RepeatWindow: nothing new was recorded, Scan is the first one.
	Repeat bool
}

// Known reports whether the scan named a roster attendee.
func (r Result) Known() bool { return r.Attendee.ID != "" }

// Recorder decides and durably records scans; kiosk/sqlite implements it.
// RecordScan returns only after the scan is on disk.
type Recorder interface {
	RecordScan(ctx context.Context, req ScanRequest) (Result, error)
}

// ErrUnknownCheckpoint is returned when a scan names a checkpoint that does
// not exist.
var ErrUnknownCheckpoint = errors.New("unknown checkpoint")

// Station is one scanning input at one checkpoint: a kiosk's camera, its
// wedge scanner, or the headless kiosk's standard input.
type Station struct {
	Reader     *BadgeReader
	Recorder   Recorder
	Kiosk      string
	Checkpoint string
	Direction  Direction
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Recorded, if set, is called after each scan is stored: the hub
	// client sends it at once instead of at its next poll.
	Recorded func()

	repeats RepeatFilter
}

// Scan decides one payload and records it. A payload repeated within
// RepeatWindow returns the first result marked Repeat and records nothing.
// An error means nothing was recorded and no verdict may be shown.
func (st *Station) Scan(ctx context.Context, payload string) (Result, error) {
	now := time.Now
	if st.Now != nil {
		now = st.Now
	}
	at := now()
	if first, ok := st.repeats.Repeat(payload, at); ok {
		return Result{Scan: first.Scan, Attendee: first.Attendee, Repeat: true}, nil
	}
	badge, refusal := st.Reader.Read(payload)
	stored := storablePayload(payload)
	res, err := st.Recorder.RecordScan(ctx, ScanRequest{
		ID:         NewScanID(),
		Kiosk:      st.Kiosk,
		Checkpoint: st.Checkpoint,
		Direction:  st.Direction,
		At:         at,
		Payload:    stored,
		Badge:      badge,
		Refusal:    refusal,
	})
	if err != nil {
		return Result{}, fmt.Errorf("record scan: %w", err)
	}
	st.repeats.Remember(payload, res)
	if st.Recorded != nil {
		st.Recorded()
	}
	return res, nil
}

// storablePayload is what a scan row keeps of a payload: valid UTF-8 (a
// bad byte becomes U+FFFD, so exports stay readable), cut at a character
// boundary to MaxStoredPayload bytes.
func storablePayload(p string) string {
	p = strings.ToValidUTF8(CleanPayload(p), "\uFFFD")
	if len(p) <= MaxStoredPayload {
		return p
	}
	cut := MaxStoredPayload
	for cut > 0 && !utf8.RuneStart(p[cut]) {
		cut--
	}
	return p[:cut]
}
