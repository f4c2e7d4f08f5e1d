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
			case detector.FinderPatternFinder_foundPatternCross(sc) && f.HandlePossibleCenter(sc, i, j):
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
		if detector.FinderPatternFinder_foundPatternCross(sc) && f.HandlePossibleCenter(sc, i, maxJ) {
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
