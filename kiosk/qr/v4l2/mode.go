package v4l2

import (
	"fmt"
	"slices"
)

// The frame sizes the source asks for: large enough for a badge held at
// arm's length, small enough to decode in a few milliseconds.
const (
	maxWidth, maxHeight = 1280, 720
	minWidth, minHeight = 640, 480
	// minFPS is the slowest YUYV worth preferring to MJPEG: below it a
	// badge held up waits visibly.
	minFPS = 15
)

// sizeRange is one frame size a driver lists: discrete (min == max, no
// step) or stepwise.
type sizeRange struct {
	MinW, MaxW, StepW int
	MinH, MaxH, StepH int
}

// offer is what a camera lists for one pixel format; fps reports the
// fastest rate at a size (0: unknown).
type offer struct {
	format Format
	sizes  []sizeRange
	fps    func(w, h int) float64
}

// chooseMode picks what to ask the camera for: YUYV when it gives 640×480
// or more, up to 1280×720, at minFPS or faster (no decoding, no
// allocation); else MJPEG, the largest size up to 1280×720; else the
// smallest size above it.
func chooseMode(offers []offer) (Mode, error) {
	type cand struct {
		Mode
		known bool // the frame rate is known
	}
	var all []cand
	for _, o := range offers {
		if o.format != YUYV && o.format != MJPEG {
			continue
		}
		for _, r := range o.sizes {
			for _, wh := range sizesIn(r) {
				c := cand{Mode: Mode{Format: o.format, Width: wh[0], Height: wh[1]}}
				if o.fps != nil {
					c.FPS = o.fps(wh[0], wh[1])
				}
				c.known = c.FPS > 0
				all = append(all, c)
			}
		}
	}
	if len(all) == 0 {
		return Mode{}, fmt.Errorf("the camera offers neither YUYV nor MJPEG")
	}
	fits := func(c cand) bool { return c.Width <= maxWidth && c.Height <= maxHeight }
	fast := func(c cand) bool { return !c.known || c.FPS >= minFPS }
	big := func(c cand) bool { return c.Width >= minWidth && c.Height >= minHeight }
	// largest returns the biggest candidate that passes ok, the faster on
	// a tie.
	largest := func(ok func(cand) bool) (Mode, bool) {
		var best *cand
		for i := range all {
			c := &all[i]
			if !ok(*c) {
				continue
			}
			if best == nil || c.Width*c.Height > best.Width*best.Height ||
				c.Width*c.Height == best.Width*best.Height && c.FPS > best.FPS {
				best = c
			}
		}
		if best == nil {
			return Mode{}, false
		}
		return best.Mode, true
	}
	steps := []func(cand) bool{
		func(c cand) bool { return c.Format == YUYV && fits(c) && big(c) && fast(c) },
		func(c cand) bool { return c.Format == MJPEG && fits(c) && fast(c) },
		func(c cand) bool { return c.Format == MJPEG && fits(c) },
		func(c cand) bool { return c.Format == YUYV && fits(c) },
	}
	for _, ok := range steps {
		if m, found := largest(ok); found {
			return m, nil
		}
	}
	// Everything is bigger than asked for: the smallest, MJPEG first.
	slices.SortStableFunc(all, func(a, b cand) int {
		if d := a.Width*a.Height - b.Width*b.Height; d != 0 {
			return d
		}
		return int(b.Format) - int(a.Format)
	})
	return all[0].Mode, nil
}

// sizesIn lists the sizes worth trying in a range: a discrete size
// itself; for a stepwise range the largest size within 1280×720 and
// 640×480 when the steps allow it.
func sizesIn(r sizeRange) [][2]int {
	if r.MaxW <= 0 || r.MaxH <= 0 {
		return nil
	}
	if r.StepW == 0 && r.StepH == 0 || r.MinW == r.MaxW && r.MinH == r.MaxH {
		return [][2]int{{r.MaxW, r.MaxH}}
	}
	fit := func(want, lo, hi, step int) int {
		v := min(want, hi)
		if v < lo {
			return lo
		}
		if step > 1 {
			v = lo + (v-lo)/step*step
		}
		return v
	}
	out := [][2]int{{fit(maxWidth, r.MinW, r.MaxW, r.StepW), fit(maxHeight, r.MinH, r.MaxH, r.StepH)}}
	if w, h := fit(minWidth, r.MinW, r.MaxW, r.StepW), fit(minHeight, r.MinH, r.MaxH, r.StepH); w == minWidth && h == minHeight {
		out = append(out, [2]int{w, h})
	}
	return out
}
