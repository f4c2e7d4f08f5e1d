package enroll_test

import (
	"encoding/base32"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/enroll"
)

// Fixed values keep failures reproducible; the token is 32 bytes 0x00..0x1f.
const (
	testToken = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	testFP    = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

func lanCode() enroll.Code {
	return enroll.Code{Hub: "192.168.1.10:8787", TLS: true, Fingerprint: testFP, Token: testToken}
}

func loopbackCode() enroll.Code {
	return enroll.Code{Hub: "127.0.0.1:8787", Token: testToken}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		code enroll.Code
		edit func(string) string // what a person or scanner does to the text
	}{
		{"loopback plain", loopbackCode(), nil},
		{"localhost plain", enroll.Code{Hub: "localhost:8787", Token: testToken}, nil},
		{"IPv6 loopback plain", enroll.Code{Hub: "[::1]:8787", Token: testToken}, nil},
		{"LAN TLS", lanCode(), nil},
		{"loopback TLS", enroll.Code{Hub: "127.0.0.1:8787", TLS: true, Fingerprint: testFP, Token: testToken}, nil},
		{"IPv6 TLS", enroll.Code{Hub: "[fe80::1]:8787", TLS: true, Fingerprint: testFP, Token: testToken}, nil},
		{"host name TLS", enroll.Code{Hub: "hub.venue.example:443", TLS: true, Fingerprint: testFP, Token: testToken}, nil},
		{"lower case", lanCode(), strings.ToLower},
		{"caps lock flip", lanCode(), flipCase},
		{"surrounding spaces", lanCode(), func(s string) string { return "  \t" + s + " \r\n" }},
		{"loopback with a standby", enroll.Code{Hub: "127.0.0.1:8787", Standby: "127.0.0.1:8788", Token: testToken}, nil},
		{"with a standby", enroll.Code{Hub: "192.168.1.10:8787", Standby: "192.168.1.11:8787", TLS: true, Fingerprint: testFP, Token: testToken}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.code.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			s := tt.code.String()
			if !strings.HasPrefix(s, enroll.Prefix) {
				t.Fatalf("String() = %q, want prefix %q", s, enroll.Prefix)
			}
			if s != strings.ToUpper(s) {
				t.Errorf("String() = %q is not upper case", s)
			}
			if tt.edit != nil {
				s = tt.edit(s)
			}
			got, err := enroll.Parse(s)
			if err != nil {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			if got != tt.code {
				t.Errorf("Parse(String()) = %+v, want %+v", got, tt.code)
			}
		})
	}
}

func flipCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		case 'A' <= r && r <= 'Z':
			return r - 'A' + 'a'
		}
		return r
	}, s)
}

