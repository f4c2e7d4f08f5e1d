package assets

import "embed"

// I18N holds the kiosk's message catalogue, i18n/fr.json and i18n/en.json,
// read by package kiosk/i18n. The pattern fails the build if the folder has
// no JSON file; i18n.Load checks that both languages are there.
//
//go:embed i18n/*.json
var I18N embed.FS
