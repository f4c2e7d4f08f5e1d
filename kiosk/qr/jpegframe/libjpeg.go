//go:build cgo && !nolibjpeg

package jpegframe

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <jpeglib.h>

struct frameErr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

// quiet drops libjpeg's warnings (a webcam's truncated frame, say), which
// it would print on stderr: such a frame decodes as far as it goes.
static void quiet(j_common_ptr c) { (void)c; }

static void frameExit(j_common_ptr c) {
	struct frameErr *e = (struct frameErr *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

// OPEN_FRAME declares decompressor c, reads data's header into it and
// refuses a frame over maxpix pixels; on any libjpeg error the enclosing
// function returns -1 with msg set. A macro, because setjmp must be called
// in the function that returns: no Go or C frame may lie between them.
#define OPEN_FRAME(c, data, n, maxpix, msg, msgcap) \
	struct jpeg_decompress_struct c; \
	struct frameErr e; \
	c.err = jpeg_std_error(&e.mgr); \
	e.mgr.error_exit = frameExit; \
	e.mgr.output_message = quiet; \
	e.msg[0] = 0; \
	if (setjmp(e.jump)) { \
		snprintf(msg, msgcap, "%s", e.msg); \
		jpeg_destroy_decompress(&c); \
		return -1; \
	} \
	jpeg_create_decompress(&c); \
	jpeg_mem_src(&c, data, n); \
	jpeg_read_header(&c, TRUE); \
	if ((size_t)c.image_width * c.image_height > maxpix) { \
		snprintf(msg, msgcap, "image of %u×%u pixels is too large", c.image_width, c.image_height); \
		jpeg_destroy_decompress(&c); \
		return -1; \
	}

// greyDecode decodes a JPEG to grey into out when it holds cap bytes or
// more. Returns 0 on success, 1 when out is too small (w and h are set),
// -1 on an error (msg is set).
static int greyDecode(const unsigned char *data, unsigned long n, size_t maxpix, unsigned char *out, size_t cap, int *w, int *h, char *msg, size_t msgcap) {
	OPEN_FRAME(c, data, n, maxpix, msg, msgcap);
	c.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&c);
	*w = c.output_width;
	*h = c.output_height;
	if ((size_t)c.output_width * c.output_height > cap) {
		jpeg_destroy_decompress(&c);
		return 1;
	}
	while (c.output_scanline < c.output_height) {
		JSAMPROW row = out + (size_t)c.output_scanline * c.output_width;
		jpeg_read_scanlines(&c, &row, 1);
	}
	jpeg_finish_decompress(&c);
	jpeg_destroy_decompress(&c);
	return 0;
}

// planesDecode decodes a YCbCr JPEG to its three planes as stored (raw
// data: no upsampling, no colour conversion), each row stride a whole
// number of MCUs wide and each plane a whole number of iMCU rows high.
// info receives width, height, horizontal and vertical sampling of luma,
// luma stride, chroma stride, luma rows, chroma rows. Returns 0 on
// success, 1 when a plane is too small (info is set), 2 for a layout this
// does not handle (grey, CMYK, unusual sampling), -1 on an error.
static int planesDecode(const unsigned char *data, unsigned long n, size_t maxpix, unsigned char *y, size_t ycap, unsigned char *cb, unsigned char *cr, size_t ccap, int *info, char *msg, size_t msgcap) {
	OPEN_FRAME(c, data, n, maxpix, msg, msgcap);
	int hs = c.max_h_samp_factor, vs = c.max_v_samp_factor;
	if (c.num_components != 3 || c.jpeg_color_space != JCS_YCbCr ||
	    c.comp_info[0].h_samp_factor != hs || c.comp_info[0].v_samp_factor != vs ||
	    (hs != 1 && hs != 2 && hs != 4) || (vs != 1 && vs != 2) ||
	    c.comp_info[1].h_samp_factor != 1 || c.comp_info[1].v_samp_factor != 1 ||
	    c.comp_info[2].h_samp_factor != 1 || c.comp_info[2].v_samp_factor != 1) {
		jpeg_destroy_decompress(&c);
		return 2;
	}
	c.raw_data_out = TRUE;
	c.out_color_space = JCS_YCbCr;
	jpeg_start_decompress(&c);
	int mcuw = hs * DCTSIZE, imcu = vs * DCTSIZE;
	int ystride = (c.output_width + mcuw - 1) / mcuw * mcuw;
	int cstride = ystride / hs;
	int yrows = c.total_iMCU_rows * imcu;
	int crows = c.total_iMCU_rows * DCTSIZE;
	info[0] = c.output_width; info[1] = c.output_height; info[2] = hs; info[3] = vs;
	info[4] = ystride; info[5] = cstride; info[6] = yrows; info[7] = crows;
	if ((size_t)ystride * yrows > ycap || (size_t)cstride * crows > ccap) {
		jpeg_destroy_decompress(&c);
		return 1;
	}
	JSAMPROW yr[2 * DCTSIZE], cbr[DCTSIZE], crr[DCTSIZE];
	JSAMPARRAY planes[3] = {yr, cbr, crr};
	while (c.output_scanline < c.output_height) {
		size_t row = c.output_scanline, crow = row / vs;
		for (int i = 0; i < imcu; i++)
			yr[i] = y + (row + i) * ystride;
		for (int i = 0; i < DCTSIZE; i++) {
			cbr[i] = cb + (crow + i) * cstride;
			crr[i] = cr + (crow + i) * cstride;
		}
		if (jpeg_read_raw_data(&c, planes, imcu) == 0)
			break;
	}
	jpeg_abort_decompress(&c);
	jpeg_destroy_decompress(&c);
	return 0;
}
*/
import "C"

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"unsafe"
)

