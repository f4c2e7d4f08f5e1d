package protocol

import (
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Hello is a kiosk's first frame: who it is and what it already has, so the
// hub sends only what is missing.
type Hello struct {
	// Protocol is the Version the kiosk speaks.
	Protocol int    `json:"protocol"`
	Kiosk    string `json:"kiosk"`
	Epoch    string `json:"epoch"`
	// The versions of the roster, checkpoints and revocations the kiosk
	// holds; 0 means none.
	RosterVersion      int64 `json:"roster_version"`
	CheckpointsVersion int64 `json:"checkpoints_version"`
	RevocationsVersion int64 `json:"revocations_version"`
	// SeenCursor is the highest relay cursor already applied.
	SeenCursor int64 `json:"seen_cursor"`
	// KioskTime lets the hub measure the kiosk's clock offset.
	KioskTime time.Time `json:"kiosk_time"`
	Software  string    `json:"software,omitempty"`
	// Generation is the hub generation the versions and cursor above come
	// from (Welcome.Generation); empty before the first welcome.
	Generation string `json:"generation,omitempty"`
	// CompactRelays says the kiosk reads Relay: the hub relays to it in
	// that spelling rather than as Seen.
	CompactRelays bool `json:"compact_relays,omitempty"`
}

// Type implements Message.
func (Hello) Type() string { return typeHello }

func (h Hello) validate() *ValidationError {
	if h.Protocol < 1 {
		return invalid("protocol", "%d is not a protocol version", h.Protocol)
	}
	return firstError(
		checkString("kiosk", h.Kiosk, nameRule),
		checkString("epoch", h.Epoch, nameRule),
		checkNonNegative("roster_version", h.RosterVersion),
		checkNonNegative("checkpoints_version", h.CheckpointsVersion),
		checkNonNegative("revocations_version", h.RevocationsVersion),
		checkNonNegative("seen_cursor", h.SeenCursor),
		checkTime("kiosk_time", h.KioskTime),
		checkString("software", h.Software, optionalNameRule),
		checkString("generation", h.Generation, optionalNameRule),
	)
}

// Welcome is the hub's answer to a Hello it accepts.
type Welcome struct {
	// Protocol is the Version the hub will speak on this connection.
	Protocol int       `json:"protocol"`
	HubTime  time.Time `json:"hub_time"`
	// ClockOffsetMillis is the hub's time minus the kiosk's at hello, so a
	// kiosk with a wrong clock can say so on screen.
	ClockOffsetMillis int64  `json:"clock_offset_ms"`
	Kiosk             string `json:"kiosk"`
	// Role is the kiosk's enrolled role, one of Roles.
	Role  string `json:"role"`
	Event string `json:"event"`
	// PublicKeys verify badges, in kiosk.PublicKey.String form.
	PublicKeys []string `json:"public_keys"`
	// AckedSeq is the highest seq of this kiosk and epoch the hub has
	// stored: the kiosk may drop its outbox up to it and resend the rest,
	// its own scans above it included (a hub restored from an older backup
	// holds less than it once acknowledged).
	AckedSeq int64 `json:"acked_seq"`
	// Generation names the hub's life: a hub restored from a backup, or a
	// promoted standby, has a new one. A kiosk whose Hello named another
	// generation gets everything again from zero (relays, roster,
	// checkpoints, revocations), since the new hub numbers them afresh, and
	// sends again what the hub lacks.
	Generation string `json:"generation,omitempty"`
	// Standby is the warm standby hub's address, which the kiosk dials
	// when this hub does not answer.
	Standby string `json:"standby,omitempty"`
}

// Type implements Message.
func (Welcome) Type() string { return typeWelcome }

func (w Welcome) validate() *ValidationError {
	if w.Protocol < 1 {
		return invalid("protocol", "%d is not a protocol version", w.Protocol)
	}
	if verr := firstError(
		checkTime("hub_time", w.HubTime),
		checkString("kiosk", w.Kiosk, nameRule),
		checkString("role", w.Role, nameRule),
		checkString("event", w.Event, eventRule),
		checkNonNegative("acked_seq", w.AckedSeq),
		checkString("generation", w.Generation, optionalNameRule),
		checkString("standby", w.Standby, stringRule{max: 253 + 8, printable: true}),
	); verr != nil {
		return verr
	}
	for i, k := range w.PublicKeys {
		// A kiosk that cannot read its keys would refuse every badge: better
		// to refuse the welcome and say why.
		if _, err := kiosk.ParsePublicKey(k); err != nil {
			return invalid(item("public_keys", i), "%v", err)
		}
	}
	return nil
}

// Heartbeat tells the hub a kiosk is alive and how far behind it is.
type Heartbeat struct {
	// Pending is the number of scans waiting in the kiosk's outbox.
	Pending    int       `json:"pending"`
	KioskTime  time.Time `json:"kiosk_time"`
	Checkpoint string    `json:"checkpoint,omitempty"`
	LastScanAt time.Time `json:"last_scan_at,omitzero"`
}

// Type implements Message.
func (Heartbeat) Type() string { return typeHeartbeat }

func (h Heartbeat) validate() *ValidationError {
	return firstError(
		checkNonNegative("pending", int64(h.Pending)),
		checkTime("kiosk_time", h.KioskTime),
		checkString("checkpoint", h.Checkpoint, optionalNameRule),
		checkOptionalTime("last_scan_at", h.LastScanAt),
	)
}

// The error codes. A peer may send codes this version does not list; treat
// those like CodeInternal.
const (
	// CodeBadMessage: a frame failed Decode.
	CodeBadMessage = "bad_message"
	// CodeUnsupportedProtocol: Hello.Protocol is one the hub cannot speak.
	CodeUnsupportedProtocol = "unsupported_protocol"
	// CodeUnauthorized: the credential is unknown.
	CodeUnauthorized = "unauthorized"
	// CodeRevoked: the kiosk's credential was revoked; it must enroll again.
	CodeRevoked = "revoked"
	// CodeForbiddenRole: the kiosk's role may not send this message.
	CodeForbiddenRole = "forbidden_role"
	// CodeTooLarge: a frame was over MaxFrameBytes or a batch over MaxBatch.
	CodeTooLarge = "too_large"
	// CodeOutOfOrder: a message came before hello, or a batch's sequence
	// numbers went backwards.
	CodeOutOfOrder = "out_of_order"
	// CodeInternal: the sender failed; retry later.
	CodeInternal = "internal"
	// CodeRefused: the hub refused part or all of a message for the reason
	// in Error.Reason (one of the Refused* reasons); what it refused
	// changed nothing, and the connection goes on.
	CodeRefused = "refused"
)

// Error reports why a peer is refusing a message or closing the connection.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
	// Reason says why, with CodeRefused and CodeForbiddenRole: one of the
	// Refused* reasons.
	Reason string `json:"reason,omitempty"`
	// Scans are the ids of the refused scans of a batch, at most MaxBatch.
	Scans []string `json:"scans,omitempty"`
	// RetryAfterMillis, with RefusedQuota, is when the batch may be sent
	// again; it was not stored nor acknowledged.
	RetryAfterMillis int64 `json:"retry_after_ms,omitempty"`
}

// Type implements Message.
func (Error) Type() string { return typeError }

func (e Error) validate() *ValidationError {
	if len(e.Scans) > MaxBatch {
		return invalid("scans", "%d scan ids, more than %d", len(e.Scans), MaxBatch)
	}
	for i, id := range e.Scans {
		if !isScanID(id) {
			return invalid(item("scans", i), "%.40q is not a scan id", id)
		}
	}
	return firstError(checkString("code", e.Code, nameRule), checkString("message", e.Message, textRule),
		checkString("reason", e.Reason, optionalNameRule), checkNonNegative("retry_after_ms", e.RetryAfterMillis))
}

// StaffPIN carries the staff PIN set with `hub pin set`, hashed (hub →
// kiosk), after the welcome and whenever it changes: every kiosk of the
// venue takes the same PIN, and none asks staff to choose one.
type StaffPIN struct {
	// Hash is the PIN's salted Argon2id hash, in package kiosk/pin's
	// encoding, which the kiosk checks before keeping it.
	Hash string `json:"hash"`
}

// Type implements Message.
func (StaffPIN) Type() string { return typeStaffPIN }

func (p StaffPIN) validate() *ValidationError {
	return checkString("hash", p.Hash, stringRule{required: true, max: 512, printable: true})
}
