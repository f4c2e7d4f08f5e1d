package kiosk_test

import (
	"bytes"
	"encoding/base32"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

func mustKey(t testing.TB) kiosk.PrivateKey {
	t.Helper()
	k, err := kiosk.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func mustSign(t testing.TB, k kiosk.PrivateKey, tok kiosk.Token) string {
	t.Helper()
	s, err := k.Sign(tok)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func TestBadgeReader(t *testing.T) {
	ours, next, theirs := mustKey(t), mustKey(t), mustKey(t)
	br := kiosk.NewBadgeReader("faic2016", ours.Public(), next.Public())
	valid := mustSign(t, ours, kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 2})
	body, err := b32.DecodeString(strings.TrimPrefix(valid, kiosk.TokenPrefix))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(body)
	flipped[len(flipped)-5] ^= 0x10 // inside the signature
	tests := []struct {
		name    string
		payload string
		want    kiosk.Verdict
		wantID  string
		code    string
	}{
		{"valid token", valid, "", "A0001", ""},
		{"valid token with line end", valid + "\r\n", "", "A0001", ""},
		{"rotated key", mustSign(t, next, kiosk.Token{Event: "faic2016", AttendeeID: "A0002"}), "", "A0002", ""},
		{"signature bit flipped", kiosk.TokenPrefix + b32.EncodeToString(flipped), kiosk.VerdictInvalidSignature, "", ""},
		{"forged with unknown key", mustSign(t, theirs, kiosk.Token{Event: "faic2016", AttendeeID: "A0001"}), kiosk.VerdictInvalidSignature, "", ""},
		{"other event", mustSign(t, theirs, kiosk.Token{Event: "forum-2017", AttendeeID: "A0001"}), kiosk.VerdictWrongEvent, "", ""},
		{"truncated", valid[:len(valid)-10], kiosk.VerdictUnreadable, "", ""},
		{"prefix only", kiosk.TokenPrefix, kiosk.VerdictUnreadable, "", ""},
		{"future version", "AC2:ABCDEFGH", kiosk.VerdictUnreadable, "", ""},
		{"token typed with Caps Lock", strings.ToLower(valid), "", "A0001", ""},
		{"empty", "", kiosk.VerdictUnreadable, "", ""},
		{"spaces", "   \t ", kiosk.VerdictUnreadable, "", ""},
		{"NUL", "A0001\x00", kiosk.VerdictUnreadable, "", ""},
		{"binary", "\x01\x02\xfe\xff", kiosk.VerdictUnreadable, "", ""},
		{"invalid UTF-8", "WZ-\xc3\x28", kiosk.VerdictUnreadable, "", ""},
		{"escape sequence", "\x1b[2J", kiosk.VerdictUnreadable, "", ""},
		{"5 MB line", strings.Repeat("A", 5<<20), kiosk.VerdictUnreadable, "", ""},
		{"outside code", "WZ-7K3Q9P2M", "", "", "WZ-7K3Q9P2M"},
		{"SQL metacharacters", "x'; DROP TABLE scans;--", "", "", "x'; DROP TABLE scans;--"},
		{"accented code", "Médéric", "", "", "Médéric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, v := br.Read(tt.payload)
			if v != tt.want || b.AttendeeID != tt.wantID || b.Code != tt.code {
				t.Errorf("Read = %+v, %q; want id %q code %q verdict %q", b, v, tt.wantID, tt.code, tt.want)
			}
		})
	}
}

// A key ID is one byte, so another event's key shares ours one time in
// 256: its badges still read as another event's, and a forgery under the
// shared ID still reads as forged.
func TestKeyIDSharedWithAnotherEvent(t *testing.T) {
	ours := mustKey(t)
	theirs := mustKey(t)
	for theirs.Public().ID() != ours.Public().ID() {
		theirs = mustKey(t)
	}
	br := kiosk.NewBadgeReader("faic2016", ours.Public())
	tests := []struct {
		name string
		tok  kiosk.Token
		want kiosk.Verdict
	}{
		{"other event", kiosk.Token{Event: "forum-2017", AttendeeID: "A0001"}, kiosk.VerdictWrongEvent},
		{"forged for ours", kiosk.Token{Event: "faic2016", AttendeeID: "A0001"}, kiosk.VerdictInvalidSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, v := br.Read(mustSign(t, theirs, tt.tok)); v != tt.want {
				t.Errorf("Read = %+v, %q; want %q", b, v, tt.want)
			}
		})
	}
}