const backend = "libjpeg-turbo"

// greyPlane decodes data to its w×h grey plane, reusing buf's storage
// when it is big enough.
func greyPlane(data []byte, buf []byte) ([]byte, int, int, error) {
	var msg [200]C.char
	buf = buf[:cap(buf)]
	for {
		var w, h C.int
		rc := C.greyDecode(bytePtr(data), C.ulong(len(data)), maxPixels, bytePtr(buf), C.size_t(len(buf)), &w, &h, &msg[0], C.size_t(len(msg)))
		switch rc {
		case 0:
			return buf[:int(w)*int(h)], int(w), int(h), nil
		case 1:
			buf = make([]byte, int(w)*int(h))
		default:
			return nil, 0, 0, errors.New(C.GoString(&msg[0]))
		}
	}
}

// ratios maps luma's sampling factors (chroma being 1×1) to Go's names.
var ratios = map[[2]int]image.YCbCrSubsampleRatio{
	{1, 1}: image.YCbCrSubsampleRatio444,
	{2, 1}: image.YCbCrSubsampleRatio422,
	{2, 2}: image.YCbCrSubsampleRatio420,
	{1, 2}: image.YCbCrSubsampleRatio440,
	{4, 1}: image.YCbCrSubsampleRatio411,
	{4, 2}: image.YCbCrSubsampleRatio410,
}

func decodeImage(data []byte, reuse image.Image) (image.Image, error) {
	if len(data) == 0 {
		return nil, errors.New("empty file")
	}
	var y, cb, cr []byte
	if m, ok := reuse.(*image.YCbCr); ok {
		y, cb, cr = m.Y[:cap(m.Y)], m.Cb[:cap(m.Cb)], m.Cr[:cap(m.Cr)]
	}
	var msg [200]C.char
	var info [8]C.int
	for {
		ccap := min(len(cb), len(cr))
		rc := C.planesDecode(bytePtr(data), C.ulong(len(data)), maxPixels, bytePtr(y), C.size_t(len(y)),
			bytePtr(cb), bytePtr(cr), C.size_t(ccap), &info[0], &msg[0], C.size_t(len(msg)))
		switch rc {
		case 0:
			w, h, ystride, cstride := int(info[0]), int(info[1]), int(info[4]), int(info[5])
			return &image.YCbCr{
				Y: y[:ystride*int(info[6])], Cb: cb[:cstride*int(info[7])], Cr: cr[:cstride*int(info[7])],
				YStride: ystride, CStride: cstride,
				SubsampleRatio: ratios[[2]int{int(info[2]), int(info[3])}],
				Rect:           image.Rect(0, 0, w, h),
			}, nil
		case 1:
			y = make([]byte, int(info[4])*int(info[6]))
			n := int(info[5]) * int(info[7])
			cb, cr = make([]byte, n), make([]byte, n)
		case 2:
			return otherImage(data, reuse)
		default:
			return nil, errors.New(C.GoString(&msg[0]))
		}
	}
}

// otherImage decodes what planesDecode leaves: a grey JPEG, or one of
// unusual sampling, to its grey plane; what libjpeg cannot turn grey
// (CMYK, which no camera sends) with the standard library.
func otherImage(data []byte, reuse image.Image) (image.Image, error) {
	var buf []byte
	if g, ok := reuse.(*image.Gray); ok {
		buf = g.Pix
	}
	pix, w, h, err := greyPlane(data, buf)
	if err != nil {
		return jpeg.Decode(bytes.NewReader(data))
	}
	return &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}, nil
}

func bytePtr(b []byte) *C.uchar {
	if len(b) == 0 {
		return nil
	}
	return (*C.uchar)(unsafe.Pointer(&b[0]))
}
