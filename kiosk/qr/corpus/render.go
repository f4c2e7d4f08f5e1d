package corpus

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"

	"github.com/accueil/accueil/kiosk/qr"
)

// A scene is a frame being drawn: luminance in floats (so that blur, gain
// and glare do not round at every step) and 4:2:0 chroma, as a webcam's
// JPEG or YUV frame has it.
type scene struct {
	w, h   int
	y      []float32
	cb, cr []byte // (w+1)/2 × (h+1)/2
}

func newScene(w, h int) *scene {
	cw, ch := (w+1)/2, (h+1)/2
	s := &scene{w: w, h: h, y: make([]float32, w*h), cb: make([]byte, cw*ch), cr: make([]byte, cw*ch)}
	for i := range s.cb {
		s.cb[i], s.cr[i] = 128, 128
	}
	return s
}

// image rounds the scene into a YCbCr frame.
func (s *scene) image() *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, s.w, s.h), image.YCbCrSubsampleRatio420)
	for i, v := range s.y {
		img.Y[i] = clamp8(v)
	}
	copy(img.Cb, s.cb)
	copy(img.Cr, s.cr)
	return img
}

func clamp8(v float32) byte {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return byte(v + 0.5)
}

func (s *scene) chroma(x, y int, cb, cr byte) {
	i := (y/2)*((s.w+1)/2) + x/2
	s.cb[i], s.cr[i] = cb, cr
}

// rect fills a clipped rectangle with a level and a colour.
func (s *scene) rect(x0, y0, x1, y1 int, v float32, cb, cr byte) {
	x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, s.w), min(y1, s.h)
	if x0 >= x1 {
		return
	}
	for y := y0; y < y1; y++ {
		row := s.y[y*s.w+x0 : y*s.w+x1]
		for i := range row {
			row[i] = v
		}
		for x := x0; x < x1; x += 2 {
			s.chroma(x, y, cb, cr)
		}
	}
}

// clutter draws what a kiosk camera sees behind a badge: a wall's
// gradient, posters, furniture, printed text, stripes.
func (s *scene) clutter(rng *rand.Rand) {
	top, bottom := 60+rng.Float32()*140, 60+rng.Float32()*140
	for y := range s.h {
		v := top + (bottom-top)*float32(y)/float32(s.h)
		row := s.y[y*s.w : (y+1)*s.w]
		for i := range row {
			row[i] = v
		}
	}
	n := 20 + rng.IntN(30)
	for range n {
		rw, rh := 10+rng.IntN(s.w/4), 10+rng.IntN(s.h/3)
		x0, y0 := rng.IntN(s.w)-rw/2, rng.IntN(s.h)-rh/2
		s.rect(x0, y0, x0+rw, y0+rh, rng.Float32()*255, byte(64+rng.IntN(128)), byte(64+rng.IntN(128)))
	}
	for range 4 + rng.IntN(6) {
		x0, y0 := rng.IntN(s.w), rng.IntN(s.h)
		gh := 6 + rng.IntN(14)
		lum := float32(rng.IntN(2)) * 230
		for line := range 1 + rng.IntN(5) {
			s.text(rng, x0, y0+line*gh*3/2, 40+rng.IntN(260), gh, lum)
		}
	}
	if rng.IntN(3) == 0 { // a striped shirt or blind
		x0, y0 := rng.IntN(s.w), rng.IntN(s.h)
		p := 3 + rng.IntN(10)
		for y := y0; y < min(y0+100+rng.IntN(200), s.h); y++ {
			for x := x0; x < min(x0+150, s.w); x++ {
				if (x/p+y/p)%2 == 0 {
					s.y[y*s.w+x] = 30
				} else {
					s.y[y*s.w+x] = 200
				}
			}
		}
	}
}

// text draws a line of glyph-like blocks: what printed words look like to a
// QR detector.
func (s *scene) text(rng *rand.Rand, x0, y0, width, gh int, v float32) {
	for x := x0; x < x0+width; {
		word := 2 + rng.IntN(7)
		for range word {
			gw := gh/3 + rng.IntN(gh/2+1)
			s.rect(x, y0+rng.IntN(gh/4+1), x+gw, y0+gh, v, 128, 128)
			x += gw + 1 + gh/8
		}
		x += gh / 2
	}
}

// A texture is a flat object (badge, phone) before it is placed in the
// scene: luminance only, the object being neutral in colour.
type texture struct {
	w, h int
	y    []float32
	// the QR symbol with its quiet zone, in texels
	qx, qy, qside float64
}

