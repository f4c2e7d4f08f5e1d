//go:build libjpeg && cgo

package greyjpeg

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <jpeglib.h>

struct greyErr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void greyExit(j_common_ptr c) {
	struct greyErr *e = (struct greyErr *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

// greyDecode decodes a JPEG to grey into out when it holds cap bytes or
// more. Returns 0 on success, 1 when out is too small (w and h are set),
// -1 on an error (msg is set). setjmp and longjmp stay within this C
// function: no Go frame lies between them.
static int greyDecode(const unsigned char *data, unsigned long n, unsigned char *out, size_t cap, int *w, int *h, char *msg, size_t msgcap) {
	struct jpeg_decompress_struct c;
	struct greyErr e;
	c.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = greyExit;
	e.msg[0] = 0;
	if (setjmp(e.jump)) {
		snprintf(msg, msgcap, "%s", e.msg);
		jpeg_destroy_decompress(&c);
		return -1;
	}
	jpeg_create_decompress(&c);
	jpeg_mem_src(&c, data, n);
	jpeg_read_header(&c, TRUE);
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
*/
import "C"

import (
	"errors"
	"unsafe"
)

const backend = "libjpeg-turbo"

func decode(data []byte, buf []byte) ([]byte, int, int, error) {
	if len(data) == 0 {
		return nil, 0, 0, errors.New("empty file")
	}
	var msg [200]C.char
	buf = buf[:cap(buf)]
	for {
		var w, h C.int
		var out *C.uchar
		if len(buf) > 0 {
			out = (*C.uchar)(unsafe.Pointer(&buf[0]))
		}
		rc := C.greyDecode((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), out, C.size_t(len(buf)), &w, &h, &msg[0], C.size_t(len(msg)))
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
