package hubstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// Scan is a scan as the hub stores it.
type Scan struct {
	kiosk.Scan
	Epoch string
	Seq   int64
	// Cursor orders scans as the hub stored them; HubAt is when.
	Cursor int64
	HubAt  time.Time
	// Evidence is how an admission was made (EvidenceToken and the
	// others), as the hub verified it.
	Evidence string
}

// Batch is what one kiosk delivered in one message.
type Batch struct {
	Kiosk string
	Epoch string
	Scans []Scan
	// LastSeq is the batch's highest sequence as sent, when the hub
	// refused some of its scans: the kiosk is done with them all.
	LastSeq int64
}

// Stored is the outcome of one batch: the highest sequence stored for its
// kiosk and epoch (what to acknowledge), and the scans that were new.
type Stored struct {
	AckedSeq int64
	New      []Scan
}

// Ingest stores several kiosks' batches in one transaction, so that one
// fsync covers them all. Scans already stored (same id) are skipped: a
// kiosk resending after a lost ack changes nothing. A batch's scans are
// stored under the kiosk that sent them, whatever they claim.
func (s *Store) Ingest(ctx context.Context, batches []Batch) ([]Stored, error) {
	out := make([]Stored, len(batches))
	now := s.now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		insert, err := tx.PrepareContext(ctx, `INSERT INTO scans (id, kiosk, epoch, seq, checkpoint, direction, verdict, reason,
			attendee_id, at, first_at, first_kiosk, hub_at, undoes, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer insert.Close()
		// Prepared once for the group: a statement prepared per batch cost
		// as much as the batch's inserts.
		progress, err := tx.PrepareContext(ctx, `INSERT INTO progress (kiosk, epoch, acked_seq, last_seen) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT DO UPDATE SET acked_seq = max(acked_seq, ?3), last_seen = ?4 RETURNING acked_seq`)
		if err != nil {
			return err
		}
		defer progress.Close()
		for i, b := range batches {
			maxSeq := b.LastSeq
			for _, sc := range b.Scans {
				res, err := insert.ExecContext(ctx, sc.ID, b.Kiosk, b.Epoch, sc.Seq, sc.Checkpoint, string(sc.Direction),
					string(sc.Verdict), sc.Reason, sc.AttendeeID, nanos(sc.At), nanos(sc.FirstAt), sc.FirstKiosk, nanos(now), sc.Undoes, sc.Evidence)
				if err != nil {
					return err
				}
				maxSeq = max(maxSeq, sc.Seq)
				if n, _ := res.RowsAffected(); n == 1 {
					cursor, _ := res.LastInsertId()
					sc.Kiosk, sc.Epoch, sc.Cursor, sc.HubAt = b.Kiosk, b.Epoch, cursor, now
					out[i].New = append(out[i].New, sc)
				}
			}
			if err := progress.QueryRowContext(ctx, b.Kiosk, b.Epoch, maxSeq, nanos(now)).Scan(&out[i].AckedSeq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store scans: %w", err)
	}
	return out, nil
}

// AckedSeq returns the highest sequence stored for a kiosk's epoch.
func (s *Store) AckedSeq(ctx context.Context, kioskName, epoch string) (int64, error) {
	var seq int64
	err := s.db.Reader.QueryRowContext(ctx, "SELECT COALESCE((SELECT acked_seq FROM progress WHERE kiosk = ? AND epoch = ?), 0)", kioskName, epoch).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("read progress of %s: %w", kioskName, err)
	}
	return seq, nil
}

const scanColumns = "cursor, id, kiosk, epoch, seq, checkpoint, direction, verdict, reason, attendee_id, at, first_at, first_kiosk, hub_at, undoes, evidence"

func scanRow(rows sqlitedb.RowScanner) (Scan, error) {
	var s Scan
	var dir, verdict string
	var at, firstAt, hubAt int64
	err := rows.Scan(&s.Cursor, &s.ID, &s.Kiosk, &s.Epoch, &s.Seq, &s.Checkpoint, &dir, &verdict, &s.Reason, &s.AttendeeID,
		&at, &firstAt, &s.FirstKiosk, &hubAt, &s.Undoes, &s.Evidence)
	s.Direction, s.Verdict = kiosk.Direction(dir), kiosk.Verdict(verdict)
	s.At, s.FirstAt, s.HubAt = fromNanos(at), fromNanos(firstAt), fromNanos(hubAt)
	return s, err
}

// AdmittedSince returns admitted scans stored after cursor, oldest first,
// at most limit: what a reconnecting kiosk has not been relayed yet.
func (s *Store) AdmittedSince(ctx context.Context, cursor int64, limit int) ([]Scan, error) {
	return s.query(ctx, "SELECT "+scanColumns+" FROM scans WHERE cursor > ? AND verdict = 'accepted' ORDER BY cursor LIMIT ?", cursor, limit)
}

// ScansSince returns every scan stored after cursor, oldest first, at most
// limit.
func (s *Store) ScansSince(ctx context.Context, cursor int64, limit int) ([]Scan, error) {
	return s.query(ctx, "SELECT "+scanColumns+" FROM scans WHERE cursor > ? ORDER BY cursor LIMIT ?", cursor, limit)
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]Scan, error) {
	out, err := sqlitedb.QueryAll(ctx, s.db.Reader, scanRow, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read scans: %w", err)
	}
	return out, nil
}

// KioskProgress is the last known state of one kiosk's deliveries.
type KioskProgress struct {
	Kiosk    string
	Epoch    string
	AckedSeq int64
	LastSeen time.Time
}

// Progress lists every kiosk epoch's delivery progress.
func (s *Store) Progress(ctx context.Context) ([]KioskProgress, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT kiosk, epoch, acked_seq, last_seen FROM progress ORDER BY kiosk, last_seen")
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	defer rows.Close()
	var out []KioskProgress
	for rows.Next() {
		var p KioskProgress
		var seen int64
		if err := rows.Scan(&p.Kiosk, &p.Epoch, &p.AckedSeq, &seen); err != nil {
			return nil, err
		}
		p.LastSeen = fromNanos(seen)
		out = append(out, p)
	}
	return out, rows.Err()
}
