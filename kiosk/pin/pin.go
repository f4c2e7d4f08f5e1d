// Package pin keeps the staff PIN that guards leaving full screen, closing the
// kiosk and opening its settings.
//
// A PIN is 4 to 8 digits, so at most 10^8 values: no hash makes that hard to
// search once the stored hash leaks. The hash (Argon2id, salted) only keeps
// the PIN from being read off the kiosk's disk at a glance and makes an
// offline search cost minutes rather than milliseconds; the real protection
// at the kiosk is the Guard, which lets a person try five PINs a minute.
package pin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// ErrFormat is the message for a PIN that is not 4 to 8 ASCII digits.
var ErrFormat = errors.New("the PIN is 4 to 8 digits")

// ErrNotSet is returned when there is no stored PIN to check against: the
// kiosk must ask for one (enrollment or first start) before guarding with it.
var ErrNotSet = errors.New("no staff PIN is set")

// ErrMalformed is wrapped by the errors for a stored hash that cannot be read.
var ErrMalformed = errors.New("malformed PIN hash")

// Argon2id parameters for new hashes: the OWASP minimum (19 MiB, one pass,
// one lane), which keeps a check near 20–30 ms on a small kiosk PC, so
// unlocking feels instant while each offline guess costs as much memory.
const (
	memoryKiB = 19 * 1024
	passes    = 1
	lanes     = 1
	saltLen   = 16
	keyLen    = 32
)

// Bounds on the parameters Verify accepts, so that a tampered settings file
// cannot make the kiosk spend gigabytes or minutes on one check.
const (
	maxMemoryKiB = 256 * 1024
	maxPasses    = 16
	maxLanes     = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

// Guard limits: five wrong PINs lock the PIN pad for a minute.
const (
	MaxTries = 5
	LockFor  = time.Minute
)

// params are the Argon2id parameters stored with a hash.
type params struct {
	memory  uint32 // KiB
	passes  uint32
	lanes   uint8
	keyLen  uint32
	saltLen int
}

var defaultParams = params{memory: memoryKiB, passes: passes, lanes: lanes, keyLen: keyLen, saltLen: saltLen}

// ValidPIN returns ErrFormat unless pin is 4 to 8 ASCII digits. Other
// digits (Arabic-Indic, full-width) are refused: a PIN typed on another
// keyboard layout must not become a different PIN.
func ValidPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return ErrFormat
	}
	for i := range len(pin) {
		if pin[i] < '0' || pin[i] > '9' {
			return ErrFormat
		}
	}
	return nil
}

// Hash returns pin's salted Argon2id hash in the PHC string form that other
// tools read: "$argon2id$v=19$m=19456,t=1,p=1$SALT$HASH", SALT and HASH in
// unpadded standard base64.
func Hash(pin string) (string, error) {
	return hashWith(pin, defaultParams)
}

