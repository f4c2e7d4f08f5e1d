package kiosk

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// A badge token is "AC1:" followed by the unpadded base32 of
//
//	key id (1 byte) | len(event) event | len(attendee) attendee | uvarint issue | Ed25519 signature (64 bytes)
//
// Base32's alphabet is inside the QR alphanumeric set, so the whole token
// encodes at 5.5 bits a character and fits a version-7 code at level M; it
// is also plain ASCII, which every keyboard-wedge scanner types faithfully.
const TokenPrefix = "AC1:"

// TokenMaxBytes bounds a token's text: 178 characters is what a version-7
// QR code holds in alphanumeric mode at error-correction level M.
const TokenMaxBytes = 178

const signatureContext = "accueil badge v1\x00"

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Token is the signed content of a badge.
type Token struct {
	Event      string
	AttendeeID string
	// Issue numbers the badges printed for one attendee, so that a lost
	// badge can be revoked without revoking its reprint.
	Issue int
}

// PrivateKey signs badges; only the hub holds it.
type PrivateKey struct{ key ed25519.PrivateKey }

// PublicKey verifies badges; every kiosk holds the event's public keys.
type PublicKey struct{ key ed25519.PublicKey }

// GenerateKey makes a new signing key pair.
func GenerateKey() (PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("generate badge key: %w", err)
	}
	return PrivateKey{priv}, nil
}

// Public returns the key that verifies this key's signatures.
func (k PrivateKey) Public() PublicKey { return PublicKey{k.key.Public().(ed25519.PublicKey)} }

// String encodes the key for a file or a setting.
func (k PrivateKey) String() string {
	return "ed25519-private:" + base64.StdEncoding.EncodeToString(k.key.Seed())
}

// String encodes the key for a file, a setting or the wire.
func (k PublicKey) String() string {
	return "ed25519:" + base64.StdEncoding.EncodeToString(k.key)
}

// ID is the one-byte hint a token carries to pick its key among several.
func (k PublicKey) ID() byte {
	sum := sha256.Sum256(k.key)
	return sum[0]
}

// ParsePrivateKey reads what PrivateKey.String wrote.
func ParsePrivateKey(s string) (PrivateKey, error) {
	seed, err := decodeKey(s, "ed25519-private:", ed25519.SeedSize)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("parse private key: %w", err)
	}
	return PrivateKey{ed25519.NewKeyFromSeed(seed)}, nil
}

// ParsePublicKey reads what PublicKey.String wrote.
func ParsePublicKey(s string) (PublicKey, error) {
	b, err := decodeKey(s, "ed25519:", ed25519.PublicKeySize)
	if err != nil {
		return PublicKey{}, fmt.Errorf("parse public key: %w", err)
	}
	return PublicKey{ed25519.PublicKey(b)}, nil
}

func decodeKey(s, prefix string, size int) ([]byte, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), prefix)
	if !ok {
		return nil, fmt.Errorf("missing %q prefix", prefix)
	}
	b, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return nil, err
	}
	if len(b) != size {
		return nil, fmt.Errorf("key is %d bytes, want %d", len(b), size)
	}
	return b, nil
}

// ErrTokenTooLong is returned when event and attendee ids together are too
// long for a badge QR code.
var ErrTokenTooLong = errors.New("event and attendee ids too long for a badge QR code")

// Sign makes the token text printed in a badge's QR code.
func (k PrivateKey) Sign(t Token) (string, error) {
	if t.Event == "" || t.AttendeeID == "" {
		return "", fmt.Errorf("sign badge: empty event or attendee id")
	}
	if len(t.Event) > 255 || len(t.AttendeeID) > 255 || t.Issue < 0 {
		return "", fmt.Errorf("sign badge for %q: %w", t.AttendeeID, ErrTokenTooLong)
	}
	body := make([]byte, 0, 96)
	body = append(body, k.Public().ID(), byte(len(t.Event)))
	body = append(body, t.Event...)
	body = append(body, byte(len(t.AttendeeID)))
	body = append(body, t.AttendeeID...)
	body = binary.AppendUvarint(body, uint64(t.Issue))
	body = append(body, ed25519.Sign(k.key, signedBytes(body))...)
	text := TokenPrefix + tokenEncoding.EncodeToString(body)
	if len(text) > TokenMaxBytes {
		return "", fmt.Errorf("sign badge for %q: %w (%d characters, at most %d)", t.AttendeeID, ErrTokenTooLong, len(text), TokenMaxBytes)
	}
	return text, nil
}

func signedBytes(body []byte) []byte {
	return append([]byte(signatureContext), body...)
}

// rawToken is a token's fields before its signature is checked.
type rawToken struct {
	Token
	keyID     byte
	body      []byte // everything the signature covers
	signature []byte
}

var errMalformedToken = errors.New("malformed badge token")

func parseToken(text string) (rawToken, error) {
	rest, ok := strings.CutPrefix(text, TokenPrefix)
	if !ok {
		return rawToken{}, errMalformedToken
	}
	b, err := tokenEncoding.DecodeString(rest)
	if err != nil {
		return rawToken{}, fmt.Errorf("%w: %v", errMalformedToken, err)
	}
	if tokenEncoding.EncodeToString(b) != rest {
		// Unused trailing bits would let two texts carry one badge.
		return rawToken{}, fmt.Errorf("%w: not canonical base32", errMalformedToken)
	}
	if len(b) < 1+1+1+1+ed25519.SignatureSize {
		return rawToken{}, fmt.Errorf("%w: %d bytes is too short", errMalformedToken, len(b))
	}
	signed, sig := b[:len(b)-ed25519.SignatureSize], b[len(b)-ed25519.SignatureSize:]
	r := bytes.NewReader(signed)
	keyID, _ := r.ReadByte()
	event, err := readShortString(r)
	if err != nil {
		return rawToken{}, err
	}
	attendee, err := readShortString(r)
	if err != nil {
		return rawToken{}, err
	}
	issue, err := binary.ReadUvarint(r)
	if err != nil || issue > 1<<20 || r.Len() != 0 {
		return rawToken{}, fmt.Errorf("%w: bad issue number or trailing bytes", errMalformedToken)
	}
	if event == "" || attendee == "" {
		return rawToken{}, fmt.Errorf("%w: empty event or attendee", errMalformedToken)
	}
	return rawToken{Token: Token{Event: event, AttendeeID: attendee, Issue: int(issue)}, keyID: keyID, body: signed, signature: sig}, nil
}

func readShortString(r *bytes.Reader) (string, error) {
	n, err := r.ReadByte()
	if err != nil || int(n) > r.Len() {
		return "", fmt.Errorf("%w: truncated", errMalformedToken)
	}
	b := make([]byte, n)
	_, _ = r.Read(b)
	return string(b), nil
}
