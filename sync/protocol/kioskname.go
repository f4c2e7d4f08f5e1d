package protocol

import (
	"fmt"
	"strings"
	"unicode"
)

// MaxKioskName is the longest kiosk name, in bytes: names show in lists,
// logs, exports and every scan the kiosk sends.
const MaxKioskName = 64

// CheckKioskName is the one rule for a kiosk's name, wherever a person
// chooses it (`hub kiosk add`, the dashboard's kiosks page) and wherever
// the hub stores it; its message says what would be accepted.
func CheckKioskName(name string) error {
	bad := name == "" || len(name) > MaxKioskName || strings.TrimSpace(name) != name ||
		strings.HasPrefix(name, "-") || strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0
	if bad {
		return fmt.Errorf("kiosk name %q refused: use 1 to %d printable characters, with no space at either end and no leading '-', such as entree-2",
			name, MaxKioskName)
	}
	return nil
}
