//go:build linux && cgo

package sound

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>

static void accueil_alsa_quiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {
	(void)file; (void)line; (void)function; (void)err; (void)fmt;
}

static void accueil_alsa_set_quiet(int quiet) {
	snd_lib_error_set_handler(quiet ? accueil_alsa_quiet : NULL);
}
*/
import "C"

// quietALSA silences (true) or restores (false) the messages that the ALSA
// library prints on stderr, such as "ALSA lib confmisc.c:855:(parse_card)
// cannot find card '0'" when there is no sound card. The error itself still
// reaches us through oto's Context.Err.
func quietALSA(quiet bool) {
	q := C.int(0)
	if quiet {
		q = 1
	}
	C.accueil_alsa_set_quiet(q)
}
