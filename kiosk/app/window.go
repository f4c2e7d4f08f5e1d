package app

import (
	// Before Fyne reads the locale.
	_ "github.com/accueil/accueil/kiosk/app/locale"

	"context"
	"fmt"
	"image"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/printing"
	"github.com/accueil/accueil/kiosk/qr/v4l2"
	"github.com/accueil/accueil/kiosk/sound"
	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/protocol"
)

// appID is the application's identity, as in FyneApp.toml.
const appID = "org.accueil.kiosk"

// screenLanguage picks the screen's first language: the flag, else the
// system's, else French.
func screenLanguage(flagValue string) (i18n.Lang, error) {
	switch flagValue {
	case "fr", "en":
		return i18n.Lang(flagValue), nil
	case "":
	default:
		return "", fmt.Errorf("unknown language %q (want fr or en)", flagValue)
	}
	for _, v := range []string{os.Getenv("LC_ALL"), os.Getenv("LC_MESSAGES"), os.Getenv("LANG")} {
		if strings.HasPrefix(v, "en") {
			return "en", nil
		}
		if v != "" {
			break
		}
	}
	return "fr", nil
}

// runWindow runs the kiosk with its window until the window closes.
func (m *Main) runWindow(ctx context.Context, o options, dir kiosk.Direction) int {
	mode, ok := ui.ParseMode(o.mode)
	if !ok && o.mode != "" {
		return m.fail(exitUsage, fmt.Errorf("unknown mode %q (want self, desk, session or organiser)", o.mode))
	}
	lang, err := screenLanguage(o.lang)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	w := &window{ctx: ctx, dir: dir}
	if w.cat, err = i18n.Builtin(); err != nil {
		return m.fail(exitFailure, err)
	}
	w.k, w.sync, w.log, err = m.openKiosk(ctx, o, w.takeCounts)
	if err != nil {
		return m.fail(exitFailure, err)
	}
	defer w.k.Close()
	w.voice = speaker(o, w.log)
	defer w.sync.stop()
	if mode, err = w.startMode(o.mode, mode); err != nil {
		return m.fail(exitUsage, err)
	}
	cpID := o.checkpoint
	if cpID == "" {
		cpID = kiosk.EntranceID
		if stored := setting(ctx, w.k, kiosk.SettingWindowCheckpoint); stored != "" {
			cpID = stored
		}
	}
	cp, err := checkpoint(ctx, w.k, w.sync.current(), cpID)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	if mode == ui.ModeSession && cp.Kind != kiosk.KindSession {
		w.log.Warn("session mode at a checkpoint that is not a session", "checkpoint", cp.ID)
	}
	if w.colors, err = eventColors(ctx, w.k, o.color); err != nil {
		return m.fail(exitUsage, err)
	}
	w.eventName, _ = w.k.Store.Setting(ctx, kiosk.SettingEventName)
	w.loc = w.k.Location()

	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w.fw = a.NewWindow("Accueil — " + w.eventName)
	w.fw.Resize(fyne.NewSize(1024, 768))
	w.fw.SetPadded(false)
	w.fw.SetFullScreen(o.fullscreen)
	soundsOn := !o.mute && setting(ctx, w.k, kiosk.SettingSounds) != "off"
	w.player = sound.New(w.log, soundsOn)
	defer w.player.Close()
	w.initStaff(soundsOn)
	camSpec, fromStore := startCamera(o.cameraSet, o.camera, setting(ctx, w.k, kiosk.SettingWindowCamera))
	camera, camSpec, err := openStartCamera(camSpec, fromStore, w.log)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	takePIN := w.takePIN
	w.sync.onStaffPIN.Store(&takePIN)
	w.cams = &cameras{log: w.log,
		frame:   func(img image.Image) { fyne.Do(func() { w.win.ShowFrame(img) }) },
		payload: func(p string) { fyne.Do(func() { w.win.Submit(p) }) }}
	w.staff.Camera = camSpec
	w.staff.Cameras = v4l2.Devices
	if strings.HasPrefix(camSpec, "dir:") {
		// A demo's replay stays on offer once staff switch away from it.
		w.staff.Cameras = func() []string { return append(v4l2.Devices(), camSpec) }
	}
	w.staff.Checkpoints, _ = w.k.Store.Checkpoints(ctx)
	w.printer = badgePrinter(ctx, w.k, w.eventName, w.sync)
	w.cams.run(camera, camSpec)
	w.build(mode, cp, lang)
	defer func() { w.win.Close() }()
	// Deferred after the window's Close, so it runs first: no frame is on
	// its way once the window goes.
	defer w.cams.stop()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.fw.ShowAndRun()
	return exitOK
}

