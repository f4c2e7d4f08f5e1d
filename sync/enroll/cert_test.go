package enroll_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/enroll"
)

func parseCert(t *testing.T, certPEM []byte) *x509.Certificate {
	t.Helper()
	block, rest := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 {
		t.Fatalf("certificate PEM is not exactly one CERTIFICATE block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestGenerateCertificate(t *testing.T) {
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	certPEM, keyPEM, err := enroll.GenerateCertificate([]string{"192.168.1.10", "hub.venue.example:8787", "[fe80::1]:8787", "localhost", ""}, now)
	if err != nil {
		t.Fatal(err)
	}
	cert := parseCert(t, certPEM)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatalf("certificate and key do not match: %v", err)
	}

	t.Run("key", func(t *testing.T) {
		pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
		if !ok || pub.Curve != elliptic.P256() {
			t.Errorf("public key is %T, want ECDSA P-256", cert.PublicKey)
		}
		if _, ok := pair.PrivateKey.(*ecdsa.PrivateKey); !ok {
			t.Errorf("private key is %T, want ECDSA", pair.PrivateKey)
		}
	})
	t.Run("validity", func(t *testing.T) {
		if want := now.Add(-time.Hour); !cert.NotBefore.Equal(want) {
			t.Errorf("NotBefore = %v, want %v", cert.NotBefore, want)
		}
		if want := now.AddDate(5, 0, 0); !cert.NotAfter.Equal(want) {
			t.Errorf("NotAfter = %v, want %v", cert.NotAfter, want)
		}
	})
	t.Run("usage", func(t *testing.T) {
		if cert.KeyUsage != x509.KeyUsageDigitalSignature {
			t.Errorf("KeyUsage = %v, want digital signature", cert.KeyUsage)
		}
		if !slices.Equal(cert.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
			t.Errorf("ExtKeyUsage = %v, want server auth", cert.ExtKeyUsage)
		}
		if cert.IsCA {
			t.Error("certificate is a CA")
		}
	})
	t.Run("SANs", func(t *testing.T) {
		if want := []string{"localhost", "hub.venue.example"}; !slices.Equal(cert.DNSNames, want) {
			t.Errorf("DNS names = %v, want %v", cert.DNSNames, want)
		}
		for _, ip := range []string{"127.0.0.1", "::1", "192.168.1.10", "fe80::1"} {
			if !slices.ContainsFunc(cert.IPAddresses, func(got net.IP) bool { return got.Equal(net.ParseIP(ip)) }) {
				t.Errorf("IP addresses %v lack %s", cert.IPAddresses, ip)
			}
		}
		if len(cert.IPAddresses) != 4 {
			t.Errorf("IP addresses = %v, want 4 without duplicates", cert.IPAddresses)
		}
		for _, host := range []string{"192.168.1.10", "hub.venue.example", "localhost"} {
			if err := cert.VerifyHostname(host); err != nil {
				t.Errorf("VerifyHostname(%s): %v", host, err)
			}
		}
	})
	t.Run("fresh each time", func(t *testing.T) {
		again, _, err := enroll.GenerateCertificate(nil, now)
		if err != nil {
			t.Fatal(err)
		}
		if c2 := parseCert(t, again); c2.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			t.Error("two certificates share a serial number")
		}
	})
}

func TestLoadOrCreateCertificate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // not there yet
	cert, fp, err := enroll.LoadOrCreateCertificate(dir, []string{"192.168.1.10"})
	if err != nil {
		t.Fatal(err)
	}
	if fp != enroll.Fingerprint(cert.Certificate[0]) {
		t.Errorf("fingerprint %s is not the certificate's", fp)
	}
	for _, name := range []string{enroll.CertFile, enroll.KeyFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", name, perm)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("data folder holds %d files, want only the pair (no temporary files left)", len(entries))
	}

	_, again, err := enroll.LoadOrCreateCertificate(dir, []string{"10.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if again != fp {
		t.Errorf("reloaded fingerprint %s, want the same %s: the certificate must not change", again, fp)
	}
}

