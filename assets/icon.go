package assets

import _ "embed"

// Icon is the application's icon (PNG, 512×512), the same file
// FyneApp.toml names for packaging.
//
//go:embed icon.png
var Icon []byte
