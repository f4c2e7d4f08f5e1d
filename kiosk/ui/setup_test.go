package ui

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// The refusals staff meet while setting a kiosk up say how to put it right.
func TestSetupErrorsSayTheFix(t *testing.T) {
	t.Run("PIN of the wrong form", func(t *testing.T) {
		v := newVenue(t)
		var enrolled atomic.Bool
		k, w := startWindow(t, v, Staff{SavePIN: func(string) error { return nil }}, &enrolled)
		// The first-start dialog asks for a PIN twice.
		for _, bad := range []string{"12", "12ab", "123456789"} {
			k.do(func() {
				var fields []*scanSafeEntry
				for _, o := range overlayObjects(w) {
					if e, ok := o.(*scanSafeEntry); ok {
						fields = append(fields, e)
					}
				}
				if len(fields) != 2 {
					t.Fatalf("%d PIN fields in the first-start dialog", len(fields))
				}
				fields[0].SetText(bad)
				fields[1].SetText(bad)
				fields[1].OnSubmitted(bad)
			})
			if got := withUI(k, func() string { return overlayText(w) }); !strings.Contains(got, "tapez 4 à 8 chiffres") {
				t.Errorf("PIN %q: the dialog says %q", bad, got)
			}
		}
	})
	t.Run("enrollment code refused", func(t *testing.T) {
		v := newVenue(t)
		var enrolled atomic.Bool
		staff := Staff{IsEnrollmentCode: isTestCode,
			Enroll: func(string) error { return errors.New("enrollment code: damaged or mistyped (not valid base32)") }}
		k, w := startWindow(t, v, staff, &enrolled)
		k.Submit(testCode)
		eventually(t, "error dialog", func() bool {
			return strings.Contains(withUI(k, func() string { return overlayText(w) }), "hub kiosk add")
		})
		got := withUI(k, func() string { return overlayText(w) })
		for _, want := range []string{"Enrôlement impossible", "damaged or mistyped", "même réseau"} {
			if !strings.Contains(got, want) {
				t.Errorf("the dialog misses %q: %q", want, got)
			}
		}
	})
}
