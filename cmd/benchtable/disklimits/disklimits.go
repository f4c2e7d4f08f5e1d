// Package disklimits measures the physical limits of the machine's disk
// for Accueil's stores: one durable commit, and batched durable inserts.
// make bench prints them beside every figure they bound.
package disklimits

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	// The driver the kiosk and the hub use, opened the same durable way.
	_ "github.com/mattn/go-sqlite3"
)

// Limits are what no kiosk or hub can beat on this disk.
type Limits struct {
	Commit        time.Duration // one durable commit of one small row, p50
	RowsPerSecond float64       // batched durable inserts
}

// Measure writes a scratch database in the temporary folder with the
// stores' own settings (WAL, synchronous=FULL, one writer).
func Measure(ctx context.Context) (Limits, error) {
	var l Limits
	tmp, err := os.MkdirTemp("", "benchtable-limits-")
	if err != nil {
		return l, err
	}
	defer os.RemoveAll(tmp)
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(tmp, "limits.db")+"?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate")
	if err != nil {
		return l, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE scans (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
		kiosk TEXT NOT NULL, attendee_id TEXT NOT NULL, at INTEGER NOT NULL)`); err != nil {
		return l, fmt.Errorf("limits: %w", err)
	}
	ins, err := db.PrepareContext(ctx, "INSERT INTO scans (id, kiosk, attendee_id, at) VALUES (?, 'k', ?, ?)")
	if err != nil {
		return l, fmt.Errorf("limits: %w", err)
	}
	defer ins.Close()
	n := 0
	insert := func(tx *sql.Tx, rows int) error {
		for range rows {
			n++
			if _, err := tx.StmtContext(ctx, ins).ExecContext(ctx, fmt.Sprintf("scan-%09d", n), fmt.Sprintf("P%06d", n%100_000), n); err != nil {
				return err
			}
		}
		return nil
	}
	commit := func(rows int) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := insert(tx, rows); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	var lat []time.Duration
	for range 500 {
		start := time.Now()
		if err := commit(1); err != nil {
			return l, fmt.Errorf("limits: one durable commit: %w", err)
		}
		lat = append(lat, time.Since(start))
	}
	lat = lat[50:] // the first commits warm the file up
	slices.Sort(lat)
	l.Commit = lat[len(lat)/2]
	const batches, per = 100, 2000
	start := time.Now()
	for range batches {
		if err := commit(per); err != nil {
			return l, fmt.Errorf("limits: batched insert: %w", err)
		}
	}
	l.RowsPerSecond = batches * per / time.Since(start).Seconds()
	return l, nil
}
