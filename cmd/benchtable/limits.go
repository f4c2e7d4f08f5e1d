package main

import (
	"context"
	"fmt"

	"github.com/accueil/accueil/cmd/benchtable/disklimits"
)

// physicalLimits are the table's rows for the disk's limits.
func physicalLimits(ctx context.Context, _ config) ([]row, error) {
	l, err := disklimits.Measure(ctx)
	if err != nil {
		return nil, err
	}
	return []row{
		{figure: "limit: one durable commit of one row (WAL, synchronous=FULL), p50", ours: msec(l.Commit), goal: "the floor of the scan path"},
		{figure: "limit: batched durable insert (2,000 rows a commit)", ours: fmt.Sprintf("%s rows/s", thousands(int(l.RowsPerSecond))), goal: "the ceiling of hub ingest"},
	}, nil
}