func TestLoadOrCreateCertificateBroken(t *testing.T) {
	certPEM, keyPEM, err := enroll.GenerateCertificate(nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	otherCert, _, err := enroll.GenerateCertificate(nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		cert, key  []byte // nil: file absent
		wantSubstr string
	}{
		{"corrupt certificate", []byte("not a certificate"), keyPEM, "not make a valid pair"},
		{"corrupt key", certPEM, []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "not make a valid pair"},
		{"empty files", []byte{}, []byte{}, "not make a valid pair"},
		{"mismatched pair", otherCert, keyPEM, "not make a valid pair"},
		{"key missing", certPEM, nil, "is missing"},
		{"certificate missing", nil, keyPEM, "is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range map[string][]byte{enroll.CertFile: tt.cert, enroll.KeyFile: tt.key} {
				if data != nil {
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, _, err := enroll.LoadOrCreateCertificate(dir, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantSubstr) {
				t.Fatalf("LoadOrCreateCertificate = %v, want an error mentioning %q", err, tt.wantSubstr)
			}
			// Never silently replaced: the files are as they were.
			for name, data := range map[string][]byte{enroll.CertFile: tt.cert, enroll.KeyFile: tt.key} {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if data == nil {
					if err == nil {
						t.Errorf("%s was created", name)
					}
					continue
				}
				if err != nil || string(got) != string(data) {
					t.Errorf("%s was changed", name)
				}
			}
		})
	}
}

// TestLoadOrCreateCertificateRace starts several hub commands at once on an
// empty data folder: they must all end up with one and the same certificate.
func TestLoadOrCreateCertificateRace(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	fps := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, fps[i], errs[i] = enroll.LoadOrCreateCertificate(dir, nil) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if fps[i] != fps[0] {
			t.Errorf("caller %d got fingerprint %s, caller 0 got %s", i, fps[i], fps[0])
		}
	}
}

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name string
		der  []byte
		want string
	}{
		{"empty", nil, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", []byte("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := enroll.Fingerprint(tt.der); got != tt.want {
				t.Errorf("Fingerprint = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPinnedClientConfig(t *testing.T) {
	certPEM, keyPEM, err := enroll.GenerateCertificate([]string{"192.168.1.10"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	right := enroll.Fingerprint(pair.Certificate[0])
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hub")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)

	wrong := strings.Repeat("ab", 32)
	tests := []struct {
		name    string
		pin     string
		wantErr []string // substrings; nil: success
	}{
		{"right fingerprint", right, nil},
		{"right fingerprint, upper case with colons", colons(strings.ToUpper(right)), nil},
		{"wrong fingerprint", wrong, []string{"fingerprint", wrong[:16], right[:16]}},
		{"malformed pin", "xyz", []string{"fingerprint", "not 64 hex digits"}},
		{"empty pin", "", []string{"fingerprint"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := enroll.PinnedClientConfig(tt.pin)
			if cfg.MinVersion < tls.VersionTLS12 {
				t.Errorf("MinVersion = %#x, want at least TLS 1.2", cfg.MinVersion)
			}
			client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 10 * time.Second}
			resp, err := client.Get(srv.URL)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("GET with the right pin: %v", err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != "hub" {
					t.Errorf("body = %q", body)
				}
				return
			}
			if err == nil {
				resp.Body.Close()
				t.Fatal("GET succeeded with a wrong pin")
			}
			if !errors.Is(err, enroll.ErrFingerprintMismatch) {
				t.Errorf("error %v is not ErrFingerprintMismatch", err)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}

	t.Run("raw handshake", func(t *testing.T) {
		conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), enroll.PinnedClientConfig(wrong))
		if err == nil {
			conn.Close()
			t.Fatal("handshake succeeded with a wrong pin")
		}
		if !errors.Is(err, enroll.ErrFingerprintMismatch) {
			t.Errorf("handshake error %v is not ErrFingerprintMismatch", err)
		}
	})
}

func colons(hex string) string {
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i : i+2])
	}
	return b.String()
}