// encodeRaw builds a code from raw bytes, to test what no valid Code encodes.
func encodeRaw(b []byte) string {
	return enroll.Prefix + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func rawCode(flags byte, hub string, fp bool, extra int) []byte {
	b := []byte{flags, byte(len(hub))}
	b = append(b, hub...)
	if fp {
		b = append(b, make([]byte, 32)...)
	}
	b = append(b, make([]byte, 32)...) // token
	return append(b, make([]byte, extra)...)
}

func TestParseErrors(t *testing.T) {
	valid := lanCode().String()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty"},
		{"only spaces", "   ", "empty"},
		{"wrong prefix", "AC1:" + valid[len(enroll.Prefix):], "does not start with"},
		{"badge token", "AC1:ABCDEF", "does not start with"},
		{"newer format", "ACE2:" + valid[len(enroll.Prefix):], "format ACE2 is not supported"},
		{"base32 garbage", enroll.Prefix + "HELLO-WORLD!", "base32"},
		{"base32 digits 0 1 8 9", enroll.Prefix + "01890189", "base32"},
		{"truncated by one char", valid[:len(valid)-1], ""},
		{"truncated by half", valid[:len(valid)/2], ""},
		{"prefix only", enroll.Prefix, "truncated"},
		{"extra bytes", encodeRaw(rawCode(1, "192.168.1.10:8787", true, 3)), "3 extra bytes"},
		{"extra byte on plain", encodeRaw(rawCode(0, "127.0.0.1:8787", false, 1)), "1 extra bytes"},
		{"unknown flag", encodeRaw(rawCode(0x81, "192.168.1.10:8787", true, 0)), "unknown flags"},
		{"TLS without fingerprint", encodeRaw(rawCode(1, "192.168.1.10:8787", false, 0)), "truncated"},
		{"non-loopback plain hub", encodeRaw(rawCode(0, "192.168.1.10:8787", false, 0)), "not a loopback"},
		{"plain host name", encodeRaw(rawCode(0, "hub.example:8787", false, 0)), "not a loopback"},
		{"hub without port", encodeRaw(rawCode(1, "192.168.1.10", true, 0)), "not host:port"},
		{"hub with empty port", encodeRaw(rawCode(1, "192.168.1.10:", true, 0)), "no port"},
		{"hub without host", encodeRaw(rawCode(1, ":8787", true, 0)), "no host"},
		{"port 0", encodeRaw(rawCode(1, "192.168.1.10:0", true, 0)), "out of range"},
		{"port 65536", encodeRaw(rawCode(1, "192.168.1.10:65536", true, 0)), "out of range"},
		{"port huge", encodeRaw(rawCode(1, "192.168.1.10:99999999999999999999", true, 0)), "out of range"},
		{"port named", encodeRaw(rawCode(1, "192.168.1.10:http", true, 0)), "not a number"},
		{"port signed", encodeRaw(rawCode(1, "192.168.1.10:+80", true, 0)), "not a number"},
		{"empty hub", encodeRaw(rawCode(1, "", true, 0)), "empty hub"},
		{"hub with space", encodeRaw(rawCode(1, "hub venue:8787", true, 0)), "not allowed"},
		{"hub with NUL", encodeRaw(rawCode(1, "hub\x00:8787", true, 0)), "not allowed"},
		{"hub with path", encodeRaw(rawCode(1, "hub/x:8787", true, 0)), "neither an IP"},
		{"bad IPv4", encodeRaw(rawCode(1, "192.168.1.300:8787", true, 0)), "not a valid IP"},
		{"unbracketed IPv6", encodeRaw(rawCode(1, "fe80::1:8787", true, 0)), "not host:port"},
		{"bracketed name", encodeRaw(rawCode(1, "[localhost]:8787", true, 0)), "not an IPv6"},
		{"10 kB input", enroll.Prefix + strings.Repeat("A", 10_000), "too long"},
		{"NUL bytes", enroll.Prefix + "AAAA\x00\x00AAAA", "base32"},
		{"NUL prefix", "\x00\x00\x00\x00\x00" + valid, "does not start with"},
		{"padding", valid + "===", "base32"},
		{"inner space", valid[:20] + " " + valid[20:], "base32"},
		{"non-ASCII", enroll.Prefix + "ÉÉÉÉ", "base32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := enroll.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse accepted %q as %+v", tt.in, c)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "enrollment code: ") {
				t.Errorf("error %q does not say it is about the enrollment code", msg)
			}
			if tt.want != "" && !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not mention %q", msg, tt.want)
			}
			if c != (enroll.Code{}) {
				t.Errorf("Parse returned %+v with its error, want the zero Code", c)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*enroll.Code)
		want string // "" when valid
	}{
		{"valid", func(*enroll.Code) {}, ""},
		{"TLS without fingerprint", func(c *enroll.Code) { c.Fingerprint = "" }, "without a certificate fingerprint"},
		{"upper-case fingerprint", func(c *enroll.Code) { c.Fingerprint = strings.ToUpper(testFP) }, "lowercase hex"},
		{"short fingerprint", func(c *enroll.Code) { c.Fingerprint = testFP[:62] }, "lowercase hex"},
		{"plain with fingerprint", func(c *enroll.Code) { c.TLS, c.Hub = false, "127.0.0.1:8787" }, "fingerprint given for a plain"},
		{"plain LAN", func(c *enroll.Code) { c.TLS, c.Fingerprint = false, "" }, "not a loopback"},
		{"no token", func(c *enroll.Code) { c.Token = "" }, "token"},
		{"short token", func(c *enroll.Code) { c.Token = testToken[:40] }, "token"},
		{"padded token", func(c *enroll.Code) { c.Token = testToken + "=" }, "token"},
		{"non-canonical token", func(c *enroll.Code) { c.Token = testToken[:42] + "9" }, "token"}, // low bits set
		{"long hub", func(c *enroll.Code) { c.Hub = strings.Repeat("a", enroll.MaxHubLen) + ":1" }, "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := lanCode()
			tt.edit(&c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error mentioning %q", err, tt.want)
			}
			// String must never turn an invalid code into one a kiosk takes.
			if got, err := enroll.Parse(c.String()); err == nil {
				t.Errorf("String() of an invalid code parsed as %+v", got)
			}
		})
	}
}

