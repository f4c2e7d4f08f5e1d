package protocol

import (
	"slices"

	"github.com/accueil/accueil/kiosk"
)

// The roles a kiosk is enrolled with (`hub kiosk add -role`). The hub
// believes a kiosk only as far as its role: Rights is the one table of what
// each role may send, which the hub enforces on every message and the kiosk
// follows so that an honest kiosk is never refused.
const (
	// RoleSelf is a self-service kiosk: visitors scan their own badges.
	RoleSelf = "self"
	// RoleDesk is the registration desk, run by staff.
	RoleDesk = "desk"
	// RoleSession is a session room's door.
	RoleSession = "session"
	// RoleOrganiser is an organiser's screen: it watches counts.
	RoleOrganiser = "organiser"
	// RoleStandby is a warm standby hub (`hub standby`): it copies the hub
	// and scans nothing.
	RoleStandby = "standby"
)

// Roles lists every role, in the order people are offered them.
var Roles = []string{RoleSelf, RoleDesk, RoleSession, RoleOrganiser, RoleStandby}

// ValidRole reports whether r is a role.
func ValidRole(r string) bool { return slices.Contains(Roles, r) }

// Rights is what the hub accepts from a kiosk of one role.
type Rights struct {
	// Scans: scans at checkpoints that exist; every admission carries its
	// badge evidence (WireScan.Evidence), which the hub verifies.
	Scans bool
	// Manual: admissions without a badge, typed by staff
	// (Evidence = EvidenceManual), recorded as manual with the kiosk's name.
	Manual bool
	// WalkIns: new attendees registered on the spot.
	WalkIns bool
	// Undo: cancelling the kiosk's own admitted entries less than UndoWindow
	// old (Evidence = EvidenceUndo). No role may undo another kiosk's scan.
	Undo bool
	// Counts: live counts pushed to the kiosk.
	Counts bool
	// BadgeTokens: each attendee's signed badge token and plain outside
	// code with the roster, for reprinting badges. Other roles hold no
	// badge secret.
	BadgeTokens bool
	// Backup: a copy of the whole hub, its signing key included, for a
	// standby that takes over if the hub's laptop dies.
	Backup bool
}

// roleRights is the table. Keep docs/security.md's copy in step: a test
// compares them.
var roleRights = map[string]Rights{
	RoleSelf:      {Scans: true},
	RoleSession:   {Scans: true},
	RoleDesk:      {Scans: true, Manual: true, WalkIns: true, Undo: true, BadgeTokens: true},
	RoleOrganiser: {Counts: true},
	RoleStandby:   {Backup: true},
}

// RightsOf returns what a role may do; an unknown role may do nothing.
func RightsOf(role string) Rights { return roleRights[role] }

// ModeAllowed reports whether a kiosk enrolled with role may run the window
// mode named like another role: a mode needs what its role may do, or the
// hub would refuse what staff do there. A kiosk with no hub (role "") may
// run any mode.
func ModeAllowed(role, mode string) bool {
	if role == "" {
		return true
	}
	have, need := RightsOf(role), RightsOf(mode)
	return ValidRole(mode) && (have.Scans || !need.Scans) && (have.Manual || !need.Manual) &&
		(have.WalkIns || !need.WalkIns) && (have.Counts || !need.Counts)
}

// UndoWindow is how long after its check-in a desk may still cancel it:
// the kiosk's own rule, which the hub holds desks to.
const UndoWindow = kiosk.UndoWindow

// The evidence a scan carries besides a badge's payload.
const (
	// EvidenceManual marks an admission staff made by hand, with no badge.
	EvidenceManual = kiosk.ManualPayload
	// EvidenceUndo marks the scan that cancels a check-in.
	EvidenceUndo = kiosk.UndoPayload
)

// The reasons the hub refuses what a kiosk sent, in Error.Reason and in the
// hub's refusal metric. The set is closed, so a metric label cannot grow
// with what clients send.
const (
	// RefusedRole: the kiosk's role may not send this.
	RefusedRole = "role"
	// RefusedCheckpoint: no such checkpoint at the hub.
	RefusedCheckpoint = "checkpoint"
	// RefusedAttendee: no such attendee in the hub's roster.
	RefusedAttendee = "attendee"
	// RefusedEvidence: an admission without valid badge evidence for its
	// attendee.
	RefusedEvidence = "evidence"
	// RefusedUndo: an undo of a scan that is not the kiosk's own admitted
	// entry, or too old.
	RefusedUndo = "undo"
	// RefusedQuota: the kiosk sent more scans than any honest kiosk could;
	// it may send them again later (Error.RetryAfterMillis).
	RefusedQuota = "quota"
	// RefusedWalkIn: a walk-in that would overwrite an attendee or take
	// another's badge code.
	RefusedWalkIn = "walkin"
)

// RefusalReasons lists the reasons, for metrics.
var RefusalReasons = []string{RefusedRole, RefusedCheckpoint, RefusedAttendee, RefusedEvidence, RefusedUndo, RefusedQuota, RefusedWalkIn}