// window is the kiosk's window and what its screens are made of. Staff may
// choose another mode, checkpoint or camera in the settings, which builds
// the screens again.
type window struct {
	ctx       context.Context
	dir       kiosk.Direction
	k         *boot.Kiosk
	sync      *syncer
	log       *slog.Logger
	cat       *i18n.Catalog
	player    *sound.Player
	voice     ui.Speaker // -speak's; nil when off
	printer   *printing.Badges
	cams      *cameras
	colors    ui.Colors
	eventName string
	loc       *time.Location
	fw        fyne.Window

	// Counts reach the organiser screen once it exists; the newest is kept
	// until then.
	countsSink atomic.Pointer[func(ui.Counts)]
	lastCounts atomic.Pointer[ui.Counts]

	// Read and changed on the UI goroutine only: staff keeps what staff
	// chose, for the screens built after a change of mode or camera; win is
	// the screens now, which a rebuild replaces, so that frames and badges
	// go to the current ones.
	staff   ui.Staff
	win     *ui.Kiosk
	curMode ui.Mode
	curCP   kiosk.Checkpoint
}

// startMode is the mode the window opens in: the -mode flag, else what
// staff chose last, else self. The hub accepts from this kiosk only what
// its role allows: a mode whose actions it would refuse is not opened.
func (w *window) startMode(flagValue string, flagMode ui.Mode) (ui.Mode, error) {
	role := setting(w.ctx, w.k, kiosk.SettingHubRole)
	if flagValue != "" {
		if !protocol.ModeAllowed(role, flagValue) {
			return "", fmt.Errorf("this kiosk is enrolled as %s: %s mode needs a kiosk enrolled with `hub kiosk add -role %s`", role, flagValue, flagValue)
		}
		return flagMode, nil
	}
	mode := ui.ModeSelf
	if stored, ok := ui.ParseMode(setting(w.ctx, w.k, kiosk.SettingWindowMode)); ok {
		mode = stored
	}
	if !protocol.ModeAllowed(role, string(mode)) && protocol.ValidRole(role) {
		w.log.Warn("stored mode not allowed for this kiosk's role: opening its role's mode", "mode", mode, "role", role)
		mode, _ = ui.ParseMode(role)
	}
	return mode, nil
}

// build makes the window's screens for a mode and a checkpoint. It runs on
// the UI goroutine.
func (w *window) build(mode ui.Mode, cp kiosk.Checkpoint, lang i18n.Lang) {
	w.curMode, w.curCP = mode, cp
	camera, _ := w.cams.current()
	st := &kiosk.Station{Reader: w.k.Reader, Recorder: w.k.Store, Kiosk: w.k.Name, Checkpoint: cp.ID, Direction: w.dir, Recorded: w.sync.notify}
	desk := w.k.Store.Desk(w.k.Name, cp.ID, nil)
	desk.Recorded = w.sync.notify
	if w.win != nil {
		w.win.Close()
	}
	w.win = ui.New(ui.Config{Window: w.fw, Mode: mode, Catalog: w.cat, Lang: lang, Sounds: w.player, Scanner: st, Occupancy: w.k.Store, Desk: desk, Printer: w.printer,
		Status: w.status, EventName: w.eventName, KioskName: w.k.Name, Checkpoint: cp, Location: w.loc, Staff: w.staff, Colors: &w.colors,
		Camera: camera != nil && mode != ui.ModeOrganiser, Log: w.log, Speaker: w.voice})
	if camera != nil {
		camera.attach(w.win)
	}
	w.sync.alerts.attach(w.win.SetAlerts)
	setCounts := w.win.SetCounts
	w.countsSink.Store(&setCounts)
	if c := w.lastCounts.Load(); c != nil {
		w.win.SetCounts(*c)
	}
	w.log.Info("kiosk window ready", "kiosk", w.k.Name, "mode", mode, "checkpoint", cp.ID, "language", lang)
}

// takeCounts hears the hub's counts, from the hub client's goroutine.
func (w *window) takeCounts(c protocol.Counts) {
	uc := toUICounts(c)
	w.lastCounts.Store(&uc)
	if f := w.countsSink.Load(); f != nil {
		(*f)(uc)
	}
}

// status is the sync state the screens show.
func (w *window) status() ui.SyncStatus {
	client := w.sync.current()
	if client == nil {
		return ui.SyncStatus{}
	}
	s := client.Status()
	return ui.SyncStatus{Enrolled: true, Connected: s.Connected, Pending: s.Pending, LastSync: s.LastSync,
		ClockOffset: s.ClockOffset, Error: s.LastError}
}
