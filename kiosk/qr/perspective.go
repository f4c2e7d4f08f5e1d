package qr

import (
	"fmt"
	"math"
	"slices"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// Reading a badge tilted far from the camera.
//
// gozxing samples the grid through the three finder-pattern centres and a
// fourth point it takes on the parallelogram they span (or an alignment
// pattern it seeks near there), with a dimension computed from one module
// size for the whole code. Under strong perspective the fourth point is
// modules away and the module size varies across the code, so the grid
// misses. Here the code's four outer edges are measured instead, as
// straight lines (a perspective view keeps lines straight): the top edge
// runs along the top sides of two finder patterns, the left edge along the
// left sides of two, and so do the lines seven modules in, which fixes each
// family's vanishing point; the right and bottom edges, seen only on one
// finder pattern each, are then the lines from those vanishing points
// through it. The four corners give the exact projective grid, and the
// finder patterns' inner sides, mapped through it, the number of modules.
// gozxing then samples and decodes that grid, unchanged.

type vec struct{ x, y float64 }

func (a vec) add(b vec) vec           { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec           { return vec{a.x - b.x, a.y - b.y} }
func (a vec) scale(k float64) vec     { return vec{a.x * k, a.y * k} }
func (a vec) norm() float64           { return math.Hypot(a.x, a.y) }
func (a vec) unit() vec               { return a.scale(1 / a.norm()) }
func (a vec) homogeneous() [3]float64 { return [3]float64{a.x, a.y, 1} }

// cross is the homogeneous cross product: the line through two points, or
// the point where two lines meet (at infinity when they are parallel).
func cross(p, q [3]float64) [3]float64 {
	return [3]float64{p[1]*q[2] - p[2]*q[1], p[2]*q[0] - p[0]*q[2], p[0]*q[1] - p[1]*q[0]}
}

// point is the finite point of homogeneous coordinates h.
func point(h [3]float64) (vec, bool) {
	if math.Abs(h[2]) < 1e-9 {
		return vec{}, false
	}
	p := vec{h[0] / h[2], h[1] / h[2]}
	return p, !math.IsNaN(p.x) && !math.IsNaN(p.y) && !math.IsInf(p.x, 0) && !math.IsInf(p.y, 0)
}

// fitLine is the least-squares line through pts (principal axis), with
// points more than 1.5 px off dropped once, as homogeneous coordinates.
func fitLine(pts []vec) ([3]float64, bool) {
	fit := func(pts []vec) ([3]float64, bool) {
		if len(pts) < 3 {
			return [3]float64{}, false
		}
		var c vec
		for _, p := range pts {
			c = c.add(p)
		}
		c = c.scale(1 / float64(len(pts)))
		var sxx, sxy, syy float64
		for _, p := range pts {
			d := p.sub(c)
			sxx, sxy, syy = sxx+d.x*d.x, sxy+d.x*d.y, syy+d.y*d.y
		}
		// Direction of the principal axis; the normal is perpendicular.
		theta := 0.5 * math.Atan2(2*sxy, sxx-syy)
		n := vec{-math.Sin(theta), math.Cos(theta)}
		return [3]float64{n.x, n.y, -(n.x*c.x + n.y*c.y)}, true
	}
	l, ok := fit(pts)
	if !ok {
		return l, false
	}
	kept := pts[:0:0]
	for _, p := range pts {
		if math.Abs(l[0]*p.x+l[1]*p.y+l[2]) <= 1.5 {
			kept = append(kept, p)
		}
	}
	if len(kept) == len(pts) {
		return l, true
	}
	return fit(kept)
}

// ringEdge walks from p (inside a finder pattern's central square) along
// the unit vector dir, and returns how far the pattern's outer black ring
// ends (core, white ring, black ring, then white) and the module size that
// walk shows; ok is false when the colours do not follow a finder
// pattern's proportions.
func ringEdge(m *gozxing.BitMatrix, p, dir vec, maxLen float64) (edge, module float64, ok bool) {
	w, h := m.GetWidth(), m.GetHeight()
	var t [3]float64
	state := 0 // 0 core (black), 1 white ring, 2 black ring
	for k := 0; float64(k) <= maxLen; k++ {
		x, y := int(math.Floor(p.x+float64(k)*dir.x)), int(math.Floor(p.y+float64(k)*dir.y))
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0, 0, false
		}
		black := m.Get(x, y)
		if k == 0 && !black {
			return 0, 0, false
		}
		if black == (state%2 == 1) {
			t[state] = float64(k) - 0.5
			if state++; state == 3 {
				break
			}
		}
	}
	if state < 3 {
		return 0, 0, false
	}
	module = t[2] / 3.5
	w1, w2 := t[1]-t[0], t[2]-t[1]
	if module < 0.7 || w1 < 0.35*module || w1 > 2.2*module || w2 < 0.35*module || w2 > 2.2*module || t[0] > 2.6*module {
		return 0, 0, false
	}
	return t[2], module, true
}

// finderSides are the outer edge points of one finder pattern's four
// sides, walking from its centre (and from points beside it, inside its
// central square) along ±r and ±d, the code's directions near it.
type finderSides struct {
	pts [4][]vec // +r, -r, +d, -d
	ok  bool
}

func measureFinder(m *gozxing.BitMatrix, c vec, r, d vec, maxLen float64, buf []vec) finderSides {
	var fs finderSides
	dirs := [4]vec{r, r.scale(-1), d, d.scale(-1)}
	var mods [4]float64
	for i, dir := range dirs {
		e, mod, ok := ringEdge(m, c, dir, maxLen)
		if !ok {
			return fs
		}
		mods[i] = mod
		fs.pts[i] = append(buf[:0:0], c.add(dir.scale(e)))
	}
	for i, dir := range dirs {
		// Start points beside the centre, across the walk, still inside
		// the 3-module central square.
		across, mod := d, (mods[2]+mods[3])/2
		if i >= 2 {
			across, mod = r, (mods[0]+mods[1])/2
		}
		for _, s := range []float64{-1, -0.5, 0.5, 1} {
			start := c.add(across.scale(s * mod))
			if e, _, ok := ringEdge(m, start, dir, maxLen); ok {
				fs.pts[i] = append(fs.pts[i], start.add(dir.scale(e)))
			}
		}
	}
	fs.ok = true
	return fs
}

// perspectiveGrid is the code's four corners in the image and the
// dimensions (modules a side) to try, likeliest first.
type perspectiveGrid struct {
	corners [4]vec // top left, top right, bottom right, bottom left
	dims    []int
}

// locate measures the code framed by three finder patterns.
func locate(m *gozxing.BitMatrix, tl, tr, bl gozxing.ResultPoint) (perspectiveGrid, bool) {
	var g perspectiveGrid
	a, b, c := vec{tl.GetX(), tl.GetY()}, vec{tr.GetX(), tr.GetY()}, vec{bl.GetX(), bl.GetY()}
	r, d := b.sub(a), c.sub(a)
	maxLen := max(r.norm(), d.norm()) / 2
	if maxLen < 7 {
		return g, false
	}
	r, d = r.unit(), d.unit()
	var fa, fb, fc finderSides
	if fa = measureFinder(m, a, r, d, maxLen, nil); !fa.ok {
		return g, false
	}
	if fb = measureFinder(m, b, r, d, maxLen, nil); !fb.ok {
		return g, false
	}
	if fc = measureFinder(m, c, r, d, maxLen, nil); !fc.ok {
		return g, false
	}
	const pr, nr, pd, nd = 0, 1, 2, 3
	top, ok1 := fitLine(slices.Concat(fa.pts[nd], fb.pts[nd]))
	v7, ok2 := fitLine(slices.Concat(fa.pts[pd], fb.pts[pd]))
	left, ok3 := fitLine(slices.Concat(fa.pts[nr], fc.pts[nr]))
	u7, ok4 := fitLine(slices.Concat(fa.pts[pr], fc.pts[pr]))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return g, false
	}
	// Lines of one family meet at their vanishing point (at infinity when
	// parallel, which the homogeneous product handles the same way).
	vh, vv := cross(top, v7), cross(left, u7)
	through := func(v [3]float64, pts []vec) [3]float64 {
		var c vec
		for _, p := range pts {
			c = c.add(p)
		}
		return cross(v, c.scale(1/float64(len(pts))).homogeneous())
	}
	right, bottom := through(vv, fb.pts[pr]), through(vh, fc.pts[pd])
	ud7, vd7 := through(vv, fb.pts[nr]), through(vh, fc.pts[nd])
	var ok bool
	corners := [4][2][3]float64{{top, left}, {top, right}, {right, bottom}, {bottom, left}}
	for i, l := range corners {
		if g.corners[i], ok = point(cross(l[0], l[1])); !ok {
			return g, false
		}
	}
	q := g.corners
	toSquare := common.PerspectiveTransform_QuadrilateralToSquare(q[0].x, q[0].y, q[1].x, q[1].y, q[2].x, q[2].y, q[3].x, q[3].y)
	// Where the finder patterns' inner sides cross the top and left edges,
	// as a fraction of the side: 7/dim, or 1-7/dim.
	var est []float64
	for _, e := range []struct {
		a, b  [3]float64
		u     bool // the fraction is the x coordinate
		inner bool // 7/dim (else 1-7/dim)
	}{{top, u7, true, true}, {left, v7, false, true}, {top, ud7, true, false}, {left, vd7, false, false}} {
		p, ok := point(cross(e.a, e.b))
		if !ok {
			continue
		}
		xs, ys := []float64{p.x}, []float64{p.y}
		toSquare.TransformPointsXY(xs, ys)
		f := ys[0]
		if e.u {
			f = xs[0]
		}
		if !e.inner {
			f = 1 - f
		}
		if f > 0.03 && f < 0.5 {
			est = append(est, 7/f)
		}
	}
	if len(est) == 0 {
		return g, false
	}
	slices.Sort(est)
	dim := est[len(est)/2]
	if len(est)%2 == 0 {
		dim = (est[len(est)/2-1] + est[len(est)/2]) / 2
	}
	k := int(math.Round((dim - 17) / 4))
	for _, dk := range []int{0, 1, -1} {
		if v := k + dk; v >= 0 && v < 40 {
			g.dims = append(g.dims, 17+4*v)
		}
	}
	// Nearest first: the second likeliest is on the side dim leans to.
	if len(g.dims) == 3 && dim < float64(17+4*k) {
		g.dims[1], g.dims[2] = g.dims[2], g.dims[1]
	}
	return g, len(g.dims) > 0
}

