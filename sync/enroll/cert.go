package enroll

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// File names of the hub's certificate and key in its data folder.
const (
	CertFile = "hub.crt"
	KeyFile  = "hub.key"
)

// certLifetime outlives any event by far: the certificate is pinned by
// fingerprint, so renewing it would mean enrolling every kiosk again.
const certLifetime = 5 // years

// creationWait is how long LoadOrCreateCertificate waits for another process
// (`hub serve` and `hub kiosk add` started together) to finish the pair it
// began creating; generating one takes milliseconds. A variable so that
// tests of a broken pair need not wait as long.
var creationWait = 3 * time.Second

// Fingerprint is the lowercase hex SHA-256 of a certificate's DER encoding,
// the value enrollment codes carry.
func Fingerprint(certDER []byte) string {
	sum := sha256.Sum256(certDER)
	return hex.EncodeToString(sum[:])
}

// GenerateCertificate makes the hub's self-signed certificate: ECDSA P-256,
// valid from an hour before now (kiosk clocks drift; not that pinning looks
// at dates) for five years. Its names are hosts (IP addresses or DNS names,
// a port is ignored) plus localhost, 127.0.0.1 and ::1; kiosks do not check
// them, but a browser opening the dashboard shows them when asked to trust
// the certificate.
func GenerateCertificate(hosts []string, now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("hub certificate: key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, nil, fmt.Errorf("hub certificate: serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"Accueil"}, CommonName: "Accueil hub"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(certLifetime, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	seen := map[string]bool{}
	for _, h := range append([]string{"localhost", "127.0.0.1", "::1"}, hosts...) {
		h = strings.TrimSpace(h)
		if host, _, err := net.SplitHostPort(h); err == nil {
			h = host
		}
		h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		if ip, err := netip.ParseAddr(h); err == nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, net.IP(ip.WithZone("").AsSlice()))
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("hub certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("hub certificate: key: %w", err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, nil
}

// LoadOrCreateCertificate returns the hub's certificate kept in dir (hub.crt
// and hub.key, both 0600) and its fingerprint, creating the pair with
// GenerateCertificate the first time. An existing pair is never replaced,
// even when hosts changed or it cannot be read: every enrolled kiosk pins its
// fingerprint, so a new certificate would silently cut them all off. A broken
// pair is an error that says what to do instead.
func LoadOrCreateCertificate(dir string, hosts []string) (tls.Certificate, string, error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	certOK, err := exists(certPath)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	keyOK, err := exists(keyPath)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	switch {
	case certOK && keyOK:
		return loadPair(certPath, keyPath)
	case keyOK:
		// The key comes first when a pair is created: another process may
		// be writing the certificate right now.
		return waitForPair(certPath, keyPath)
	case certOK:
		return tls.Certificate{}, "", fmt.Errorf("hub certificate: %s exists but %s is missing: restore the key, or remove %s to generate a new certificate (every kiosk must then enroll again)", certPath, keyPath, certPath)
	}

	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, "", fmt.Errorf("hub certificate: %w", err)
	}
	certPEM, keyPEM, err := GenerateCertificate(hosts, time.Now())
	if err != nil {
		return tls.Certificate{}, "", err
	}
	// The key is created exclusively: whichever process creates it owns the
	// pair, and another one racing it waits for that pair instead of
	// writing a second certificate over it.
	if err := writeExclusive(keyPath, keyPEM); errors.Is(err, fs.ErrExist) {
		return waitForPair(certPath, keyPath)
	} else if err != nil {
		return tls.Certificate{}, "", err
	}
	// The certificate appears last and whole (rename), so a reader that
	// sees it also sees a complete key.
	if err := writeAtomic(certPath, certPEM); err != nil {
		return tls.Certificate{}, "", err
	}
	return loadPair(certPath, keyPath)
}

func loadPair(certPath, keyPath string) (tls.Certificate, string, error) {
	cert, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("hub certificate: %s and %s do not make a valid pair (%w): restore them from a backup, or remove both to generate a new certificate (every kiosk must then enroll again)", certPath, keyPath, err)
	}
	return cert, Fingerprint(cert.Certificate[0]), nil
}

func waitForPair(certPath, keyPath string) (tls.Certificate, string, error) {
	deadline := time.Now().Add(creationWait)
	for {
		ok, err := exists(certPath)
		if err != nil {
			return tls.Certificate{}, "", err
		}
		if ok {
			return loadPair(certPath, keyPath)
		}
		if time.Now().After(deadline) {
			return tls.Certificate{}, "", fmt.Errorf("hub certificate: %s exists but %s is missing: restore the certificate, or, if the pair was never used (a first start cut short), remove %s to generate a new one", keyPath, certPath, keyPath)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, fmt.Errorf("hub certificate: %w", err)
}

// writeExclusive creates path with data, failing with fs.ErrExist if it is
// already there.
func writeExclusive(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("hub certificate: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path) // no half key left behind to block the next start
		return fmt.Errorf("hub certificate: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("hub certificate: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("hub certificate: write %s: %w", path, err)
	}
	return nil
}

// writeAtomic writes data to a temporary file beside path, then renames it,
// so path is either absent or complete, even after a power cut.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("hub certificate: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("hub certificate: write %s: %w", path, err)
	}
	// CreateTemp makes 0600 files today; the certificate must stay private
	// to the hub's user whatever it does tomorrow.
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("hub certificate: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("hub certificate: %w", err)
	}
	return nil
}
