// Package protocol is the whole wire contract between kiosks, the hub and
// dashboards: the messages, the roles, the close codes, the limits and the
// versions. It holds no network code (packages sync/hub and sync/hubclient
// speak it) and imports only the standard library and the domain, so a
// reader finds here everything a peer may send and what it means.
//
// # Frames
//
// Every WebSocket frame is one JSON text frame holding one envelope,
//
//	{"type": "scans", "data": {...}}
//
// whose data is the payload struct of that type. Encode validates a message
// and writes its envelope; Decode reads one and validates all of it, so the
// hub and the kiosks never act on a half-checked message. A peer that meets
// a type it does not know skips the frame (Decode's error wraps
// ErrUnknownType), and unknown fields are ignored: that is how a newer hub
// talks to an older kiosk within one protocol Version.
//
// # Who sends what
//
//	type          direction        payload            when
//	hello         kiosk → hub      Hello              first frame, always
//	welcome       hub → kiosk      Welcome            answer to an accepted hello
//	scans         kiosk → hub      ScanBatch          outbox rows, oldest first
//	ack           hub → kiosk      Ack                after each batch is stored
//	seen          hub → kiosk      Seen               other kiosks' accepted scans
//	relay         hub → kiosk      Relay              the same, compact, to kiosks whose Hello asks
//	roster        hub → kiosk      RosterUpdate       catch-up pages, then changes
//	checkpoints   hub → kiosk      CheckpointsUpdate  catch-up, then changes
//	revocations   hub → kiosk      RevocationsUpdate  catch-up, then changes
//	staff_pin     hub → kiosk      StaffPIN           after welcome, on change
//	heartbeat     kiosk → hub      Heartbeat          every 10 s
//	walkins       kiosk → hub      WalkIns            a desk's new attendees
//	walkins_ack   hub → kiosk      WalkInsAck         their signed badges
//	counts        hub → organiser  Counts             on change (also dashboards, without kiosks)
//	kiosks        hub → dashboard  KioskList          the kiosks' states, when they change
//	alerts        hub → desk       Alerts             the unacknowledged list, on change
//	error         either way       Error              a refusal, or before a close
//
// Enrollment is plain HTTP(S), before any socket: the kiosk POSTs an
// EnrollRequest to /api/v1/enroll and keeps the EnrollResponse. Dashboards'
// sockets (/ws/dashboard, /ws/projector) only receive counts, and the
// dashboard's the kiosk list (kiosks) apart from them.
//
// # Handshake
//
// A kiosk dials /ws/kiosk with its credential as "Authorization: Bearer";
// an unknown or revoked credential gets the socket closed with
// CloseUnauthorized or CloseRevoked before any frame. The kiosk's first
// frame is a Hello naming its epoch, the versions of roster, checkpoints and
// revocations it holds, its relay cursor and the hub Generation those come
// from; anything else is closed with CloseBadHello, another Version with
// CloseUnsupported. The hub answers Welcome (its clock, the kiosk's role,
// the event's badge keys, AckedSeq) and then catches the kiosk up: only
// what is newer than the Hello's versions and cursor, or everything from
// zero when the Hello names another generation (a restored hub or a
// promoted standby numbers afresh).
//
// # Sequencing and acknowledgements
//
// Scans are at-least-once with exactly-once effect. Each scan carries the
// kiosk's sequence number (WireScan.Seq, from 1 within an Epoch; a wiped
// kiosk starts a new epoch) and a random id, the hub's idempotency key. A
// ScanBatch is in increasing Seq order; the hub stores it idempotently and
// answers Ack with the highest Seq stored, and the kiosk deletes outbox rows
// only up to it. Welcome.AckedSeq tells a reconnecting kiosk where to resume:
// it sends again whatever lies above. Relays carry the hub's Cursor, which
// grows over the whole hub; a kiosk resumes from the highest it applied
// (Hello.SeenCursor). Roster, checkpoints and revocations updates carry
// the Version the kiosk holds once it has applied them, so a kiosk cut off
// halfway resumes where it stopped. Counts carry a Version too: they are
// state, and a reader drops any older than what it shows.
//
// # Roles
//
// Every kiosk is enrolled with one of Roles; RightsOf is the one table of
// what each may send, which the hub enforces on every message (a refusal is
// an Error with CodeRefused or CodeForbiddenRole and one of the Refused*
// reasons, and changes nothing) and the kiosk follows, so that an honest
// kiosk is never refused. An admission carries its badge evidence
// (WireScan.Evidence), which the hub verifies.
//
// # Limits
//
// A frame is at most MaxFrameBytes either way (both sides set it as their
// read limit; Encode refuses to write more); a batch or relay at most
// MaxBatch scans; a walk-in message at most MaxWalkIns attendees; catch-up
// pages are cut by size at PageBudget (Fit); every string field has a
// length limit (the domain's kiosk.Max* and this package's rules), checked
// by Decode. The hub also bounds the frames per second of one session and
// closes a flood with CloseTooManyMessages.
//
// # Close codes
//
// The Close* constants are every code a hub closes a socket with; the close
// frame's text says why for people. Kiosks read CloseUnauthorized and
// CloseRevoked as "enroll again"; CloseGoingAway, CloseSlowConsumer and
// CloseInternal as "dial again".
//
// # Versions
//
// Version grows only for a change an older peer would misread; new message
// types and new fields do not need it. A hub speaks one Version and closes
// a Hello of another with CloseUnsupported.
package protocol

// Version is the protocol a peer speaks. It grows only for changes an older
// peer would misread; new message types and new fields do not need it.
const Version = 1

// MaxFrameBytes is the largest frame either side accepts: both set it as the
// WebSocket read limit, and Encode refuses to write a larger one.
const MaxFrameBytes = 1 << 20

// MaxBatch is the most scans one scans or seen message carries: about 100 KB
// of JSON, and under 400 KB with every field at its longest, so a full batch
// always fits MaxFrameBytes; yet one ack frees a useful part of a kiosk's
// outbox after a long outage.
const MaxBatch = 500
