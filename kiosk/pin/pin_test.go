package pin

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// referenceHash was written by the reference implementation's command-line
// tool (`echo -n 2468 | argon2 kioskpinsalt01 -id -t 1 -k 19456 -p 1 -l 32 -e`),
// so that a hash from another tool, or a settings file written by hand,
// checks the same.
const referenceHash = "$argon2id$v=19$m=19456,t=1,p=1$a2lvc2twaW5zYWx0MDE$ProFSX6ZVR/LXf1FbPXtCWZ+cfaZm0Hz9oSC1md6Bkk"

// cheap hashes make the tests that verify thousands of PINs fast; Verify reads
// the parameters from the encoding, so the Guard treats them like any other.
var cheap = params{memory: 64, passes: 1, lanes: 1, keyLen: 32, saltLen: 16}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestValidPIN(t *testing.T) {
	tests := []struct {
		pin string
		ok  bool
	}{
		{"1234", true},
		{"0000", true},
		{"12345678", true},
		{"", false},
		{"123", false},
		{"123456789", false},
		{"12a4", false},
		{" 1234", false},
		{"1234\n", false},
		{"-123", false},
		{"١٢٣٤", false}, // Arabic-Indic digits
		{"１２３４", false}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.pin), func(t *testing.T) {
			err := ValidPIN(tt.pin)
			if (err == nil) != tt.ok {
				t.Fatalf("ValidPIN(%q) = %v, want ok=%v", tt.pin, err, tt.ok)
			}
			if err != nil && err.Error() != "the PIN is 4 to 8 digits" {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestHashRefuses(t *testing.T) {
	for _, pin := range []string{"12a4", "", "123456789", "123"} {
		t.Run(fmt.Sprintf("%q", pin), func(t *testing.T) {
			h, err := Hash(pin)
			if !errors.Is(err, ErrFormat) || h != "" {
				t.Errorf("Hash(%q) = %q, %v; want ErrFormat", pin, h, err)
			}
		})
	}
}

func TestHashVerify(t *testing.T) {
	h, err := Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=1,p=1$") {
		t.Errorf("hash %q lacks the expected parameters", h)
	}
	if strings.Contains(h, "2468") {
		t.Errorf("hash %q shows the PIN", h)
	}
	h2, err := Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of one PIN are equal: no salt?")
	}
	long, err := Hash("12345678")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, encoded, pin string
		want               bool
	}{
		{"right", h, "2468", true},
		{"right, second salt", h2, "2468", true},
		{"wrong", h, "2469", false},
		{"prefix of the PIN", long, "1234", false},
		{"eight digits", long, "12345678", true},
		{"PIN with a space", h, "2468 ", false},
		{"letters", h, "abcd", false},
		{"empty PIN", h, "", false},
		{"reference tool's hash, right", referenceHash, "2468", true},
		{"reference tool's hash, wrong", referenceHash, "8642", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Verify(tt.encoded, tt.pin)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Verify(%q) = %v, want %v", tt.pin, got, tt.want)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	const salt, key = "a2lvc2twaW5zYWx0MDE", "ProFSX6ZVR/LXf1FbPXtCWZ+cfaZm0Hz9oSC1md6Bkk"
	tests := []struct {
		name, encoded string
		want          error
	}{
		{"empty", "", ErrNotSet},
		{"garbage", "not a hash", ErrMalformed},
		{"no leading $", "argon2id$v=19$m=19456,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"argon2i", "$argon2i$v=19$m=19456,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", ErrMalformed},
		{"old version", "$argon2id$v=16$m=19456,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"parameters missing", "$argon2id$v=19$$" + salt + "$" + key, ErrMalformed},
		{"parameters out of order", "$argon2id$v=19$t=1,m=19456,p=1$" + salt + "$" + key, ErrMalformed},
		{"parameter not a number", "$argon2id$v=19$m=lots,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"negative parameter", "$argon2id$v=19$m=19456,t=-1,p=1$" + salt + "$" + key, ErrMalformed},
		{"memory too large", "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"memory too small", "$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + key, ErrMalformed},
		{"no passes", "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key, ErrMalformed},
		{"too many passes", "$argon2id$v=19$m=19456,t=1000,p=1$" + salt + "$" + key, ErrMalformed},
		{"no lanes", "$argon2id$v=19$m=19456,t=1,p=0$" + salt + "$" + key, ErrMalformed},
		{"salt not base64", "$argon2id$v=19$m=19456,t=1,p=1$!!!$" + key, ErrMalformed},
		{"salt padded", "$argon2id$v=19$m=19456,t=1,p=1$" + salt + "=$" + key, ErrMalformed},
		{"salt too short", "$argon2id$v=19$m=19456,t=1,p=1$c2FsdA$" + key, ErrMalformed},
		{"hash too short", "$argon2id$v=19$m=19456,t=1,p=1$" + salt + "$c2hvcnQ", ErrMalformed},
		{"hash missing", "$argon2id$v=19$m=19456,t=1,p=1$" + salt, ErrMalformed},
		{"extra field", "$argon2id$v=19$m=19456,t=1,p=1$" + salt + "$" + key + "$x", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := Verify(tt.encoded, "2468")
			if ok || !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, %v; want error %v", ok, err, tt.want)
			}
		})
	}
}

func TestGuard(t *testing.T) {
	h, err := hashWith("2468", cheap)
	if err != nil {
		t.Fatal(err)
	}
	// Each test is a sequence of PINs entered some time apart, with what the
	// Guard must answer to each.
	type try struct {
		after     time.Duration
		pin       string
		ok        bool
		lockedFor time.Duration
		tries     int
		err       error
	}
	wrong := func(after time.Duration, tries int) try { return try{after: after, pin: "1111", tries: tries} }
	locking := try{after: time.Second, pin: "1111", lockedFor: time.Minute, tries: 5}
	tests := []struct {
		name  string
		tries []try
	}{
		{"right PIN", []try{{pin: "2468", ok: true}}},
		{"wrong PIN counts", []try{wrong(0, 1), wrong(time.Second, 2)}},
		{"right PIN resets the count", []try{
			wrong(0, 1), wrong(time.Second, 2), wrong(time.Second, 3), wrong(time.Second, 4),
			{after: time.Second, pin: "2468", ok: true},
			wrong(time.Second, 1),
		}},
		{"fifth wrong PIN locks for a minute", []try{
			wrong(0, 1), wrong(time.Second, 2), wrong(time.Second, 3), wrong(time.Second, 4), locking,
		}},
		{"locked: even the right PIN is not verified", []try{
			wrong(0, 1), wrong(0, 2), wrong(0, 3), wrong(0, 4), locking,
			{after: 20 * time.Second, pin: "2468", lockedFor: 40 * time.Second, tries: 5},
			{after: 39 * time.Second, pin: "2468", lockedFor: time.Second, tries: 5},
		}},
		{"unlocked after a minute, with five tries again", []try{
			wrong(0, 1), wrong(0, 2), wrong(0, 3), wrong(0, 4), locking,
			{after: time.Minute, pin: "1111", tries: 1},
			wrong(0, 2), wrong(0, 3), wrong(0, 4), locking,
			{after: time.Minute, pin: "2468", ok: true},
		}},
		{"wrong form does not count", []try{
			wrong(0, 1),
			{pin: "12a4", tries: 1, err: ErrFormat},
			{pin: "", tries: 1, err: ErrFormat},
			wrong(0, 2),
		}},
		{"clock set back while locked: one more minute, not more", []try{
			wrong(0, 1), wrong(0, 2), wrong(0, 3), wrong(0, 4), locking,
			{after: -time.Hour, pin: "2468", lockedFor: time.Minute, tries: 5},
			{after: time.Minute, pin: "2468", ok: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
			g := NewGuard(h, clk.now)
			for i, want := range tt.tries {
				clk.t = clk.t.Add(want.after)
				ok, locked, err := g.Check(want.pin)
				if ok != want.ok || locked != want.lockedFor || !errors.Is(err, want.err) || (want.err == nil && err != nil) {
					t.Fatalf("try %d (%q): Check = %v, %v, %v; want %v, %v, %v", i, want.pin, ok, locked, err, want.ok, want.lockedFor, want.err)
				}
				if n := g.Tries(); n != want.tries {
					t.Fatalf("try %d: Tries = %d, want %d", i, n, want.tries)
				}
			}
		})
	}
}

func TestGuardBadHash(t *testing.T) {
	tests := []struct {
		name, encoded string
		want          error
	}{
		{"no PIN set", "", ErrNotSet},
		{"malformed", "$argon2id$v=19$garbage", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGuard(tt.encoded, nil)
			for range 2 * MaxTries {
				ok, locked, err := g.Check("2468")
				if ok || locked != 0 || !errors.Is(err, tt.want) {
					t.Fatalf("Check = %v, %v, %v; want error %v", ok, locked, err, tt.want)
				}
			}
			if n := g.Tries(); n != 0 {
				t.Errorf("Tries = %d, want 0: a broken hash is not the user's fault", n)
			}
		})
	}
}

// TestGuardBruteForceBurst tries every four-digit PIN as fast as a script
// could type them: within the minute, only five are verified.
func TestGuardBruteForceBurst(t *testing.T) {
	h, err := Hash("7391")
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	g := NewGuard(h, clk.now)
	verified := 0
	for i := range 10_000 {
		clk.t = clk.t.Add(time.Millisecond)
		ok, locked, err := g.Check(fmt.Sprintf("%04d", i))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			t.Fatalf("PIN found after %d tries", i+1)
		}
		if locked == 0 || i == MaxTries-1 {
			verified++
		}
	}
	if verified != MaxTries {
		t.Errorf("%d PINs verified in %v, want %d", verified, 10*time.Second, MaxTries)
	}
}

// TestGuardBruteForcePatient tries the PINs in order and waits out every
// lock: the Guard lets through five tries a minute, no more.
func TestGuardBruteForcePatient(t *testing.T) {
	const secret = 1234 // found after 1,234 wrong tries
	h, err := hashWith(fmt.Sprintf("%04d", secret), cheap)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	clk := &clock{t: start}
	g := NewGuard(h, clk.now)
	var verifiedAt []time.Time
	for i := 0; i <= secret; {
		clk.t = clk.t.Add(time.Millisecond)
		ok, locked, err := g.Check(fmt.Sprintf("%04d", i))
		if err != nil {
			t.Fatal(err)
		}
		if locked > 0 && (len(verifiedAt) == 0 || verifiedAt[len(verifiedAt)-1] != clk.t) {
			if g.Tries() != MaxTries {
				t.Fatalf("locked with %d tries", g.Tries())
			}
			// Locked before verifying: wait it out and try the same PIN.
			clk.t = clk.t.Add(locked)
			continue
		}
		verifiedAt = append(verifiedAt, clk.t)
		if ok != (i == secret) {
			t.Fatalf("PIN %04d: ok = %v", i, ok)
		}
		if locked > 0 {
			clk.t = clk.t.Add(locked)
		}
		i++
	}
	for i := MaxTries; i < len(verifiedAt); i++ {
		if d := verifiedAt[i].Sub(verifiedAt[i-MaxTries]); d < LockFor {
			t.Fatalf("tries %d and %d only %v apart: more than %d a minute", i-MaxTries, i, d, MaxTries)
		}
	}
	if took, least := clk.t.Sub(start), secret/MaxTries*LockFor; took < least {
		t.Errorf("PIN found in %v, want at least %v", took, least)
	}
}

// TestGuardConcurrent sends many wrong PINs at once, as a script on several
// threads might: the count must not be outrun. The clock stands still, so
// every answer after the lock says a full minute.
func TestGuardConcurrent(t *testing.T) {
	h, err := hashWith("2468", cheap)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	g := NewGuard(h, clk.now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[time.Duration]int{}
	for range 50 {
		wg.Go(func() {
			ok, locked, err := g.Check("1111")
			if ok || err != nil {
				t.Errorf("Check = %v, %v", ok, err)
			}
			mu.Lock()
			defer mu.Unlock()
			answers[locked]++
		})
	}
	wg.Wait()
	// Four plain refusals, then the fifth try locks and the 45 others find
	// it locked.
	if answers[0] != MaxTries-1 || answers[LockFor] != 50-(MaxTries-1) || g.Tries() != MaxTries {
		t.Errorf("answers %v, Tries = %d; want %d unlocked refusals", answers, g.Tries(), MaxTries-1)
	}
	if ok, locked, _ := g.Check("2468"); ok || locked != LockFor {
		t.Errorf("right PIN while locked: ok=%v locked=%v", ok, locked)
	}
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("24681357"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h, err := Hash("24681357")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := Verify(h, "24681357"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func TestCheckHash(t *testing.T) {
	h, err := Hash("2468")
	if err != nil {
		t.Fatal(err)
	}
	for in, ok := range map[string]bool{h: true, "": false, "not-a-hash": false, h[:len(h)-10]: false} {
		if got := CheckHash(in) == nil; got != ok {
			t.Errorf("CheckHash(%.20q) ok=%v, want %v", in, got, ok)
		}
	}
}
