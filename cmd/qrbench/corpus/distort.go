package corpus

// What a camera and a venue do to a frame: motion and focus blur, glare,
// a thumb over the code, the light's gain, contrast and noise.

import (
	"image"
	"math"
	"math/rand/v2"
)

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
