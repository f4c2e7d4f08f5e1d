package qr

import (
	"encoding/binary"

	"github.com/makiuchi-d/gozxing"
)

// binarizer is gozxing's HybridBinarizer (ZXing's local threshold: the
// mean of 8×8 blocks, smoothed over 5×5 blocks) rewritten for a camera
// loop: on a 720p frame gozxing's own spends about 80 % of a decode in it,
// allocating a fresh matrix and a slice per block row every time. This one
// keeps every buffer between frames, computes the blocks' statistics once
// for both polarities (dark-on-light and light-on-dark codes), and packs a
// row's bits 32 at a time. The result is the same kind of gozxing.BitMatrix
// that gozxing's detector and decoder then read, unchanged.
type binarizer struct {
	w, h, subW, subH int
	sum              []int32 // per block: sum of its 64 pixels (estimated from 32)
	lo, hi           []uint8 // per block: darkest and lightest pixel
	black            []int32 // per block: black point
	thr              []int32 // per block: threshold (smoothed black points)
	row              *gozxing.BitArray
	words            []uint32
	rowThr           []byte   // per pixel of a row: its block's threshold
	lanes            []uint64 // stats' per-block accumulators for a block row
	matrix           *gozxing.BitMatrix
}

const (
	blockPower = 3
	block      = 1 << blockPower
	// minDynamicRange is ZXing's: a block whose pixels span less is taken
	// as uniform (no edge inside), its black point derived from neighbours.
	minDynamicRange = 24
)

// stats measures the blocks of a luminance plane. It must precede
// binarize for the same plane; it returns false when the plane is too small
// for blocks (under 5 blocks each way), where gozxing would use its global
// histogram binarizer instead.
func (b *binarizer) stats(y []byte, stride, w, h int) bool {
	if w < 5*block || h < 5*block {
		return false
	}
	if b.w != w || b.h != h || b.matrix == nil {
		b.w, b.h = w, h
		b.subW, b.subH = (w+block-1)/block, (h+block-1)/block
		n := b.subW * b.subH
		b.sum, b.black, b.thr = make([]int32, n), make([]int32, n), make([]int32, n)
		b.lo, b.hi = make([]uint8, n), make([]uint8, n)
		b.row = gozxing.NewBitArray(w)
		b.words = make([]uint32, (w+31)/32)
		b.matrix, _ = gozxing.NewBitMatrix(w, h) // w, h > 0 here
	}
	maxY, maxX := h-block, w-block
	b.lanes = growLanes(b.lanes, 3*b.subW)
	sumL, loL, hiL := b.lanes[:b.subW], b.lanes[b.subW:2*b.subW], b.lanes[2*b.subW:]
	for by := range b.subH {
		yo := min(by<<blockPower, maxY)
		clear(sumL)
		clear(hiL)
		for i := range loL {
			loL[i] = ^uint64(0)
		}
		// Every other row, a block's eight pixels at a time in a uint64
		// (SWAR): half the reads for a block mean and range that hardly
		// differ, the plane read in order, and the eight lanes folded into
		// one sum, minimum and maximum once per block rather than per row.
		for r := 0; r < block; r += 2 {
			row := y[(yo+r)*stride : (yo+r)*stride+w]
			for bx := range sumL {
				v := binary.LittleEndian.Uint64(row[min(bx<<blockPower, maxX):])
				sumL[bx] += v&0x00ff00ff00ff00ff + v>>8&0x00ff00ff00ff00ff // four 16-bit lanes
				loL[bx] = minLanes(loL[bx], v)
				hiL[bx] = maxLanes(hiL[bx], v)
			}
		}
		sums := b.sum[by*b.subW : (by+1)*b.subW]
		los := b.lo[by*b.subW : (by+1)*b.subW]
		his := b.hi[by*b.subW : (by+1)*b.subW]
		for bx, s := range sumL {
			sums[bx] = 2 * int32((s+s>>16+s>>32+s>>48)&0xffff)
			lo, hi := loL[bx], hiL[bx]
			lo = minLanes(lo, lo>>32)
			lo = minLanes(lo, lo>>16)
			hi = maxLanes(hi, hi>>32)
			hi = maxLanes(hi, hi>>16)
			los[bx] = byte(minLanes(lo, lo>>8))
			his[bx] = byte(maxLanes(hi, hi>>8))
		}
	}
	return true
}

