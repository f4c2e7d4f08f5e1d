// Package locale gives the kiosk a locale Fyne can parse, before any of
// Fyne's packages reads it: under LANG=C (a service, a container) Fyne
// logs an error on every start. Imported for its side effect by the kiosk
// application (kiosk/app); Go initialises it first, as it needs only the
// standard library and its path sorts before every module Fyne depends on.
package locale

import "os"

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		switch os.Getenv(v) {
		case "":
			continue
		case "C", "C.UTF-8", "C.utf8", "POSIX":
			// French, like the kiosk's own default: a C locale says
			// nothing of the people in front of the screen.
			os.Setenv(v, "fr_FR.UTF-8")
		}
		return
	}
}
