package qr

// Modules returns the module matrix Encode draws for payload, without the
// quiet zone: Modules(p)[y][x] is true for a dark module. It is for
// renderers that draw the code themselves, such as vector PDF badges whose
// modules must stay sharp at any printer resolution.
func Modules(payload string) ([][]bool, error) {
	code, err := encode(payload)
	if err != nil {
		return nil, err
	}
	m := code.GetMatrix()
	w, h := m.GetWidth(), m.GetHeight()
	out := make([][]bool, h)
	for y := range h {
		row := make([]bool, w)
		for x := range w {
			row[x] = m.Get(x, y) == 1
		}
		out[y] = row
	}
	return out, nil
}
