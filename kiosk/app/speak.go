package app

import (
	"log/slog"

	"github.com/accueil/accueil/kiosk/speech"
	"github.com/accueil/accueil/kiosk/ui"
)

// speaker is -speak's voice: espeak-ng when installed, else silence (New
// says why in the log). Made once per window, not per screen: the screens
// are rebuilt on each change of mode. Off, it is nil, never an interface
// holding a nil pointer.
func speaker(o options, log *slog.Logger) ui.Speaker {
	if !o.speak {
		return nil
	}
	return speech.New(log)
}