func TestQRVersion(t *testing.T) {
	// The longest hub a code may carry, in two labels since a label may not
	// exceed 63 bytes.
	longHost := strings.Repeat("h", 60) + "." + strings.Repeat("h", enroll.MaxHubLen-60-1-len(":65535")) + ":65535"
	tests := []struct {
		name       string
		code       enroll.Code
		maxVersion int
	}{
		{"loopback plain", loopbackCode(), 5},
		{"LAN TLS", lanCode(), 6},
		{"IPv6 TLS", enroll.Code{Hub: "[fe80::1]:8787", TLS: true, Fingerprint: testFP, Token: testToken}, 6},
		{"LAN TLS with a standby", enroll.Code{Hub: "192.168.1.10:8787", Standby: "192.168.1.11:8787", TLS: true, Fingerprint: testFP, Token: testToken}, 7},
		{"longest hub", enroll.Code{Hub: longHost, TLS: true, Fingerprint: testFP, Token: testToken}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.code.String()
			if _, err := enroll.Parse(s); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			v, err := qr.Version(s)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d characters, QR version %d", len(s), v)
			if v > tt.maxVersion {
				t.Errorf("QR version %d for a %d-character code, want at most %d", v, len(s), tt.maxVersion)
			}
		})
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		tok, err := enroll.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if len(tok) != 43 {
			t.Errorf("token %q is %d characters, want 43", tok, len(tok))
		}
		c := lanCode()
		c.Token = tok
		if err := c.Validate(); err != nil {
			t.Errorf("code with token %q: %v", tok, err)
		}
		if seen[tok] {
			t.Fatalf("token %q drawn twice", tok)
		}
		seen[tok] = true
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct{ in, want string }{
		// SHA-256 test vector: the hash is of the token's text.
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{testToken, enroll.HashToken(testToken)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := enroll.HashToken(tt.in); got != tt.want {
				t.Errorf("HashToken(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	if enroll.HashToken(testToken) == enroll.HashToken(testToken[:42]+"A") {
		t.Error("different tokens hash alike")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(lanCode().String())
	f.Add(loopbackCode().String())
	f.Add(strings.ToLower(lanCode().String()))
	f.Add(enroll.Code{Hub: "[fe80::1%eth0]:8787", TLS: true, Fingerprint: testFP, Token: testToken}.String())
	f.Add(encodeRaw(rawCode(1, "192.168.1.10:8787", true, 3)))
	f.Add(encodeRaw(rawCode(0, "localhost:1", false, 0)))
	f.Add("ACE1:")
	f.Add("ACE2:AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := enroll.Parse(s)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse(%q) = %+v, which Validate rejects: %v", s, c, err)
		}
		again, err := enroll.Parse(c.String())
		if err != nil {
			t.Fatalf("re-encoded %q (from %q) does not parse: %v", c.String(), s, err)
		}
		if again != c {
			t.Fatalf("round trip changed the code: %+v became %+v", c, again)
		}
	})
}

func TestStandbyRefused(t *testing.T) {
	tests := []struct {
		name string
		code enroll.Code
		want string
	}{
		{"plain hub with a standby on the network", enroll.Code{Hub: "127.0.0.1:8787", Standby: "192.168.1.11:8787", Token: testToken}, "needs TLS"},
		{"bad standby", enroll.Code{Hub: "192.168.1.10:8787", Standby: "192.168.1.300:8787", TLS: true, Fingerprint: testFP, Token: testToken}, "standby"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.code.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate: %v, want %q", err, tt.want)
			}
		})
	}
}
