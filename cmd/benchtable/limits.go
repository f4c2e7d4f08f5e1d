package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	// The driver the kiosk and the hub use, opened the same durable way.
	_ "github.com/mattn/go-sqlite3"
)

// The physical limits, measured on this machine's disk with the stores'
// own settings (WAL, synchronous=FULL): what no kiosk or hub can beat.
type limits struct {
	commit time.Duration // one durable commit of one small row, p50
	rowsPS float64       // rows a second, batched durable inserts
}

func measureLimits(ctx context.Context) (limits, error) {
	var l limits
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
	l.commit = percentile(lat[50:], 50)
	const batches, per = 100, 2000
	start := time.Now()
	for range batches {
		if err := commit(per); err != nil {
			return l, fmt.Errorf("limits: batched insert: %w", err)
		}
	}
	l.rowsPS = batches * per / time.Since(start).Seconds()
	return l, nil
}

func physicalLimits(ctx context.Context, _ config) ([]row, error) {
	l, err := measureLimits(ctx)
	if err != nil {
		return nil, err
	}
	return []row{
		{figure: "limit: one durable commit of one row (WAL, synchronous=FULL), p50", ours: msec(l.commit), goal: "the floor of the scan path"},
		{figure: "limit: batched durable insert (2,000 rows a commit)", ours: fmt.Sprintf("%s rows/s", thousands(int(l.rowsPS))), goal: "the ceiling of hub ingest"},
	}, nil
}