func newTexture(w, h int, v float32) *texture {
	t := &texture{w: w, h: h, y: make([]float32, w*h)}
	for i := range t.y {
		t.y[i] = v
	}
	return t
}

func (t *texture) rect(x0, y0, x1, y1 int, v float32) {
	x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, t.w), min(y1, t.h)
	if x0 >= x1 {
		return
	}
	for y := y0; y < y1; y++ {
		row := t.y[y*t.w+x0 : y*t.w+x1]
		for i := range row {
			row[i] = v
		}
	}
}

func (t *texture) text(rng *rand.Rand, x0, y0, width, gh int, v float32) {
	for x := x0; x < x0+width; {
		for range 2 + rng.IntN(6) {
			gw := gh/3 + rng.IntN(gh/2+1)
			if x+gw > x0+width {
				return
			}
			t.rect(x, y0+rng.IntN(gh/4+1), x+gw, y0+gh, v)
			x += gw + 1 + gh/8
		}
		x += gh / 2
	}
}

// paste draws a gray code image at (x0, y0) with its two levels mapped to
// dark and light.
func (t *texture) paste(code *image.Gray, x0, y0 int, dark, light float32) {
	b := code.Bounds()
	for y := range b.Dy() {
		for x := range b.Dx() {
			v := light
			if code.Pix[y*code.Stride+x] < 128 {
				v = dark
			}
			if xx, yy := x0+x, y0+y; xx >= 0 && yy >= 0 && xx < t.w && yy < t.h {
				t.y[yy*t.w+xx] = v
			}
		}
	}
}

// style is how a code is shown.
type style struct {
	phone    bool // on a phone screen, else a printed card
	inverted bool // light modules on a dark ground
}

// badge draws a printed badge (white card, event band, name) or a phone
// screen (dark bezel, bright screen) around code, whose modules are m
// texels wide.
func badge(rng *rand.Rand, code *image.Gray, m int, st style) *texture {
	cs := code.Bounds().Dx() // with its quiet zone
	dark, light := float32(20+rng.IntN(30)), float32(215+rng.IntN(35))
	if st.phone {
		dark, light = float32(5+rng.IntN(20)), float32(225+rng.IntN(30))
	}
	ground := light
	if st.inverted {
		dark, light = light-float32(rng.IntN(30)), dark+float32(rng.IntN(15))
		ground = light
	}
	if st.phone {
		pad := m * (1 + rng.IntN(3))
		sw := cs + 2*pad
		sh := sw * (17 + rng.IntN(4)) / 10
		bezel := max(sw/14, 3)
		t := newTexture(sw+2*bezel, sh+2*bezel, float32(8+rng.IntN(20)))
		t.rect(bezel, bezel, bezel+sw, bezel+sh, ground)
		qy := bezel + sh/5 + rng.IntN(sh/5)
		t.paste(code, bezel+pad, qy, dark, light)
		// status bar and a few lines of ticket text
		gh := max(sw/30, 2)
		t.text(rng, bezel+gh, bezel+gh, sw/3, gh, dark)
		t.text(rng, bezel+pad, qy+cs+gh*2, sw*2/3, gh*2, dark)
		t.text(rng, bezel+pad, qy+cs+gh*6, sw/2, gh*2, dark)
		t.qx, t.qy, t.qside = float64(bezel+pad), float64(qy), float64(cs)
		return t
	}
	padX := m * rng.IntN(4)
	band := cs * (25 + rng.IntN(20)) / 100
	names := cs * (30 + rng.IntN(20)) / 100
	cw := cs + 2*padX
	t := newTexture(cw, band+cs+names, ground)
	bandLum := float32(50 + rng.IntN(110))
	t.rect(0, 0, cw, band, bandLum)
	gh := max(band/4, 2)
	t.text(rng, cw/8, band/3, cw*3/4, gh, 240-bandLum/2)
	t.paste(code, padX, band, dark, light)
	nh := max(names/5, 2)
	t.text(rng, cw/6, band+cs+nh/2, cw*2/3, nh, dark)
	t.text(rng, cw/4, band+cs+nh*2+nh/2, cw/2, nh*2/3, dark)
	t.qx, t.qy, t.qside = float64(padX), float64(band), float64(cs)
	return t
}

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

