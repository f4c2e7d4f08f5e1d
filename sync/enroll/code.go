// Package enroll holds the enrollment codes that carry everything a kiosk
// needs to join a hub safely, and the TLS certificate pinning they enable.
//
// A code is made once per kiosk by `hub kiosk add` and given to the kiosk as
// text (-enroll) or as a QR code held up to its camera. It names the hub's
// address, whether the hub speaks TLS, the SHA-256 fingerprint of the hub's
// certificate and a one-time token. The fingerprint is what makes a
// self-signed hub safe on a venue network nobody controls: the kiosk trusts
// that one certificate and nothing else, so no certificate authority, host
// name or clock is involved (see PinnedClientConfig). The token proves to the
// hub, once, that the kiosk was given the code; the hub keeps only its hash
// (HashToken) and hands back the kiosk's own revocable credential.
//
// Text form:
//
//	ACE1:<base32 of flags, len(hub), hub, [len(standby), standby], [fingerprint], token>
//
// The standby is the address of a warm standby hub (`hub standby`), which
// kiosks dial when the hub does not answer; once promoted it serves with the
// hub's own certificate, so the one fingerprint pins both.
//
// Base32 in upper case, unpadded, keeps every character in the QR
// alphanumeric set, so the QR encoder packs 5.5 bits a character instead of
// 8: a LAN code fits a version-6 QR code at level M, small enough to scan from
// a laptop screen.
package enroll

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Prefix starts every enrollment code; the digit is the format version. It
// differs from badge tokens ("AC1:") so a kiosk can tell an enrollment code
// from a badge held up to its camera.
const Prefix = "ACE1:"

// MaxHubLen is the longest hub address a code carries, in bytes: the longest
// that keeps a TLS code within a version-10 QR code at level M (311
// alphanumeric characters), which still scans reliably off a laptop screen.
const MaxHubLen = 125

// Sizes of the fixed fields of the binary form.
const (
	fingerprintLen = sha256.Size
	tokenLen       = 32
)

// flagTLS is the only flag so far; Parse refuses others, since a code using a
// flag this kiosk does not know would be misread rather than merely ignored.
const (
	flagTLS     = 1 << 0
	flagStandby = 1 << 1
	knownFlags  = flagTLS | flagStandby
)

// maxBinaryLen and maxCodeLen bound a code so that Parse refuses absurd input
// (a 10 kB paste, a scanner gone wild) before decoding any of it.
var (
	maxBinaryLen = 2 + MaxHubLen + 1 + MaxHubLen + fingerprintLen + tokenLen
	maxCodeLen   = len(Prefix) + b32.EncodedLen(maxBinaryLen)
)

var (
	b32   = base32.StdEncoding.WithPadding(base32.NoPadding)
	b64   = base64.RawURLEncoding.Strict()
	hexOK = "0123456789abcdef"
)

// Code is what `hub kiosk add` prints and a kiosk's -enroll takes.
type Code struct {
	Hub         string // host:port the kiosk dials, e.g. "192.168.1.10:8787" or "127.0.0.1:8787"
	TLS         bool   // false only for a loopback hub
	Fingerprint string // lowercase hex SHA-256 of the hub certificate's DER; required when TLS
	Token       string // the one-time secret, 32 random bytes base64url (unpadded)
	// Standby is the host:port of the warm standby hub, if there is one.
	Standby string
}

// NewToken returns a fresh one-time enrollment token: 32 random bytes, so it
// can neither be guessed nor brute-forced within the code's lifetime.
func NewToken() (string, error) {
	var b [tokenLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("enrollment token: %w", err)
	}
	return b64.EncodeToString(b[:]), nil
}

// HashToken is what the hub stores instead of a token (lowercase hex SHA-256
// of the token's text), so a copy of the hub's database does not let anyone
// enroll a kiosk. A plain hash is enough: the token is 256 random bits, there
// is no dictionary to try.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// String returns the text form of a valid code. It does not fail, so for a
// code that Validate rejects it returns a marked string that no kiosk accepts
// ("!invalid enrollment code: ..."), never a code for something else; callers
// that build codes should Validate them first.
func (c Code) String() string {
	if err := c.Validate(); err != nil {
		return "!invalid enrollment code: " + err.Error()
	}
	// Validate has checked every field, so the decoding below cannot fail.
	b := make([]byte, 0, 2+len(c.Hub)+fingerprintLen+tokenLen)
	var flags byte
	if c.TLS {
		flags |= flagTLS
	}
	if c.Standby != "" {
		flags |= flagStandby
	}
	b = append(b, flags, byte(len(c.Hub)))
	b = append(b, c.Hub...)
	if c.Standby != "" {
		b = append(b, byte(len(c.Standby)))
		b = append(b, c.Standby...)
	}
	if c.TLS {
		fp, _ := hex.DecodeString(c.Fingerprint)
		b = append(b, fp...)
	}
	tok, _ := b64.DecodeString(c.Token)
	b = append(b, tok...)
	return Prefix + b32.EncodeToString(b)
}