// binarize thresholds the plane stats measured into the shared matrix:
// dark pixels set, or light ones when invert (a light-on-dark code then
// reads as an ordinary one). minRange replaces minDynamicRange: a smaller
// value finds edges in faded, hazy or dark frames. The matrix is valid
// until the next call.
func (b *binarizer) binarize(y []byte, stride int, invert bool, minRange int32) *gozxing.BitMatrix {
	subW, subH := b.subW, b.subH
	for by := range subH {
		for bx := range subW {
			i := by*subW + bx
			sum, lo, hi := b.sum[i], int32(b.lo[i]), int32(b.hi[i])
			if invert {
				sum, lo, hi = 255*block*block-sum, 255-hi, 255-lo
			}
			avg := sum >> (2 * blockPower)
			if hi-lo <= minRange {
				// A uniform block: the same shade as its neighbours if they
				// are darker than it, else light (ZXing's rule).
				avg = lo / 2
				if by > 0 && bx > 0 {
					n := (b.black[i-subW] + 2*b.black[i-1] + b.black[i-subW-1]) / 4
					if lo < n {
						avg = n
					}
				}
			}
			b.black[i] = avg
		}
	}
	for by := range subH {
		top := min(max(by, 2), subH-3)
		for bx := range subW {
			left := min(max(bx, 2), subW-3)
			var sum int32
			for z := -2; z <= 2; z++ {
				r := b.black[(top+z)*subW+left-2 : (top+z)*subW+left+3 : (top+z)*subW+left+3]
				sum += r[0] + r[1] + r[2] + r[3] + r[4]
			}
			b.thr[by*subW+bx] = sum / 25
		}
	}
	w, h := b.w, b.h
	b.rowThr = grow(b.rowThr, (w+31)/32*32)
	for yy := range h {
		by := min(yy>>blockPower, subH-1)
		if yy >= h-block {
			by = subH - 1 // the last block row is moved up to fit, as ZXing's
		}
		if yy == 0 || yy&(block-1) == 0 || yy == h-block {
			// Each pixel's threshold, for this band of rows.
			thr := b.thr[by*subW : (by+1)*subW]
			for x := range w {
				t := thr[min(x>>blockPower, subW-1)]
				if x >= w-block {
					t = thr[subW-1]
				}
				if invert {
					t = 255 - t
				}
				b.rowThr[x] = byte(t)
			}
		}
		px := y[yy*stride : yy*stride+w]
		for i := range b.words {
			x0 := i * 32
			var word uint32
			if x0+32 <= w {
				word = pack32((*[32]byte)(px[x0:]), (*[32]byte)(b.rowThr[x0:]), invert)
			} else {
				for k := range w - x0 {
					d := int32(b.rowThr[x0+k]) - int32(px[x0+k])
					if invert {
						d = -d
					}
					word |= uint32(^d) >> 31 << k
				}
			}
			b.row.SetBulk(x0, word)
		}
		b.matrix.SetRow(yy, b.row)
	}
	return b.matrix
}

// spread is the contrast of the frame stats last measured: the 95th
// percentile of the blocks' brightness minus the 5th (block means, so that
// noise does not widen it).
func (b *binarizer) spread() int {
	var hist [256]int
	for _, s := range b.sum {
		hist[s>>(2*blockPower)]++
	}
	n := len(b.sum)
	lo, hi, seen := -1, 0, 0
	for v, c := range hist {
		seen += c
		if lo < 0 && seen > n/20 {
			lo = v
		}
		if seen >= n-n/20 {
			hi = v
			break
		}
	}
	return hi - lo
}

// pack32 thresholds 32 pixels into a word, bit k for pixel k: set when
// the pixel is at most its threshold (<= as ZXing, so that black is black
// even at threshold 0), or, inverted, at least (255-v <= 255-t). It compares
// eight bytes at a time in a uint64 (SWAR): the loop it replaces, one pixel
// at a time, was a quarter of a frame's decode time.
func pack32(p, t *[32]byte, invert bool) uint32 {
	var word uint32
	for i := 0; i < 32; i += 8 {
		pv := binary.LittleEndian.Uint64(p[i:])
		tv := binary.LittleEndian.Uint64(t[i:])
		var ge uint64
		if invert {
			ge = geBytes(pv, tv)
		} else {
			ge = geBytes(tv, pv)
		}
		word |= uint32(gather(ge)) << i
	}
	return word
}

const highBits = 0x8080808080808080

// geBytes sets the high bit of each byte of the result where x's byte is
// at least y's (unsigned), and clears every other bit. The subtraction
// compares the low seven bits of each byte without a borrow crossing
// bytes (each byte of it lies in 1..255); the high bits decide when they
// differ.
func geBytes(x, y uint64) uint64 {
	d := (x | highBits) - (y &^ highBits)
	return ((x &^ y) | (^(x ^ y) & d)) & highBits
}

// gather packs the high bits of the eight bytes into a byte, byte k's bit
// becoming bit k: after the shift each byte holds 0 or 1, and the
// multiplication moves byte k's bit to bit 56+k, the partial products
// landing on distinct bits, so with no carry.
func gather(ge uint64) byte {
	return byte(((ge >> 7) * 0x0102040810204080) >> 56)
}

// minLanes and maxLanes take the byte-wise minimum and maximum of two
// words: geBytes's high bits, spread over their bytes, pick each lane.
func minLanes(a, b uint64) uint64 {
	m := (geBytes(a, b) >> 7) * 0xff
	return b&m | a&^m
}

func maxLanes(a, b uint64) uint64 {
	m := (geBytes(a, b) >> 7) * 0xff
	return a&m | b&^m
}

func growLanes(b []uint64, n int) []uint64 {
	if cap(b) < n {
		return make([]uint64, n)
	}
	return b[:n]
}
