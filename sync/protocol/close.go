package protocol

// The WebSocket close codes of the hub, in the range RFC 6455 leaves to
// applications (4000–4999) plus the standard ones it uses with a meaning of
// its own. A close frame's text says why in words for people; the code is
// for programs: kiosks, the dashboard's page (which the hub tells these
// codes, see sync/hub's pages) and tests read it. The last three digits
// echo the nearest HTTP status, so a reader guesses their meaning.
const (
	// CloseNormal ends a session that has nothing more to say.
	CloseNormal = 1000
	// CloseGoingAway: the hub is shutting down, or the kiosk must dial
	// again to get what changed (new badge keys); dial again.
	CloseGoingAway = 1001
	// CloseTooBig: a frame was over MaxFrameBytes.
	CloseTooBig = 1009
	// CloseInternal: the hub failed; dial again later.
	CloseInternal = 1011
	// CloseBadHello: the first frame was not a valid Hello.
	CloseBadHello = 4400
	// CloseUnauthorized: the credential (a kiosk's) or the session (a
	// dashboard's) is unknown or expired; a kiosk must enroll again, a
	// dashboard log in again.
	CloseUnauthorized = 4401
	// CloseRevoked: the kiosk was revoked; it must enroll again.
	CloseRevoked = 4403
	// CloseProjectorOff: the projector view is off or its key changed.
	CloseProjectorOff = 4404
	// CloseSlowConsumer: the kiosk read too slowly to keep up; dial again.
	CloseSlowConsumer = 4408
	// CloseUnsupported: Hello.Protocol is a version the hub cannot speak.
	CloseUnsupported = 4426
	// CloseTooManyMessages: the peer sent more frames, or more bad ones,
	// than any honest peer would.
	CloseTooManyMessages = 4429
)
