package kiosk

// Version is the release of both binaries; FyneApp.toml carries the same.
const Version = "0.1.0"
