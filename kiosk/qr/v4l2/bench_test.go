package v4l2

import (
	"context"
	"testing"

	"github.com/accueil/accueil/kiosk/qr"
)

// BenchmarkYUYV720p is a 1280×720 YUYV frame's way from the driver's
// buffer to the decoder's gray frame: the copy out of the driver buffer,
// the hand-over to Next, the de-interleave and qr.GrayFrame.
func BenchmarkYUYV720p(b *testing.B) {
	driver := yuyvFrame(1280, 720, 2*1280)
	mode := Mode{Format: YUYV, Width: 1280, Height: 720}
	l := newLatest()
	never := make(chan struct{})
	w, r := new(raw), new(raw)
	var c converter
	var gray qr.Frame
	ctx := context.Background()
	b.SetBytes(int64(len(driver)))
	b.ReportAllocs()
	for b.Loop() {
		w.data = append(w.data[:0], driver...)
		w.mode = mode
		w = l.publish(w)
		r, _ = l.take(ctx, r, never)
		img, err := c.convert(r)
		if err != nil {
			b.Fatal(err)
		}
		qr.GrayFrame(img, &gray)
	}
}

// BenchmarkYUYVConvert720p is the de-interleave alone.
func BenchmarkYUYVConvert720p(b *testing.B) {
	f := &raw{data: yuyvFrame(1280, 720, 2*1280), mode: Mode{Format: YUYV, Width: 1280, Height: 720}}
	var c converter
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.convert(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMJPEG720p decodes a 1280×720 MJPEG frame sent without Huffman
// tables, as many webcams do.
func BenchmarkMJPEG720p(b *testing.B) {
	for _, tc := range []struct {
		name  string
		strip bool
	}{{"with tables", false}, {"without tables", true}} {
		b.Run(tc.name, func(b *testing.B) {
			frame := testJPEG(b, 1280, 720)
			if tc.strip {
				frame = stripDHTb(b, frame)
			}
			f := &raw{data: frame, mode: Mode{Format: MJPEG}}
			var c converter
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.convert(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
