package corpus

// Where a badge lands in the frame: its pose, the pinhole projection, and
// the perspective warp that samples the texture into the scene.

import (
	"image"
	"math"
	"math/rand/v2"

	"github.com/accueil/accueil/kiosk/qr"
)

type pt struct{ x, y float64 }

// pose is where the badge is: the code's frontal side in pixels, its
// rotation in the plane, its tilt out of the plane, and the camera's focal
// length (in pixels: shorter means stronger perspective).
type pose struct {
	side             float64 // the symbol's side without quiet zone, frontal
	theta            float64 // radians
	tiltX, tiltY     float64 // radians
	focal            float64
	centreX, centreY float64 // chosen by place
}

// project maps a texture point to the frame: the texture is scaled by k
// pixels a texel around the code's centre (cx, cy), turned, tilted, seen
// through a pinhole at p.focal, and moved to the pose's centre.
func (p pose) project(u, v, k, cx, cy float64) pt {
	x, y := (u-cx)*k, (v-cy)*k
	sin, cos := math.Sincos(p.theta)
	x, y = x*cos-y*sin, x*sin+y*cos
	sa, ca := math.Sincos(p.tiltX)
	y, z := y*ca, y*sa
	sb, cb := math.Sincos(p.tiltY)
	x, z = x*cb+z*sb, -x*sb+z*cb
	f := p.focal / (p.focal + z)
	return pt{x*f + p.centreX, y*f + p.centreY}
}

// place draws a texture into the scene at a random place where the whole
// code and its quiet zone are in the frame, shrinking the code if it cannot
// fit. modules is the code's size without its quiet zone (0 for a 1-D
// barcode, which p.side measures whole). It returns the code's quad (with
// its quiet zone) and the pose used.
func place(rng *rand.Rand, s *scene, t *texture, modules int, p pose) ([4]pt, pose) {
	cx, cy := t.qx+t.qside/2, t.qy+t.qside/2
	k := p.side / t.qside
	if modules > 0 {
		k *= float64(modules+2*qr.QuietZone) / float64(modules)
	}
	var quad [4]pt
	for range 20 {
		p.centreX, p.centreY = 0, 0
		corners := [4]pt{{t.qx, t.qy}, {t.qx + t.qside, t.qy}, {t.qx + t.qside, t.qy + t.qside}, {t.qx, t.qy + t.qside}}
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for i, c := range corners {
			quad[i] = p.project(c.x, c.y, k, cx, cy)
			minX, maxX = min(minX, quad[i].x), max(maxX, quad[i].x)
			minY, maxY = min(minY, quad[i].y), max(maxY, quad[i].y)
		}
		if maxX-minX <= float64(s.w-4) && maxY-minY <= float64(s.h-4) {
			p.centreX = 2 - minX + rng.Float64()*(float64(s.w-4)-(maxX-minX))
			p.centreY = 2 - minY + rng.Float64()*(float64(s.h-4)-(maxY-minY))
			break
		}
		k *= 0.92
		p.side *= 0.92
	}
	for i := range quad {
		quad[i].x += p.centreX
		quad[i].y += p.centreY
	}
	dst := [4]pt{p.project(0, 0, k, cx, cy), p.project(float64(t.w), 0, k, cx, cy),
		p.project(float64(t.w), float64(t.h), k, cx, cy), p.project(0, float64(t.h), k, cx, cy)}
	s.warp(t, dst)
	return quad, p
}

