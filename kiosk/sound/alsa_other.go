//go:build !linux || !cgo

package sound

// quietALSA does nothing where oto does not use ALSA.
func quietALSA(bool) {}