// motionBlur averages n+1 samples along a line of length n pixels at angle
// a, inside box: the badge moved during the exposure, the room did not.
func (s *scene) motionBlur(box image.Rectangle, n int, a float64) {
	src := s.crop(box)
	bw, bh := box.Dx(), box.Dy()
	dy, dx := math.Sincos(a)
	for y := range bh {
		for x := range bw {
			var sum float32
			for j := 0; j <= n; j++ {
				t := float64(j) - float64(n)/2
				sum += src.bilinear(float64(x)+0.5+t*dx, float64(y)+0.5+t*dy)
			}
			s.y[(box.Min.Y+y)*s.w+box.Min.X+x] = sum / float32(n+1)
		}
	}
}

func (s *scene) crop(box image.Rectangle) *texture {
	t := &texture{w: box.Dx(), h: box.Dy(), y: make([]float32, box.Dx()*box.Dy())}
	for y := range t.h {
		copy(t.y[y*t.w:(y+1)*t.w], s.y[(box.Min.Y+y)*s.w+box.Min.X:])
	}
	return t
}

// defocus approximates a lens blur by three box blurs of radius r each
// way (close to a Gaussian of σ = √(r(r+1))), inside box.
func (s *scene) defocus(box image.Rectangle, r int) {
	bw, bh := box.Dx(), box.Dy()
	line := make([]float32, max(bw, bh))
	out := make([]float32, max(bw, bh))
	blur := func(n int, get func(int) float32, set func(int, float32)) {
		for i := range n {
			line[i] = get(i)
		}
		for range 3 {
			var sum float32
			at := func(i int) float32 { return line[min(max(i, 0), n-1)] }
			for i := -r; i <= r; i++ {
				sum += at(i)
			}
			for i := range n {
				out[i] = sum / float32(2*r+1)
				sum += at(i+r+1) - at(i-r)
			}
			copy(line, out[:n])
		}
		for i := range n {
			set(i, line[i])
		}
	}
	for y := box.Min.Y; y < box.Max.Y; y++ {
		row := s.y[y*s.w+box.Min.X:]
		blur(bw, func(i int) float32 { return row[i] }, func(i int, v float32) { row[i] = v })
	}
	for x := box.Min.X; x < box.Max.X; x++ {
		blur(bh, func(i int) float32 { return s.y[(box.Min.Y+i)*s.w+x] },
			func(i int, v float32) { s.y[(box.Min.Y+i)*s.w+x] = v })
	}
}

// glare adds a lamp's reflection: a bright elliptical spot of peak a, which
// saturates the sensor at its centre.
func (s *scene) glare(c pt, sx, sy, angle float64, a float32) {
	box := image.Rect(int(c.x-3*max(sx, sy)), int(c.y-3*max(sx, sy)), int(c.x+3*max(sx, sy))+1, int(c.y+3*max(sx, sy))+1).Intersect(image.Rect(0, 0, s.w, s.h))
	sin, cos := math.Sincos(angle)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			dx, dy := float64(x)-c.x, float64(y)-c.y
			u, v := (dx*cos+dy*sin)/sx, (-dx*sin+dy*cos)/sy
			s.y[y*s.w+x] += a * float32(math.Exp(-(u*u+v*v)/2))
		}
	}
}

// thumb draws a finger over an edge of the code, pointing inwards along
// dir, its tip at tip: an ellipse in skin tones with soft edges.
func (s *scene) thumb(tip pt, dir float64, length, width float64, lum float32) {
	cx, cy := tip.x-math.Cos(dir)*length, tip.y-math.Sin(dir)*length
	box := s.bounds([4]pt{{cx - length, cy - length}, {cx + length, cy + length}, {cx, cy}, {cx, cy}}, 2)
	sin, cos := math.Sincos(dir)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			u, v := (dx*cos+dy*sin)/length, (-dx*sin+dy*cos)/width
			r := math.Sqrt(u*u + v*v)
			if r >= 1 {
				continue
			}
			shade := lum * float32(1-0.25*r*r)
			edge := float32(min(1, (1-r)*length/2)) // a soft, 2-pixel edge
			i := y*s.w + x
			s.y[i] = s.y[i]*(1-edge) + shade*edge
			s.chroma(x, y, 110, 155)
		}
	}
}

