package assets

import "embed"

// DejaVu Sans covers Latin with every European accent, Vietnamese, Greek,
// Cyrillic and more: the names of foreign delegations print as typed.
// Its licence (assets/fonts/LICENSE-DejaVu) allows embedding.
//
//go:embed fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf
var fonts embed.FS

// FontRegular is DejaVu Sans, the TrueType file documents embed.
func FontRegular() []byte { return mustReadFont("fonts/DejaVuSans.ttf") }

// FontBold is DejaVu Sans Bold.
func FontBold() []byte { return mustReadFont("fonts/DejaVuSans-Bold.ttf") }

func mustReadFont(name string) []byte {
	b, err := fonts.ReadFile(name)
	if err != nil {
		panic("assets: " + name + " is not embedded: " + err.Error())
	}
	return b
}
