package kiosk

import (
	"crypto/ed25519"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// MaxPayloadLength bounds a scanned payload: a badge token is under 200
// characters and outside registration codes are shorter still, so anything
// longer is scanner noise or an attack.
const MaxPayloadLength = 1024

// Badge is what a scanned payload names, before the roster is consulted.
type Badge struct {
	// AttendeeID is set for a valid signed token.
	AttendeeID string
	// Issue is the token's badge number, for revocations.
	Issue int
	// Code is set for a payload that is not a token: it may be an outside
	// registration system's code, looked up in the roster.
	Code string
}

// BadgeReader turns payloads into badges for one event, checking token
// signatures against the event's public keys.
type BadgeReader struct {
	event string
	keys  atomic.Pointer[map[byte][]PublicKey]
}

// NewBadgeReader accepts tokens of event signed by any of keys; several keys
// allow a key rotation during the event.
func NewBadgeReader(event string, keys ...PublicKey) *BadgeReader {
	br := &BadgeReader{event: event}
	br.SetKeys(keys...)
	return br
}

// SetKeys replaces the keys badges are checked against, from the next
// Read on: the hub's current keys after a rotation (`hub key rotate`),
// while scans go on.
func (br *BadgeReader) SetKeys(keys ...PublicKey) {
	m := make(map[byte][]PublicKey, len(keys))
	for _, k := range keys {
		m[k.ID()] = append(m[k.ID()], k)
	}
	br.keys.Store(&m)
}

// Event is the event whose badges this reader admits.
func (br *BadgeReader) Event() string { return br.event }

// Read classifies a payload. A refusal verdict is returned for payloads that
// can be refused without the roster; otherwise the verdict is empty and the
// badge names an attendee id or a code to look up.
func (br *BadgeReader) Read(payload string) (Badge, Verdict) {
	p := CleanPayload(payload)
	if !Readable(p) {
		return Badge{}, VerdictUnreadable
	}
	if len(p) >= len(TokenPrefix) && strings.EqualFold(p[:len(TokenPrefix)], TokenPrefix) {
		// A wedge scanner typing with Caps Lock on inverts the case; a token
		// is all upper case, so this loses nothing.
		p = strings.ToUpper(p)
	}
	if !strings.HasPrefix(p, TokenPrefix) {
		if looksLikeOtherTokenVersion(p) {
			return Badge{}, VerdictUnreadable
		}
		return Badge{Code: p}, ""
	}
	raw, err := parseToken(p)
	if err != nil {
		return Badge{}, VerdictUnreadable
	}
	keys := (*br.keys.Load())[raw.keyID]
	if len(keys) == 0 || !verifyAny(keys, raw) {
		// A key we do not know, or not ours under an ID one byte wide (one
		// event's key in 256 shares it): a badge of another event, or a
		// forgery of ours. Neither admits; the words differ.
		if raw.Event != br.event {
			return Badge{}, VerdictWrongEvent
		}
		return Badge{}, VerdictInvalidSignature
	}
	if raw.Event != br.event {
		return Badge{}, VerdictWrongEvent
	}
	return Badge{AttendeeID: raw.AttendeeID, Issue: raw.Issue}, ""
}

func verifyAny(keys []PublicKey, raw rawToken) bool {
	msg := signedBytes(raw.body)
	for _, k := range keys {
		if ed25519.Verify(k.key, msg, raw.signature) {
			return true
		}
	}
	return false
}

// looksLikeOtherTokenVersion catches "AC2:" and later, which this build
// cannot read: better "scan again / see the desk" than "unknown badge".
func looksLikeOtherTokenVersion(p string) bool {
	return len(p) > 4 && p[0] == 'A' && p[1] == 'C' && p[2] >= '0' && p[2] <= '9' && p[3] == ':'
}

// CleanPayload trims what scanners and cameras add around a code: spaces and
// line ends.
func CleanPayload(p string) string {
	return strings.TrimSpace(p)
}

// Readable reports whether a cleaned payload could be a badge at all: valid
// UTF-8, printable, not empty and not absurdly long.
func Readable(p string) bool {
	if p == "" || len(p) > MaxPayloadLength || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
