package kiosk

// The keys of a kiosk's settings table, in one place: the store, the
// start-up, the sync client and the window all read and write the same
// table, and a key spelled twice is a setting silently lost. Each is
// written by the part named beside it.
const (
	// SettingEvent is the event's id, set at enrollment or with the demo
	// (boot, sync client): outside codes are hashed with it.
	SettingEvent = "event_id"
	// SettingEventName is the event's name shown on screens (boot).
	SettingEventName = "event_name"
	// SettingPublicKeys holds the event's badge keys, the current first,
	// space-separated: from enrollment, then from every welcome of the hub.
	SettingPublicKeys = "public_keys"
	// SettingTimeZone is the event's IANA zone: days and opening hours
	// are the venue's (boot, sync client).
	SettingTimeZone = "time_zone"
	// SettingName and SettingEpoch are the kiosk's identity (boot): a new
	// epoch after a wiped folder tells the hub to expect sequence 1 again.
	SettingName  = "kiosk_name"
	SettingEpoch = "epoch"

	// SettingHubRole is the role the hub enrolled this kiosk with; empty
	// for a kiosk without a hub. The store keeps outside codes in plain on
	// desks only.
	SettingHubRole = "hub_role"
	// The hub this kiosk is enrolled with (sync client): its address,
	// whether it speaks TLS, its certificate's fingerprint, this kiosk's
	// credential, and the standby's address.
	SettingHub         = "hub_addr"
	SettingTLS         = "hub_tls"
	SettingFingerprint = "hub_fingerprint"
	SettingCredential  = "hub_credential"
	SettingStandby     = "hub_standby"
	// SettingStaffPIN is the staff PIN's hash: the hub's, or one chosen at
	// first start on a kiosk with no hub.
	SettingStaffPIN = "staff_pin"
	// The PIN's lock-out state (store), kept across restarts so that
	// restarting does not give five more tries.
	SettingPINTries       = "staff_pin_tries"
	SettingPINLockedUntil = "staff_pin_locked_until"

	// What the kiosk has of the hub's changes (store): versions of the
	// roster, checkpoints and revocations, the relay cursor, and the hub's
	// generation (a restored or new hub makes the kiosk send again).
	SettingRosterVersion      = "sync_roster_version"
	SettingCheckpointsVersion = "sync_checkpoints_version"
	SettingRevocationsVersion = "sync_revocations_version"
	SettingSeenCursor         = "sync_seen_cursor"
	SettingHubGeneration      = "sync_hub_generation"
	// SettingAckedSeq is the highest seq of this kiosk's own scans that the
	// hub has acknowledged (store): the outbox is its own scans after it.
	SettingAckedSeq = "sync_acked_seq"
	// SettingSearchIndexPending is "1" while a downloaded roster's words
	// wait to enter the search index (store).
	SettingSearchIndexPending = "search_index_pending"
	// How the store keeps outside codes (store): for which event they were
	// hashed, and whether plain codes were dropped.
	SettingCodesEvent   = "codes_event"
	SettingCodesCompact = "codes_compact"

	// What staff chose in the window's settings (window), for the next
	// start: sounds on or off, mode, checkpoint, camera, the event's
	// colour, and the desk's printer queue.
	SettingSounds           = "sounds"
	SettingWindowMode       = "window_mode"
	SettingWindowCheckpoint = "window_checkpoint"
	SettingWindowCamera     = "window_camera"
	SettingWindowColor      = "window_color"
	SettingPrinter          = "desk_printer"
)