// Parse reads a code as a person or a scanner gives it: surrounding spaces
// are ignored and lower case is accepted, since a barcode scanner typing with
// Caps Lock on sends the letters flipped. Every failure says what is wrong.
func Parse(s string) (Code, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Code{}, errors.New("enrollment code: empty")
	}
	if len(s) > maxCodeLen {
		return Code{}, fmt.Errorf("enrollment code: too long (%d characters, at most %d): not a code from `hub kiosk add`", len(s), maxCodeLen)
	}
	s = upperASCII(s)
	if !strings.HasPrefix(s, Prefix) {
		if v, ok := otherVersion(s); ok {
			return Code{}, fmt.Errorf("enrollment code: format %s is not supported by this kiosk (it reads %s): update the kiosk or use a code from the matching hub", v, Prefix)
		}
		return Code{}, fmt.Errorf("enrollment code: does not start with %q: not a code from `hub kiosk add`", Prefix)
	}
	raw, err := b32.DecodeString(s[len(Prefix):])
	if err != nil {
		return Code{}, fmt.Errorf("enrollment code: damaged or mistyped (not valid base32): %w", err)
	}
	c, err := decode(raw)
	if err != nil {
		return Code{}, fmt.Errorf("enrollment code: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Code{}, fmt.Errorf("enrollment code: %w", err)
	}
	return c, nil
}

// decode reads the binary form; it only checks the framing, Validate checks
// the values.
func decode(b []byte) (Code, error) {
	if len(b) < 2 {
		return Code{}, errors.New("truncated: too short to hold a hub address")
	}
	flags, hubLen := b[0], int(b[1])
	if flags&^knownFlags != 0 {
		return Code{}, fmt.Errorf("unknown flags %#02x: made by a newer hub? update the kiosk", flags&^knownFlags)
	}
	b = b[2:]
	if len(b) < hubLen {
		return Code{}, fmt.Errorf("truncated: ends inside the hub address (%d of %d bytes)", len(b), hubLen)
	}
	c := Code{Hub: string(b[:hubLen]), TLS: flags&flagTLS != 0}
	b = b[hubLen:]
	if flags&flagStandby != 0 {
		if len(b) < 1 || len(b)-1 < int(b[0]) {
			return Code{}, errors.New("truncated: ends inside the standby address")
		}
		c.Standby, b = string(b[1:1+int(b[0])]), b[1+int(b[0]):]
	}
	if c.TLS {
		if len(b) < fingerprintLen {
			return Code{}, fmt.Errorf("truncated: ends inside the certificate fingerprint (%d of %d bytes)", len(b), fingerprintLen)
		}
		c.Fingerprint = hex.EncodeToString(b[:fingerprintLen])
		b = b[fingerprintLen:]
	}
	if len(b) < tokenLen {
		return Code{}, fmt.Errorf("truncated: ends inside the token (%d of %d bytes)", len(b), tokenLen)
	}
	c.Token = b64.EncodeToString(b[:tokenLen])
	if extra := len(b) - tokenLen; extra > 0 {
		return Code{}, fmt.Errorf("unexpected data after the token (%d extra bytes): damaged, or two codes run together", extra)
	}
	return c, nil
}

// ValidAddress checks a hub address as codes carry it: host:port, an IP
// address or a host name.
func ValidAddress(addr string) error { return validHub(addr) }

