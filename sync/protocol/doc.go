// Package protocol holds the versioned wire messages between kiosks, hub and
// dashboards.
//
// Every WebSocket frame is one JSON text frame holding one envelope,
//
//	{"type": "scans", "data": {...}}
//
// whose data is the payload struct of that type. Encode writes an envelope and
// Decode reads one, validating it fully, so that the hub and the kiosks never
// act on a half-checked message. A peer that meets a type it does not know
// skips the frame (see ErrUnknownType): that is how a newer hub talks to an
// older kiosk within one protocol version. Unknown fields are ignored for the
// same reason.
//
// Conversation, kiosk to hub: hello first, then scans and heartbeats; the hub
// answers welcome, then acks, seen scans of other kiosks, roster, checkpoints
// and revocations updates and, for organiser kiosks and dashboards, counts.
// Either side may send an error before closing.
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