// transform maps module coordinates (0 to dim) to the image.
func (g perspectiveGrid) transform(dim int) *common.PerspectiveTransform {
	q, n := g.corners, float64(dim)
	return common.PerspectiveTransform_QuadrilateralToQuadrilateral(0, 0, n, 0, n, n, 0, n,
		q[0].x, q[0].y, q[1].x, q[1].y, q[2].x, q[2].y, q[3].x, q[3].y)
}

// refine moves the grid onto the alignment patterns of a code of dim
// modules, where they are found near where the grid puts them: the bottom
// and right edges are extrapolated from one finder pattern each, and the
// alignment patterns correct them. It returns false when it found none.
func (g perspectiveGrid) refine(m *gozxing.BitMatrix, dim int) (perspectiveGrid, bool) {
	v, err := decoder.Version_GetProvisionalVersionForDimension(dim)
	if err != nil || len(v.GetAlignmentPatternCenters()) == 0 {
		return g, false
	}
	t := g.transform(dim)
	n := float64(dim)
	src := []vec{{0, 0}, {n, 0}, {n, n}, {0, n}}
	dst := g.corners[:]
	found := 0
	at := func(u, v float64) vec {
		xs, ys := []float64{u}, []float64{v}
		t.TransformPointsXY(xs, ys)
		return vec{xs[0], ys[0]}
	}
	centres := v.GetAlignmentPatternCenters()
	last := centres[len(centres)-1]
	for _, cy := range centres {
		for _, cx := range centres {
			if (cx == 6 && cy == 6) || (cx == 6 && cy == last) || (cy == 6 && cx == last) {
				continue // under a finder pattern
			}
			u, vv := float64(cx)+0.5, float64(cy)+0.5
			p := at(u, vv)
			e := at(u+1, vv)
			f := at(u, vv+1)
			mod := (e.sub(p).norm() + f.sub(p).norm()) / 2
			if mod < 1 {
				continue
			}
			r := int(math.Ceil(4 * mod))
			x0, y0 := max(int(p.x)-r, 0), max(int(p.y)-r, 0)
			x1, y1 := min(int(p.x)+r, m.GetWidth()-1), min(int(p.y)+r, m.GetHeight()-1)
			if x1-x0 < int(3*mod) || y1-y0 < int(3*mod) {
				continue
			}
			ap, err := detector.NewAlignmentPatternFinder(m, x0, y0, x1-x0, y1-y0, mod, nil).Find()
			if err != nil {
				continue
			}
			c := vec{ap.GetX(), ap.GetY()}
			if c.sub(p).norm() > 2.5*mod {
				continue
			}
			src, dst = append(src, vec{u, vv}), append(dst, c)
			found++
		}
	}
	if found == 0 {
		return g, false
	}
	h, ok := fitHomography(src, dst)
	if !ok {
		return g, false
	}
	var out perspectiveGrid
	for i, s := range src[:4] {
		if out.corners[i], ok = h.apply(s); !ok {
			return g, false
		}
	}
	return out, true
}