// Validate reports the first thing wrong with a code, or nil.
func (c Code) Validate() error {
	if err := validHub(c.Hub); err != nil {
		return fmt.Errorf("hub %q: %w", c.Hub, err)
	}
	if c.Standby != "" {
		if err := validHub(c.Standby); err != nil {
			return fmt.Errorf("standby %q: %w", c.Standby, err)
		}
		if !c.TLS && !isLoopback(c.Standby) {
			return fmt.Errorf("plain (non-TLS) standby %q is not a loopback address: a standby on the network needs TLS", c.Standby)
		}
	}
	if c.TLS {
		if c.Fingerprint == "" {
			return errors.New("TLS hub without a certificate fingerprint: the kiosk would have nothing to check the hub against")
		}
		if !validFingerprint(c.Fingerprint) {
			return fmt.Errorf("certificate fingerprint %q is not %d lowercase hex digits", c.Fingerprint, 2*fingerprintLen)
		}
	} else {
		if c.Fingerprint != "" {
			return errors.New("certificate fingerprint given for a plain (non-TLS) hub")
		}
		if !isLoopback(c.Hub) {
			// A plain connection across the venue network would hand the
			// token and every scan to anyone on the Wi-Fi.
			return fmt.Errorf("plain (non-TLS) hub %q is not a loopback address: only a hub on the same machine may skip TLS", c.Hub)
		}
	}
	tok, err := b64.DecodeString(c.Token)
	if err != nil || len(tok) != tokenLen {
		return fmt.Errorf("token is not %d bytes of unpadded base64url", tokenLen)
	}
	return nil
}

// validHub checks that hub is host:port with a port in 1–65535 and a host
// that is an IP address or a DNS name, so that a code never carries something
// the kiosk would dial by accident (a path, a space, a control character).
func validHub(hub string) error {
	if hub == "" {
		return errors.New("empty hub address")
	}
	if len(hub) > MaxHubLen {
		return fmt.Errorf("hub address is %d bytes, at most %d", len(hub), MaxHubLen)
	}
	for i := 0; i < len(hub); i++ {
		if hub[i] <= ' ' || hub[i] > '~' {
			return fmt.Errorf("character %q at byte %d not allowed in a hub address", hub[i], i)
		}
	}
	host, port, err := net.SplitHostPort(hub)
	if err != nil {
		return fmt.Errorf("not host:port: %w", err)
	}
	if host == "" {
		return errors.New("no host before the port")
	}
	if port == "" {
		return errors.New("no port after the host")
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return fmt.Errorf("port %q is not a number", port)
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %s out of range 1–65535", port)
	}
	if hub[0] == '[' {
		// Brackets are for IPv6 literals only; net.SplitHostPort would also
		// take "[name]:port", which no one means.
		if ip, err := netip.ParseAddr(host); err != nil || !ip.Is6() {
			return fmt.Errorf("%q in brackets is not an IPv6 address", host)
		}
		return nil
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	return validDNSName(host)
}

// validDNSName accepts host names as resolvers do: dot-separated labels of
// letters, digits and inner hyphens, the last one not all digits, so that a
// mistyped IPv4 address such as 192.168.1.300 is refused rather than looked up.
func validDNSName(host string) error {
	if len(host) > 253 {
		return errors.New("host name longer than 253 bytes")
	}
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return fmt.Errorf("host name %q has an empty or over-long label", host)
		}
		if l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("host name %q has a label starting or ending with '-'", host)
		}
		for i := 0; i < len(l); i++ {
			ch := l[i]
			if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '-') {
				return fmt.Errorf("host %q is neither an IP address nor a host name", host)
			}
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fmt.Errorf("host %q is not a valid IP address", host)
	}
	return nil
}

// isLoopback reports whether hub (already valid) names this machine:
// "localhost" or a loopback IP address, which traffic never leaves.
func isLoopback(hub string) bool {
	host, _, err := net.SplitHostPort(hub)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

func validFingerprint(fp string) bool {
	if len(fp) != 2*fingerprintLen {
		return false
	}
	for i := 0; i < len(fp); i++ {
		if strings.IndexByte(hexOK, fp[i]) < 0 {
			return false
		}
	}
	return true
}

// upperASCII upper-cases ASCII letters only, leaving any other byte as it is,
// so that byte offsets in base32 errors still point into what was typed.
func upperASCII(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'a' <= ch && ch <= 'z' {
			b[i] = ch - 'a' + 'A'
		}
	}
	return string(b)
}

// otherVersion recognises a code of another format version ("ACE2:...") so
// that Parse can say "update the kiosk" rather than "not a code".
func otherVersion(s string) (string, bool) {
	const stem = "ACE"
	if !strings.HasPrefix(s, stem) {
		return "", false
	}
	i := len(stem)
	for i < len(s) && i < len(stem)+4 && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i == len(stem) || i >= len(s) || s[i] != ':' {
		return "", false
	}
	return s[:i], true
}
