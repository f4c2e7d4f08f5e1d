package qr

import (
	"math"
)

// homography maps (u, v) to ((h0 u + h1 v + h2) / w, (h3 u + h4 v + h5) / w)
// with w = h6 u + h7 v + 1.
type homography [8]float64

func (h homography) apply(p vec) (vec, bool) {
	w := h[6]*p.x + h[7]*p.y + 1
	if math.Abs(w) < 1e-9 {
		return vec{}, false
	}
	return vec{(h[0]*p.x + h[1]*p.y + h[2]) / w, (h[3]*p.x + h[4]*p.y + h[5]) / w}, true
}

// fitHomography is the least-squares homography taking src to dst (at
// least four pairs), solved on normalised coordinates for conditioning.
func fitHomography(src, dst []vec) (homography, bool) {
	var h homography
	if len(src) < 4 || len(src) != len(dst) {
		return h, false
	}
	norm := func(ps []vec) (vec, float64) {
		var c vec
		for _, p := range ps {
			c = c.add(p)
		}
		c = c.scale(1 / float64(len(ps)))
		var d float64
		for _, p := range ps {
			d += p.sub(c).norm()
		}
		return c, max(d/float64(len(ps)), 1e-9)
	}
	cs, ss := norm(src)
	cd, sd := norm(dst)
	var a [8][9]float64 // normal equations, augmented
	for i := range src {
		u, v := (src[i].x-cs.x)/ss, (src[i].y-cs.y)/ss
		x, y := (dst[i].x-cd.x)/sd, (dst[i].y-cd.y)/sd
		rows := [2][9]float64{
			{u, v, 1, 0, 0, 0, -u * x, -v * x, x},
			{0, 0, 0, u, v, 1, -u * y, -v * y, y},
		}
		for _, r := range rows {
			for j := range 8 {
				for k := range 9 {
					a[j][k] += r[j] * r[k]
				}
			}
		}
	}
	// Gaussian elimination with partial pivoting.
	for col := range 8 {
		piv := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		if math.Abs(a[piv][col]) < 1e-12 {
			return h, false
		}
		a[col], a[piv] = a[piv], a[col]
		for r := range 8 {
			if r == col {
				continue
			}
			f := a[r][col] / a[col][col]
			for k := col; k < 9; k++ {
				a[r][k] -= f * a[col][k]
			}
		}
	}
	var n homography
	for i := range 8 {
		n[i] = a[i][8] / a[i][i]
	}
	// Undo the normalisations: dst = Td⁻¹ · N · Ts.
	ts := [3][3]float64{{1 / ss, 0, -cs.x / ss}, {0, 1 / ss, -cs.y / ss}, {0, 0, 1}}
	td := [3][3]float64{{sd, 0, cd.x}, {0, sd, cd.y}, {0, 0, 1}}
	nm := [3][3]float64{{n[0], n[1], n[2]}, {n[3], n[4], n[5]}, {n[6], n[7], 1}}
	full := mul3(td, mul3(nm, ts))
	if math.Abs(full[2][2]) < 1e-12 {
		return h, false
	}
	k := 1 / full[2][2]
	h = homography{full[0][0] * k, full[0][1] * k, full[0][2] * k, full[1][0] * k, full[1][1] * k, full[1][2] * k, full[2][0] * k, full[2][1] * k}
	return h, true
}

func mul3(a, b [3][3]float64) [3][3]float64 {
	var c [3][3]float64
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}
