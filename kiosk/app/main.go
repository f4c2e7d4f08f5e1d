// Package app is the kiosk application behind cmd/kiosk: its flags, and the
// wiring of the store, the hub client, the camera and the screens, for the
// window, the headless kiosk, `kiosk decode` and `kiosk -purge`. Its Main
// runs in-process, so tests drive the whole command without building it.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitPending: scans are still waiting for the hub after -drain; they
	// stay on disk for the next run.
	exitPending = 3
)

// Main is the kiosk command, with its standard streams, so tests can run it
// in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type options struct {
	headless   bool
	data       string
	roster     string
	skipBad    bool
	name       string
	checkpoint string
	direction  string
	drain      time.Duration
	version    bool
	enroll     string
	mode       string
	fullscreen bool
	camera     string
	cameraSet  bool // -camera was given: it wins over the settings' choice
	lang       string
	mute       bool
	speak      bool
	color      string
	purge      bool
}

func defaultDataDir() string {
	if dir, err := os.UserConfigDir(); err == nil {
		return dir + "/accueil/kiosk"
	}
	return "accueil-kiosk"
}

// Run runs the command and returns its exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "decode" {
		return m.decode(args[1:])
	}
	var o options
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.BoolVar(&o.headless, "headless", false, "run without a window: payloads on standard input, one JSON verdict per line on standard output")
	fs.StringVar(&o.data, "data", defaultDataDir(), "data `folder` (one kiosk process per folder)")
	fs.StringVar(&o.roster, "roster", "", "import this roster `file` (CSV) before scanning; attendees are added or updated by id")
	fs.BoolVar(&o.skipBad, "skip-bad", false, "with -roster, import the good rows even when some rows are bad")
	fs.StringVar(&o.name, "name", "", "name of this kiosk on its first start (default kiosk- and four random hex digits)")
	fs.StringVar(&o.checkpoint, "checkpoint", "", "checkpoint `id` this kiosk scans for (default: entrance, or as last set in the window's settings)")
	fs.StringVar(&o.direction, "direction", "in", "scan direction: in or out")
	fs.DurationVar(&o.drain, "drain", 10*time.Second, "at end of input, how long to wait for queued scans to reach the hub (when enrolled); exit status 3 if some still wait")
	fs.StringVar(&o.enroll, "enroll", "", "join a hub with this enrollment `code` (from 'hub kiosk add')")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.StringVar(&o.mode, "mode", "", "window mode: self, desk, session or organiser (default: as last set in the settings, else self)")
	fs.BoolVar(&o.fullscreen, "fullscreen", false, "start the window full screen")
	fs.StringVar(&o.camera, "camera", "auto", "camera: auto, off, /dev/videoN or dir:PATH; when not given, the one last chosen in the settings, else auto")
	fs.StringVar(&o.lang, "lang", "", "screen language, fr or en (default: the system's, else fr)")
	fs.BoolVar(&o.mute, "mute", false, "no sounds")
	fs.BoolVar(&o.speak, "speak", false, "say self-service verdicts aloud in the attendee's language, with espeak-ng when installed")
	fs.BoolVar(&o.purge, "purge", false, "remove personal data from -data after the event (scans and counts stay), then exit")
	fs.StringVar(&o.color, "color", "", "the event's colour for the window's header and buttons, as #RRGGBB (kept for the next start)")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage:\n  kiosk [-data DIR] [-mode self|desk|session|organiser] [-checkpoint ID] [-fullscreen] [-camera auto|off|/dev/videoN|dir:PATH] [-lang fr|en] [-enroll CODE]\n  kiosk -headless -data DIR [-roster FILE.csv] [-enroll CODE] [-checkpoint ID] [-direction in|out] [-drain 10s]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	fs.Visit(func(f *flag.Flag) { o.cameraSet = o.cameraSet || f.Name == "camera" })
	if o.version {
		fmt.Fprintf(m.Stdout, "kiosk %s (%s)\n", kiosk.Version, runtime.Version())
		return exitOK
	}
	if fs.NArg() > 0 {
		return m.fail(exitUsage, fmt.Errorf("unexpected argument %q (see kiosk -h)", fs.Arg(0)))
	}
	dir, err := kiosk.ParseDirection(o.direction)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	if o.purge {
		return m.purgeData(o.data)
	}
	if o.headless {
		if o.checkpoint == "" {
			o.checkpoint = kiosk.EntranceID
		}
		return m.runHeadless(ctx, o, dir)
	}
	if !validCamera(o.camera) {
		return m.fail(exitUsage, fmt.Errorf("-camera %q: want auto, off, a device such as /dev/video0, or dir:PATH", o.camera))
	}
	return m.runWindow(ctx, o, dir)
}

func (m *Main) fail(code int, err error) int {
	fmt.Fprintf(m.Stderr, "kiosk: %v\n", err)
	return code
}

// purgeData removes personal data from a kiosk's folder after the event.
func (m *Main) purgeData(dir string) int {
	st, err := sqlite.Open(dir)
	if err != nil {
		return m.fail(exitFailure, err)
	}
	defer st.Close()
	n, err := st.Purge(context.Background())
	if err != nil {
		return m.fail(exitFailure, err)
	}
	fmt.Fprintf(m.Stdout, "purged the personal data of %d attendees from %s; scans and counts are kept\n", n, dir)
	return exitOK
}
