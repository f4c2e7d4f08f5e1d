package protocol

// EnrollRequest is what a kiosk POSTs to /api/v1/enroll to spend its
// one-time enrollment code. Enrollment is plain HTTP(S), not a WebSocket
// message: the kiosk has no credential yet.
type EnrollRequest struct {
	Token string `json:"token"`
	// Credential is the secret the kiosk will authenticate with, chosen by
	// the kiosk so that a retry after a lost answer is recognised. The hub
	// keeps only its hash; when empty, the hub chooses one.
	Credential string `json:"credential,omitempty"`
	Software   string `json:"software,omitempty"`
}

// EnrollResponse is what an enrolled kiosk keeps: its name and role, its
// own credential, and the event whose badges it checks.
type EnrollResponse struct {
	Kiosk      string   `json:"kiosk"`
	Role       string   `json:"role"`
	Credential string   `json:"credential"`
	Event      string   `json:"event"`
	EventName  string   `json:"event_name"`
	TimeZone   string   `json:"time_zone"`
	PublicKeys []string `json:"public_keys"`
	// StaffPIN is the staff PIN's hash (package kiosk/pin's encoding) set
	// with `hub pin set`: an enrolled kiosk never asks for one at start.
	StaffPIN string `json:"staff_pin,omitempty"`
}
