// Command kiosk is the Accueil check-in kiosk: it scans badges, decides at
// once from its own store and records every scan. With -headless it reads
// payloads on standard input and writes one JSON verdict per line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	quietLocale()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// quietLocale gives Fyne a locale it can parse: under LANG=C (a service,
// a container) it would log an error on every start. French, like the
// kiosk's own default: a C locale says nothing of the people in front of
// the screen.
func quietLocale() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		switch os.Getenv(v) {
		case "":
			continue
		case "C", "C.UTF-8", "C.utf8", "POSIX":
			os.Setenv(v, "fr_FR.UTF-8")
		default:
			return
		}
	}
}
