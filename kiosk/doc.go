// Package kiosk holds the check-in domain: attendees, checkpoints, scans,
// verdicts, signed badge tokens and the rules that turn a scanned badge into a
// verdict. It depends on the standard library only, so that the kiosk, the
// hub and every adapter share one definition of what a check-in means.
package kiosk
