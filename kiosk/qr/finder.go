package qr

import (
	"math"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// findTilted looks for finder patterns the way gozxing does (a 1:1:3:1:1
// run across a row, confirmed down its column), but without gozxing's
// demand that the pattern be about as tall as wide, nor its diagonal
// check: a badge tilted 50° shows finder patterns twice as wide as tall,
// or sheared. It returns the patterns confirmed on at least two rows.
// The row buffer and the result's storage are reused: findTiltedInto
// returns the row buffer and leaves the patterns in *found.
func findTiltedInto(m *gozxing.BitMatrix, row *gozxing.BitArray, found *[]*detector.FinderPattern) *gozxing.BitArray {
	w, h := m.GetWidth(), m.GetHeight()
	cands := (*found)[:0]
	var counts [5]int
	var runs [6]int // starts of the last five runs and the end of the last
	for y := 1; y < h; y += 2 {
		row = m.GetRow(y, row)
		// Runs as boundaries: black from x to the next unset bit, and so on.
		n := 0
		x := row.GetNextSet(0)
		black := true
		for x < w {
			next := row.GetNextUnset(x)
			if !black {
				next = row.GetNextSet(x)
			}
			// Shift the window of run starts.
			if n < 6 {
				runs[n] = x
				n++
			} else {
				copy(runs[:], runs[1:])
				runs[5] = x
			}
			if n == 6 && !black {
				// runs[0..4] start black, white, black, white, black.
				for i := range 5 {
					counts[i] = runs[i+1] - runs[i]
				}
				if detector.FinderPatternFinder_foundPatternCross(counts[:]) {
					cx := float64(runs[2]) + float64(counts[2])/2
					if cy, vmod, ok := crossColumn(m, int(cx), y, counts[2]); ok {
						hmod := float64(runs[5]-runs[0]) / 7
						cands = addCandidate(cands, cx, cy, math.Sqrt(hmod*vmod))
					}
				}
			}
			x, black = next, !black
		}
	}
	out := cands[:0]
	for _, c := range cands {
		if c.GetCount() >= 2 {
			out = append(out, c)
		}
	}
	*found = out
	return row
}

// crossColumn checks the column through (x, y) for a 1:1:3:1:1 run
// centred near y, of any height from a third to three times core widths
// of the row's, and returns its centre and module size.
func crossColumn(m *gozxing.BitMatrix, x, y, core int) (float64, float64, bool) {
	h := m.GetHeight()
	if !m.Get(x, y) {
		return 0, 0, false
	}
	limit := 3 * core
	var c [5]int
	up := y
	for up >= 0 && m.Get(x, up) {
		c[2]++
		up--
	}
	for i, want := range []bool{false, true} {
		for up >= 0 && m.Get(x, up) == want && c[1-i] <= limit {
			c[1-i]++
			up--
		}
	}
	down := y + 1
	for down < h && m.Get(x, down) {
		c[2]++
		down++
	}
	for i, want := range []bool{false, true} {
		for down < h && m.Get(x, down) == want && c[3+i] <= limit {
			c[3+i]++
			down++
		}
	}
	if c[2] > limit || c[2]*3 < core || !detector.FinderPatternFinder_foundPatternCross(c[:]) {
		return 0, 0, false
	}
	end := float64(down)
	centre := end - float64(c[4]+c[3]) - float64(c[2])/2
	return centre, float64(c[0]+c[1]+c[2]+c[3]+c[4]) / 7, true
}

// addCandidate merges a sighting into the candidate it falls within, or
// adds it.
func addCandidate(found []*detector.FinderPattern, x, y, mod float64) []*detector.FinderPattern {
	for i, c := range found {
		if math.Abs(c.GetX()-x) <= 2*mod && math.Abs(c.GetY()-y) <= 2*mod {
			found[i] = c.CombineEstimate(y, x, mod)
			return found
		}
	}
	return append(found, detector.NewFinderPattern1(x, y, mod))
}