// Flipping any single bit of a token never yields an accepted badge.
func TestEveryBitFlipIsRefused(t *testing.T) {
	k := mustKey(t)
	br := kiosk.NewBadgeReader("faic2016", k.Public())
	valid := mustSign(t, k, kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 1})
	body, _ := b32.DecodeString(strings.TrimPrefix(valid, kiosk.TokenPrefix))
	for i := range body {
		for bit := range 8 {
			b := bytes.Clone(body)
			b[i] ^= 1 << bit
			badge, v := br.Read(kiosk.TokenPrefix + b32.EncodeToString(b))
			if v != kiosk.VerdictInvalidSignature && v != kiosk.VerdictUnreadable && v != kiosk.VerdictWrongEvent {
				t.Fatalf("byte %d bit %d: verdict %q badge %+v", i, bit, v, badge)
			}
		}
	}
}

func TestTokenFitsSmallQR(t *testing.T) {
	k := mustKey(t)
	tok, err := k.Sign(kiosk.Token{Event: "faic2016", AttendeeID: strings.Repeat("X", 28), Issue: 300})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) > kiosk.TokenMaxBytes {
		t.Errorf("token of %d characters", len(tok))
	}
	for _, c := range tok {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", c) {
			t.Fatalf("character %q is outside the QR alphanumeric set", c)
		}
	}
	if _, err := k.Sign(kiosk.Token{Event: "faic2016", AttendeeID: strings.Repeat("X", 60)}); err == nil {
		t.Error("a token too long for the QR code was signed")
	}
}

func TestKeysRoundTrip(t *testing.T) {
	k := mustKey(t)
	k2, err := kiosk.ParsePrivateKey(k.String())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := kiosk.ParsePublicKey(k.Public().String())
	if err != nil {
		t.Fatal(err)
	}
	tok := mustSign(t, k2, kiosk.Token{Event: "e", AttendeeID: "a"})
	if b, v := kiosk.NewBadgeReader("e", pub).Read(tok); v != "" || b.AttendeeID != "a" {
		t.Errorf("parsed keys do not verify: %+v %q", b, v)
	}
	for _, bad := range []string{"", "ed25519:", "ed25519:!!!", "ed25519:AAAA", "rsa:AAAA"} {
		if _, err := kiosk.ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
}

func FuzzBadgeReader(f *testing.F) {
	k, _ := kiosk.GenerateKey()
	br := kiosk.NewBadgeReader("faic2016", k.Public())
	valid, _ := k.Sign(kiosk.Token{Event: "faic2016", AttendeeID: "A0001", Issue: 1})
	for _, s := range []string{valid, valid[:40], "AC1:", "WZ-1", "", "\x00", "AC9:AAAA", strings.ToLower(valid)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		b, v := br.Read(payload)
		if v != "" {
			if b != (kiosk.Badge{}) {
				t.Fatalf("refusal %q with a badge %+v", v, b)
			}
			return
		}
		if b.AttendeeID == "" && b.Code == "" {
			t.Fatalf("no verdict and no badge for %q", payload)
		}
		if b.AttendeeID != "" {
			// Ed25519 is deterministic: an accepted token is exactly the one
			// we would sign, or someone forged our key.
			again, err := k.Sign(kiosk.Token{Event: "faic2016", AttendeeID: b.AttendeeID, Issue: b.Issue})
			if err != nil || again != strings.ToUpper(kiosk.CleanPayload(payload)) {
				t.Fatalf("accepted %q, which we did not sign", payload)
			}
		}
	})
}