// warp draws t into the scene so that its corners land on dst (clockwise
// from top left), through the perspective transform they define, with
// bilinear sampling and 2×2 supersampling (which also anti-aliases the
// object's edges).
func (s *scene) warp(t *texture, dst [4]pt) {
	h := squareToQuad(dst)
	inv := adjugate(h)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range dst {
		minX, maxX = min(minX, c.x), max(maxX, c.x)
		minY, maxY = min(minY, c.y), max(maxY, c.y)
	}
	x0, y0 := max(int(minX)-1, 0), max(int(minY)-1, 0)
	x1, y1 := min(int(maxX)+2, s.w), min(int(maxY)+2, s.h)
	tw, th := float64(t.w), float64(t.h)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			var sum float32
			n := 0
			for _, sub := range [4]pt{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
				px, py := float64(x)+sub.x, float64(y)+sub.y
				d := inv[6]*px + inv[7]*py + inv[8]
				u := (inv[0]*px + inv[1]*py + inv[2]) / d * tw
				v := (inv[3]*px + inv[4]*py + inv[5]) / d * th
				if d == 0 || u < 0 || v < 0 || u >= tw || v >= th {
					continue
				}
				sum += t.bilinear(u, v)
				n++
			}
			if n == 0 {
				continue
			}
			i := y*s.w + x
			s.y[i] = (sum + float32(4-n)*s.y[i]) / 4
			if n >= 2 {
				s.chroma(x, y, 128, 128)
			}
		}
	}
}

func (t *texture) bilinear(u, v float64) float32 {
	fx, fy := u-0.5, v-0.5
	x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
	ax, ay := float32(fx-float64(x0)), float32(fy-float64(y0))
	x1, y1 := min(max(x0+1, 0), t.w-1), min(max(y0+1, 0), t.h-1)
	x0, y0 = min(max(x0, 0), t.w-1), min(max(y0, 0), t.h-1)
	a, b := t.y[y0*t.w+x0], t.y[y0*t.w+x1]
	c, d := t.y[y1*t.w+x0], t.y[y1*t.w+x1]
	return (a*(1-ax)+b*ax)*(1-ay) + (c*(1-ax)+d*ax)*ay
}

// squareToQuad is the projective map of the unit square onto q (Heckbert),
// as a row-major 3×3 matrix.
func squareToQuad(q [4]pt) [9]float64 {
	x0, y0, x1, y1, x2, y2, x3, y3 := q[0].x, q[0].y, q[1].x, q[1].y, q[2].x, q[2].y, q[3].x, q[3].y
	dx3, dy3 := x0-x1+x2-x3, y0-y1+y2-y3
	if dx3 == 0 && dy3 == 0 {
		return [9]float64{x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0, 1}
	}
	dx1, dx2, dy1, dy2 := x1-x2, x3-x2, y1-y2, y3-y2
	den := dx1*dy2 - dx2*dy1
	g := (dx3*dy2 - dx2*dy3) / den
	h := (dx1*dy3 - dx3*dy1) / den
	return [9]float64{x1 - x0 + g*x1, x3 - x0 + h*x3, x0, y1 - y0 + g*y1, y3 - y0 + h*y3, y0, g, h, 1}
}

// adjugate inverts a projective map (up to a scale, which does not matter).
func adjugate(m [9]float64) [9]float64 {
	a, b, c, d, e, f, g, h, i := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	return [9]float64{e*i - f*h, c*h - b*i, b*f - c*e, f*g - d*i, a*i - c*g, c*d - a*f, d*h - e*g, b*g - a*h, a*e - b*d}
}

// bounds is the box around quad, grown by r and clipped to the scene.
func (s *scene) bounds(quad [4]pt, r float64) image.Rectangle {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range quad {
		minX, maxX = min(minX, c.x), max(maxX, c.x)
		minY, maxY = min(minY, c.y), max(maxY, c.y)
	}
	return image.Rect(int(minX-r), int(minY-r), int(maxX+r)+1, int(maxY+r)+1).Intersect(image.Rect(0, 0, s.w, s.h))
}

func lerpQuad(q [4]pt, u, v float64) pt {
	top := pt{q[0].x + (q[1].x-q[0].x)*u, q[0].y + (q[1].y-q[0].y)*u}
	bot := pt{q[3].x + (q[2].x-q[3].x)*u, q[3].y + (q[2].y-q[3].y)*u}
	return pt{top.x + (bot.x-top.x)*v, top.y + (bot.y-top.y)*v}
}