// searchCorner moves the bottom-right corner, the least certain one, to
// where the grid best shows the code's alignment patterns (sampled through
// the grid, so that a pattern foreshortened more one way than the other
// is matched as well as a square one): coarsely over ±3 modules, then
// finely. It returns false for version 1, which has none, or when no
// position shows them clearly.
func (g perspectiveGrid) searchCorner(m *gozxing.BitMatrix, dim int) (perspectiveGrid, bool) {
	v, err := decoder.Version_GetProvisionalVersionForDimension(dim)
	if err != nil || len(v.GetAlignmentPatternCenters()) == 0 {
		return g, false
	}
	centres := v.GetAlignmentPatternCenters()
	last := centres[len(centres)-1]
	var xs, ys []float64
	var want []bool
	for _, cy := range centres {
		for _, cx := range centres {
			if (cx == 6 && cy == 6) || (cx == 6 && cy == last) || (cy == 6 && cx == last) {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					xs, ys = append(xs, float64(cx+dx)+0.5), append(ys, float64(cy+dy)+0.5)
					want = append(want, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	px, py := make([]float64, len(xs)), make([]float64, len(ys))
	w, h := m.GetWidth(), m.GetHeight()
	score := func(c perspectiveGrid) int {
		copy(px, xs)
		copy(py, ys)
		c.transform(dim).TransformPointsXY(px, py)
		n := 0
		for i := range px {
			x, y := int(px[i]), int(py[i])
			if x >= 0 && y >= 0 && x < w && y < h && m.Get(x, y) == want[i] {
				n++
			}
		}
		return n
	}
	q := g.corners
	mu, mv := q[2].sub(q[3]).scale(1/float64(dim)), q[2].sub(q[1]).scale(1/float64(dim))
	best, bestScore := g, score(g)
	for _, step := range []struct {
		size float64
		n    int
	}{{1, 3}, {0.25, 2}} {
		base := best.corners[2]
		for i := -step.n; i <= step.n; i++ {
			for j := -step.n; j <= step.n; j++ {
				c := best
				c.corners[2] = base.add(mu.scale(float64(i) * step.size)).add(mv.scale(float64(j) * step.size))
				if s := score(c); s > bestScore {
					best, bestScore = c, s
				}
			}
		}
	}
	// Random modules match half the samples; a found pattern, nearly all.
	return best, bestScore > len(want)*4/5
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// readPerspective reads the code three finder patterns frame, measuring
// its edges (see above) instead of assuming a parallelogram.
func (d *Decoder) readPerspective(m *gozxing.BitMatrix, info *detector.FinderPatternInfo) (string, error) {
	g, ok := locate(m, info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft())
	if !ok {
		return "", fmt.Errorf("%w: the code's edges are not straight lines", ErrNotFound)
	}
	var first error
	try := func(g perspectiveGrid, dim int) (string, bool) {
		bits, err := detector.Detector_sampleGrid(m, g.transform(dim), dim)
		if err == nil {
			res, derr := d.qrdec.Decode(bits, d.fast)
			if derr == nil {
				return res.GetText(), true
			}
			err = derr
		}
		if first == nil {
			first = classify(err)
		}
		return "", false
	}
	for _, dim := range g.dims {
		if t, ok := try(g, dim); ok {
			return t, nil
		}
		r := g
		if c, ok := g.searchCorner(m, dim); ok {
			if t, ok := try(c, dim); ok {
				return t, nil
			}
			r = c
		}
		// Each refinement predicts the alignment patterns better, and may
		// find more of them.
		for range 2 {
			var ok bool
			if r, ok = r.refine(m, dim); !ok {
				break
			}
			if t, ok := try(r, dim); ok {
				return t, nil
			}
		}
	}
	return "", first
}
