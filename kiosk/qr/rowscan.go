package qr

import (
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// findPatterns is gozxing's FinderPatternFinder.Find (without TRY_HARDER)
// with its row scan walking runs of pixels, a word of the row at a time,
// where gozxing tests each pixel through BitMatrix.Get: that per-pixel
// loop was a quarter of a frame's decode time. The state machine, the
// rows visited, the candidates handed to f and the patterns chosen are
// gozxing's own, pixel for pixel (TestFindPatternsMatchesGozxing); the
// cross-checks and the choice stay gozxing's code, called through f, so
// f.GetPossibleCenters() is filled as Find would fill it.
//
// row is a scratch row, returned for reuse.
func findPatterns(f *detector.FinderPatternFinder, m *gozxing.BitMatrix, row *gozxing.BitArray) (*detector.FinderPatternInfo, *gozxing.BitArray, error) {
	maxI, maxJ := m.GetHeight(), m.GetWidth()
	iSkip := max(3*maxI/(4*detector.FinderPatternFinder_MAX_MODULES), detector.FinderPatternFinder_MIN_SKIP)
	// hasSkipped mirrors gozxing's unexported field of that name, which
	// FindRowSkip sets when it finds two confirmed centres.
	hasSkipped := false
	sc := make([]int, 5)
	done := false
	for i := iSkip - 1; i < maxI && !done; i += iSkip {
		row = m.GetRow(i, row)
		clear(sc)
		state := 0
		for j := 0; j < maxJ; {
			if row.Get(j) {
				end := min(row.GetNextUnset(j), maxJ)
				if state&1 == 1 {
					state++
				}
				sc[state] += end - j
				j = end
				continue
			}
			end := min(row.GetNextSet(j), maxJ)
			n := end - j
			switch {
			case state&1 == 1:
				sc[state] += n
			case state != 4:
				state++
				sc[state] += n
			case crossRatio(sc) && f.HandlePossibleCenter(sc, i, j):
				// A confirmed centre ends at j, whose pixel gozxing then
				// drops: the rest of the white run starts afresh.
				iSkip = 2
				skipRow := false
				if hasSkipped {
					done = f.HaveMultiplyConfirmedCenters()
				} else {
					hasSkipped = confirmedCenters(f) >= 2
					if skip := f.FindRowSkip(); skip > sc[2] {
						i += skip - sc[2] - iSkip
						skipRow = true
					}
				}
				clear(sc)
				state = 0
				switch {
				case skipRow:
					end = maxJ
				case n > 1:
					state, sc[1] = 1, n-1
				}
			default:
				// Not a pattern: its last three runs may start one.
				sc[0], sc[1], sc[2], sc[3], sc[4] = sc[2], sc[3], sc[4], n, 0
				state = 3
			}
			j = end
		}
		if crossRatio(sc) && f.HandlePossibleCenter(sc, i, maxJ) {
			iSkip = sc[0]
			if hasSkipped {
				done = f.HaveMultiplyConfirmedCenters()
			}
		}
	}
	best, err := f.SelectBestPatterns()
	if err != nil {
		return nil, row, err
	}
	bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(best[0], best[1], best[2])
	return detector.NewFinderPatternInfo(bl.(*detector.FinderPattern), tl.(*detector.FinderPattern), tr.(*detector.FinderPattern)), row, nil
}

// confirmedCenters counts the candidates seen on enough rows to count.
func confirmedCenters(f *detector.FinderPatternFinder) int {
	n := 0
	for _, c := range f.GetPossibleCenters() {
		if c.GetCount() >= detector.FinderPatternFinder_CENTER_QUORUM {
			n++
		}
	}
	return n
}

// crossRatio is gozxing's FinderPatternFinder_foundPatternCross in whole
// numbers: runs of 1:1:3:1:1 modules, each within half a module. With t
// the runs' total, |t/7 − c| < t/14 is 2·|t − 7c| < t, and the centre's
// |3t/7 − c| < 3t/14 is 2·|3t − 7c| < 3t; the float form only meets a
// boundary exactly when t is a multiple of 7, where its arithmetic is
// exact, so both always agree. It is the row scan's most frequent call.
func crossRatio(sc []int) bool {
	a, b, c, d, e := sc[0], sc[1], sc[2], sc[3], sc[4]
	if a == 0 || b == 0 || c == 0 || d == 0 || e == 0 {
		return false
	}
	t := a + b + c + d + e
	if t < 7 {
		return false
	}
	near := func(c, k int) bool { return 2*abs(k*t-7*c) < k*t }
	return near(a, 1) && near(b, 1) && near(c, 3) && near(d, 1) && near(e, 1)
}