// light applies exposure: gain, then a contrast around mid (haze, faded
// ink), then sensor noise of standard deviation sigma.
func (s *scene) light(rng *rand.Rand, gain, contrast, mid, sigma float32) {
	for i, v := range s.y {
		v = min(v, 255) * gain
		v = mid + (v-mid)*contrast
		if sigma > 0 {
			v += float32(rng.NormFloat64()) * sigma
		}
		s.y[i] = v
	}
	if contrast < 1 || gain < 1 {
		// colour fades with light and contrast too
		k := min(contrast, gain)
		for i := range s.cb {
			s.cb[i] = byte(128 + (float32(s.cb[i])-128)*k)
			s.cr[i] = byte(128 + (float32(s.cr[i])-128)*k)
		}
	}
}

// fakeCode is a QR-like pattern that is no QR code: three finder patterns
// around random modules, as on some logos and decorations. Decoders find
// its finders and must still report nothing.
func fakeCode(rng *rand.Rand, modules, m int) *image.Gray {
	size := (modules + 2*qr.QuietZone) * m
	img := image.NewGray(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	dark := func(mx, my int) {
		for y := range m {
			for x := range m {
				img.Pix[((my+qr.QuietZone)*m+y)*img.Stride+(mx+qr.QuietZone)*m+x] = 0
			}
		}
	}
	finder := func(ox, oy int) bool {
		return ox >= 0 && ox < 7 && oy >= 0 && oy < 7
	}
	for my := range modules {
		for mx := range modules {
			for _, o := range [][2]int{{0, 0}, {modules - 7, 0}, {0, modules - 7}} {
				ox, oy := mx-o[0], my-o[1]
				if finder(ox, oy) {
					ring := max(abs(ox-3), abs(oy-3))
					if ring != 2 {
						dark(mx, my)
					}
					goto next
				}
			}
			if rng.IntN(2) == 0 {
				dark(mx, my)
			}
		next:
		}
	}
	return img
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// barcode renders a 1-D barcode, Code 128 or EAN-13, bars m texels a
// module, with gozxing's writers.
func barcode(rng *rand.Rand, m int) (*image.Gray, error) {
	var row []bool
	var err error
	var bm *gozxing.BitMatrix
	if rng.IntN(2) == 0 {
		digits := make([]byte, 12)
		for i := range digits {
			digits[i] = byte('0' + rng.IntN(10))
		}
		bm, err = oned.NewEAN13Writer().Encode(string(digits), gozxing.BarcodeFormat_EAN_13, 0, 1, nil)
	} else {
		bm, err = oned.NewCode128Writer().Encode(fmt.Sprintf("FAIC-%06d", rng.IntN(1000000)), gozxing.BarcodeFormat_CODE_128, 0, 1, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("1-D barcode: %w", err)
	}
	for x := range bm.GetWidth() {
		row = append(row, bm.Get(x, 0))
	}
	w := len(row) * m
	h := max(w*(25+rng.IntN(30))/100, 8)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if !row[x/m] {
				img.Pix[y*img.Stride+x] = 255
			}
		}
	}
	return img, nil
}

// render draws one frame of class c holding payload (none when empty).
func render(rng *rand.Rand, c string, w, h int, payload string) (image.Image, error) {
	s := newScene(w, h)
	s.clutter(rng)

	p := pose{
		side:  logUniform(rng, 100, 330),
		theta: rng.NormFloat64() * 8 * math.Pi / 180,
		tiltX: (rng.Float64()*2 - 1) * 12 * math.Pi / 180,
		tiltY: (rng.Float64()*2 - 1) * 12 * math.Pi / 180,
		focal: float64(w) * 1.2,
	}
	st := style{phone: rng.IntN(4) == 0}
	gain, contrast, mid, sigma := float32(1), float32(1), float32(128), float32(2.5)

	switch c {
	case Plain:
		st.phone = false
	case Scale:
		p.side = logUniform(rng, 80, 400)
	case Rotation:
		p.theta = rng.Float64() * 2 * math.Pi
		if rng.IntN(4) == 0 {
			p.theta = math.Pi + rng.NormFloat64()*0.05 // upside down
		}
	case Perspective:
		a, tilt := rng.Float64()*2*math.Pi, (30+rng.Float64()*28)*math.Pi/180
		p.tiltX, p.tiltY = tilt*math.Cos(a), tilt*math.Sin(a)
		p.focal = p.side * (1.8 + rng.Float64()*2)
	case LowLight:
		gain, sigma = 0.1+rng.Float32()*0.15, 3+rng.Float32()*3
	case LowContrast:
		contrast, mid = 0.14+rng.Float32()*0.16, 90+rng.Float32()*90
	case Noise:
		sigma = 10 + rng.Float32()*22
	case Phone:
		st.phone = true
	case Inverted:
		st.inverted = true
		st.phone = rng.IntN(3) != 0
	}

	var quad [4]pt
	switch {
	case payload != "":
		modules := 0
		if v, err := qr.Version(payload); err != nil {
			return nil, err
		} else {
			modules = 17 + 4*v
		}
		m := texelsPerModule(p.side / float64(modules))
		code, err := qr.Encode(payload, m)
		if err != nil {
			return nil, err
		}
		quad, p = place(rng, s, badge(rng, code, m, st), modules, p)
	case c == NoCode:
		switch rng.IntN(4) {
		case 0: // a blank badge: a card with a name, no code
			m := texelsPerModule(p.side / 41)
			blank := image.NewGray(image.Rect(0, 0, 49*m, 49*m))
			for i := range blank.Pix {
				blank.Pix[i] = 255
			}
			quad, p = place(rng, s, badge(rng, blank, m, st), 41, p)
		case 1, 2: // a decoration with finder patterns and random modules
			modules := 25 + 4*rng.IntN(5)
			m := texelsPerModule(p.side / float64(modules))
			quad, p = place(rng, s, badge(rng, fakeCode(rng, modules, m), m, st), modules, p)
		default: // the room alone
		}
	case c == Barcode:
		m := 1 + rng.IntN(3)
		bc, err := barcode(rng, m)
		if err != nil {
			return nil, err
		}
		t := newTexture(bc.Bounds().Dx()+20*m, bc.Bounds().Dy()*2+20*m, float32(215+rng.IntN(35)))
		t.paste(bc, 10*m, 10*m, 20, t.y[0])
		t.text(rng, 10*m, bc.Bounds().Dy()+14*m, bc.Bounds().Dx(), max(bc.Bounds().Dy()/4, 3), 20)
		t.qx, t.qy, t.qside = 0, 0, float64(t.w)
		p.side = float64(w) * (0.2 + rng.Float64()*0.4)
		place(rng, s, t, 0, p)
	}

	switch c {
	case Motion:
		n := 4 + rng.IntN(10)
		s.motionBlur(s.bounds(quad, float64(n)+2), n, rng.Float64()*math.Pi)
	case Defocus:
		r := 1 + rng.IntN(2)
		s.defocus(s.bounds(quad, float64(6*r)), r)
	case Glare:
		at := lerpQuad(quad, 0.2+rng.Float64()*0.6, 0.2+rng.Float64()*0.6)
		side := math.Hypot(quad[1].x-quad[0].x, quad[1].y-quad[0].y)
		sx := side * (0.08 + rng.Float64()*0.12)
		s.glare(at, sx, sx*(0.35+rng.Float64()*0.65), rng.Float64()*math.Pi, 150+rng.Float32()*200)
	case Occlusion:
		side := math.Hypot(quad[1].x-quad[0].x, quad[1].y-quad[0].y) * float64(41) / 49
		e := rng.IntN(4)
		a, b := quad[e], quad[(e+1)%4]
		t := 0.3 + rng.Float64()*0.5
		edge := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
		centre := lerpQuad(quad, 0.5, 0.5)
		dir := math.Atan2(centre.y-edge.y, centre.x-edge.x)
		depth := side * (0.18 + rng.Float64()*0.12) // how far past the quiet zone
		qz := side * 4 / 41
		tip := pt{edge.x + math.Cos(dir)*(qz+depth), edge.y + math.Sin(dir)*(qz+depth)}
		s.thumb(tip, dir, side*0.6, side*(0.13+rng.Float64()*0.05), 140+rng.Float32()*50)
	}
	s.light(rng, gain, contrast, mid, sigma)
	return s.image(), nil
}

// texelsPerModule draws modules a little finer than the texture is
// magnified, so that warping mostly shrinks (which the supersampling
// handles) rather than enlarging blocky texels.
func texelsPerModule(px float64) int {
	return min(max(int(math.Ceil(px*1.3)), 2), 16)
}

func lerpQuad(q [4]pt, u, v float64) pt {
	top := pt{q[0].x + (q[1].x-q[0].x)*u, q[0].y + (q[1].y-q[0].y)*u}
	bot := pt{q[3].x + (q[2].x-q[3].x)*u, q[3].y + (q[2].y-q[3].y)*u}
	return pt{top.x + (bot.x-top.x)*v, top.y + (bot.y-top.y)*v}
}

func logUniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(rng.Float64()*math.Log(hi/lo))
}
