package enroll

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
)

// ErrFingerprintMismatch is returned, wrapped, by a handshake made with
// PinnedClientConfig when the server's certificate is not the pinned one.
// Retrying cannot fix it: either the hub's certificate was replaced (enroll
// the kiosk again) or something else is answering at the hub's address.
var ErrFingerprintMismatch = errors.New("hub certificate fingerprint mismatch")

// PinnedClientConfig returns a TLS client configuration that accepts exactly
// the server certificate whose fingerprint is given, and nothing else.
//
// The hub's certificate is self-signed, so the usual checks cannot apply: no
// authority signed it, and the hub is dialled by an IP address that may
// change between events. The fingerprint, which came with the enrollment
// code, is a stronger check than both. Validity dates are not checked either:
// venue machines often have no network time, and a pinned key stays the
// right key whatever a kiosk's clock says.
//
// fingerprint may be given in upper case or with colons (as openssl prints
// it); a malformed one makes every handshake fail.
func PinnedClientConfig(fingerprint string) *tls.Config {
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(fingerprint), ":", ""))
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// Safe only because VerifyConnection below replaces the standard
		// verification with the pin; it runs on every handshake, resumed
		// sessions included.
		InsecureSkipVerify: true, //nolint:gosec // certificate pinned by fingerprint
		VerifyConnection: func(cs tls.ConnectionState) error {
			if !validFingerprint(want) {
				return fmt.Errorf("%w: pinned fingerprint %q is not %d hex digits", ErrFingerprintMismatch, fingerprint, 2*fingerprintLen)
			}
			if len(cs.PeerCertificates) == 0 {
				return fmt.Errorf("%w: server sent no certificate", ErrFingerprintMismatch)
			}
			got := Fingerprint(cs.PeerCertificates[0].Raw)
			if got != want {
				return fmt.Errorf("%w: expected %s…, server has %s…: the hub's certificate was replaced (enroll this kiosk again) or another server answers at this address", ErrFingerprintMismatch, want[:16], got[:16])
			}
			return nil
		},
	}
}
