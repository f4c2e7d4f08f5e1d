package hubstore

// The keys of the hub's settings table, all here so that a reader sees at
// once what a hub keeps besides its tables. A key is never renamed: hubs'
// data folders and their backups outlive the software.
const (
	// settingEventID, settingEventName and settingTimeZone are the event's
	// (`hub init`).
	settingEventID   = "event_id"
	settingEventName = "event_name"
	settingTimeZone  = "time_zone"
	// settingPrivateKey is the current badge signing key; settingPublicKeys
	// every key still valid, the current first, space-separated.
	settingPrivateKey = "private_key"
	settingPublicKeys = "public_keys"
	// settingDashboardToken is the organisers' token (`hub token`).
	settingDashboardToken = "dashboard_token"
	// settingGeneration names this hub's life: a restored hub or a
	// promoted standby gets a new one (protocol.Welcome.Generation).
	settingGeneration = "generation"
	// settingStaffPIN is the staff PIN's hash (`hub pin set`).
	settingStaffPIN = "staff_pin"
	// settingStandbyAddr is the warm standby hub's address.
	settingStandbyAddr = "standby_addr"
	// settingProjectorKey is the projector view's key; absent when the
	// view is off.
	settingProjectorKey = "projector_key"
)
