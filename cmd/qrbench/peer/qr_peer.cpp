// qr_peer: the peer decoders of cmd/qrbench, in one process, so that their
// time is decoding and JPEG loading only, as ours is, with no process
// start-up to subtract.
//
//   qr_peer zxing|zbar FILE...
//
// Each file is a JPEG, loaded with libjpeg(-turbo) straight to grey (what a
// camera pipeline would hand a decoder), then read by zxing-cpp
// (ReadBarcode, its default hints: try harder, rotate, downscale; QR codes
// only) or by zbar (QR codes only). One line per file: FILE, the seconds
// spent loading and decoding it, the payload (empty when none),
// tab-separated; then a last line: "total", a tab, the sum of the seconds.
// zbar first: ZXing/Error.h defines macros (FormatError...) that clash
// with zbar's exception classes.
#include <zbar.h>
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <jpeglib.h>
#include <setjmp.h>
#include <string>
#include <vector>

namespace {

struct jpegError {
	jpeg_error_mgr mgr;
	jmp_buf jump;
};

void onJPEGError(j_common_ptr c) {
	longjmp(reinterpret_cast<jpegError*>(c->err)->jump, 1);
}

// loadGrey decodes a JPEG file to 8-bit luminance.
bool loadGrey(const char* path, std::vector<unsigned char>& pix, int& w, int& h) {
	FILE* f = std::fopen(path, "rb");
	if (!f)
		return false;
	jpeg_decompress_struct c;
	jpegError err;
	c.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = onJPEGError;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&c);
		std::fclose(f);
		return false;
	}
	jpeg_create_decompress(&c);
	jpeg_stdio_src(&c, f);
	jpeg_read_header(&c, TRUE);
	c.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&c);
	w = c.output_width, h = c.output_height;
	pix.resize(size_t(w) * h);
	while (c.output_scanline < c.output_height) {
		JSAMPROW row = pix.data() + size_t(c.output_scanline) * w;
		jpeg_read_scanlines(&c, &row, 1);
	}
	jpeg_finish_decompress(&c);
	jpeg_destroy_decompress(&c);
	std::fclose(f);
	return true;
}

} // namespace

int main(int argc, char** argv) {
	if (argc < 2 || (std::strcmp(argv[1], "zxing") != 0 && std::strcmp(argv[1], "zbar") != 0)) {
		std::fprintf(stderr, "usage: qr_peer zxing|zbar FILE...\n");
		return 2;
	}
	const bool zx = std::strcmp(argv[1], "zxing") == 0;
	ZXing::DecodeHints hints;
	hints.setFormats(ZXing::BarcodeFormat::QRCode);
	zbar::ImageScanner scanner;
	scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
	scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
	// As zbarimg -Stest-inverted: light-on-dark codes are in the corpus.
	scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_TEST_INVERTED, 1);

	std::vector<unsigned char> pix;
	double total = 0;
	for (int i = 2; i < argc; i++) {
		auto t0 = std::chrono::steady_clock::now();
		int w = 0, h = 0;
		std::string text;
		if (!loadGrey(argv[i], pix, w, h)) {
			std::fprintf(stderr, "qr_peer: %s: cannot load as JPEG\n", argv[i]);
			return 1;
		}
		if (zx) {
			auto r = ZXing::ReadBarcode({pix.data(), w, h, ZXing::ImageFormat::Lum}, hints);
			if (r.isValid())
				text = r.text();
		} else {
			zbar::Image img(w, h, "Y800", pix.data(), pix.size());
			if (scanner.scan(img) > 0)
				text = img.symbol_begin()->get_data();
			img.set_data(nullptr, 0); // the buffer is pix's, not zbar's
		}
		double d = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
		total += d;
		std::printf("%s\t%.6f\t%s\n", argv[i], d, text.c_str());
	}
	std::printf("total\t%.6f\n", total);
	return 0;
}
