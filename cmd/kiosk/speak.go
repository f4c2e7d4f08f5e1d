package main

import (
	"log/slog"
	"sync"

	"github.com/accueil/accueil/kiosk/speech"
	"github.com/accueil/accueil/kiosk/ui"
)

var (
	voiceOnce sync.Once
	voice     *speech.Speaker
)

// speaker is -speak's voice: espeak-ng when installed, else silence (New
// says why in the log, once: the window is rebuilt on each change of mode).
// Off, it is nil, never an interface holding a nil pointer.
func speaker(o options, log *slog.Logger) ui.Speaker {
	if !o.speak {
		return nil
	}
	voiceOnce.Do(func() { voice = speech.New(log) })
	return voice
}