func hashWith(pin string, p params) (string, error) {
	if err := ValidPIN(pin); err != nil {
		return "", err
	}
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash PIN: read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.passes, p.memory, p.lanes, p.keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.passes, p.lanes,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var b64 = base64.RawStdEncoding

// Verify tells whether pin matches the encoded hash, comparing in constant
// time. A PIN of the wrong form is simply wrong; an encoding that cannot be
// read is an error (ErrNotSet when empty, else wrapping ErrMalformed).
func Verify(encoded, pin string) (bool, error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if ValidPIN(pin) != nil {
		return false, nil
	}
	got := argon2.IDKey([]byte(pin), salt, p.passes, p.memory, p.lanes, p.keyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// CheckHash tells whether encoded is a hash Verify can read, without
// computing one: a hash that arrives from the hub is checked before it is
// kept, and Argon2 costs 19 MiB and some 25 ms.
func CheckHash(encoded string) error {
	_, _, _, err := decode(encoded)
	return err
}

// decode reads a PHC string written by Hash, refusing parameters outside the
// bounds above.
func decode(encoded string) (params, []byte, []byte, error) {
	if encoded == "" {
		return params{}, nil, nil, ErrNotSet
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
	}
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[0] != "" {
		return params{}, nil, nil, bad("want $argon2id$v=…$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return params{}, nil, nil, bad("algorithm %q, want argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return params{}, nil, nil, bad("version %q, want v=%d", parts[2], argon2.Version)
	}
	var p params
	var m, t, l uint64
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return params{}, nil, nil, bad("parameters %q, want m=…,t=…,p=…", parts[3])
	}
	for i, f := range fields {
		name, val, ok := strings.Cut(f, "=")
		n, err := strconv.ParseUint(val, 10, 32)
		if !ok || err != nil || name != "mtp"[i:i+1] {
			return params{}, nil, nil, bad("parameter %q, want m=…,t=…,p=…", f)
		}
		switch i {
		case 0:
			m = n
		case 1:
			t = n
		case 2:
			l = n
		}
	}
	if l < 1 || l > maxLanes {
		return params{}, nil, nil, bad("p=%d outside 1–%d", l, maxLanes)
	}
	if t < 1 || t > maxPasses {
		return params{}, nil, nil, bad("t=%d outside 1–%d", t, maxPasses)
	}
	if m < 8*l || m > maxMemoryKiB {
		return params{}, nil, nil, bad("m=%d outside %d–%d", m, 8*l, maxMemoryKiB)
	}
	p.memory, p.passes, p.lanes = uint32(m), uint32(t), uint8(l)
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil {
		return params{}, nil, nil, bad("salt: %v", err)
	}
	if len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return params{}, nil, nil, bad("salt of %d bytes outside %d–%d", len(salt), minSaltLen, maxSaltLen)
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil {
		return params{}, nil, nil, bad("hash: %v", err)
	}
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return params{}, nil, nil, bad("hash of %d bytes outside %d–%d", len(key), minKeyLen, maxKeyLen)
	}
	p.keyLen, p.saltLen = uint32(len(key)), len(salt)
	return p, salt, key, nil
}

// Guard checks PINs against one stored hash and locks for LockFor after
// MaxTries wrong ones in a row. It is safe for concurrent use; checks run one
// at a time, so that parallel guesses cannot slip past the count.
type Guard struct {
	encoded string
	now     func() time.Time
	state   State

	mu          sync.Mutex
	tries       int
	lockedUntil time.Time
}

// State keeps a Guard's wrong tries and lock where a restart does not
// lose them: without it, pulling the plug would end a lockout, and five
// more guesses would follow. The kiosk keeps it in its store.
type State interface {
	LoadPINState() (tries int, lockedUntil time.Time, err error)
	SavePINState(tries int, lockedUntil time.Time) error
}

// NewGuard returns a Guard for the encoded hash; now is the clock (time.Now
// when nil). A malformed or empty hash is reported by every Check.
func NewGuard(encoded string, now func() time.Time) *Guard {
	return NewGuardWithState(encoded, now, nil)
}

// NewGuardWithState returns a Guard that starts from the tries and lock
// state holds, and keeps them there at every change. A state that cannot
// be read starts the Guard locked for LockFor: failing closed costs staff a
// minute, failing open would give a guesser five more tries.
func NewGuardWithState(encoded string, now func() time.Time, state State) *Guard {
	if now == nil {
		now = time.Now
	}
	g := &Guard{encoded: encoded, now: now, state: state}
	if state != nil {
		tries, until, err := state.LoadPINState()
		switch {
		case err != nil:
			g.tries, g.lockedUntil = MaxTries, now().Add(LockFor)
		default:
			g.tries, g.lockedUntil = min(max(tries, 0), MaxTries), until
		}
	}
	return g
}

// save keeps the count and lock, when the Guard has a State. A failure to
// write leaves the Guard enforcing in memory.
func (g *Guard) save() {
	if g.state != nil {
		_ = g.state.SavePINState(g.tries, g.lockedUntil)
	}
}

// Check verifies pin unless the Guard is locked. While locked it does not
// even verify, and returns lockedFor, the time left. A wrong PIN counts as a
// try; the fifth locks at once and returns lockedFor = LockFor. A right PIN
// resets the count. A PIN of the wrong form is ErrFormat and does not count
// (it cannot be right, so refusing it teaches a guesser nothing); a stored
// hash that cannot be read is an error and does not count either.
func (g *Guard) Check(pin string) (ok bool, lockedFor time.Duration, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if left := g.unlock(now); left > 0 {
		return false, left, nil
	}
	if err := ValidPIN(pin); err != nil {
		return false, 0, err
	}
	ok, err = Verify(g.encoded, pin)
	if err != nil {
		return false, 0, fmt.Errorf("check staff PIN: %w", err)
	}
	if ok {
		if g.tries != 0 {
			g.tries = 0
			g.save()
		}
		return true, 0, nil
	}
	g.tries++
	if g.tries >= MaxTries {
		g.lockedUntil = now.Add(LockFor)
		g.save()
		return false, LockFor, nil
	}
	g.save()
	return false, 0, nil
}

// Tries returns the wrong tries counted so far (MaxTries while locked), for
// a message such as "2 tries left".
func (g *Guard) Tries() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unlock(g.now())
	return g.tries
}

// unlock ends a lock that has run out and returns the time left on one that
// has not.
func (g *Guard) unlock(now time.Time) time.Duration {
	if g.lockedUntil.IsZero() {
		return 0
	}
	left := g.lockedUntil.Sub(now)
	if left > LockFor {
		// The clock went back: restart the minute rather than lock for as
		// long as it jumped.
		g.lockedUntil, left = now.Add(LockFor), LockFor
		g.save()
	}
	if left > 0 {
		return left
	}
	g.lockedUntil, g.tries = time.Time{}, 0
	g.save()
	return 0
}
