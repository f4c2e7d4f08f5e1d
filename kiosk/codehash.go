package kiosk

import (
	"crypto/sha256"
	"encoding/hex"
)

// CodeHash is the form in which kiosks that must not hold outside codes
// (every kiosk but the desk) keep them: the SHA-256 of the event id, a NUL
// and the code, in lowercase hex. A scanned payload is hashed the same way
// and looked up by hash, so the kiosk admits the badge without its disk
// holding anything that could be printed on a working badge. The event id
// makes the same code hash differently at two events; the NUL cannot occur
// in either (event ids and codes are printable), so no two pairs meet.
//
// This is the one definition: the hub computes it for the roster pages it
// sends, kiosks for their own imports and for every scanned payload.
//
// A hash hides a code only as well as the code resists guessing: walk-in
// codes carry 60 random bits; a registration system's sequential codes
// could be found again by trying them all.
func CodeHash(event, code string) string {
	var buf [256]byte
	b := append(append(append(buf[:0], event...), 0), code...)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CodeHashLength is the length of a CodeHash, in hex digits.
const CodeHashLength = 2 * sha256.Size

// IsCodeHash reports whether s has the form of a CodeHash: 64 lowercase
// hex digits.
func IsCodeHash(s string) bool {
	if len(s) != CodeHashLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
