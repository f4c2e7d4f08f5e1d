package corpus

import (
	"image"
	"math"
	"math/rand/v2"

	"github.com/accueil/accueil/kiosk/qr"
)

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

func logUniform(rng *rand.Rand, lo, hi float64) float64 {
	return lo * math.Exp(rng.Float64()*math.Log(hi/lo))
}
