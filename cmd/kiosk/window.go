package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"os"
	"strings"
	gosync "sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/qr/v4l2"
	"github.com/accueil/accueil/kiosk/sound"
	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubclient"
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
	cat, err := i18n.Builtin()
	if err != nil {
		return m.fail(exitFailure, err)
	}
	// Counts reach the organiser screen once it exists; the newest is kept
	// until then.
	var countsSink atomic.Pointer[func(ui.Counts)]
	var lastCounts atomic.Pointer[ui.Counts]
	k, sync, log, err := m.openKiosk(ctx, o, func(c protocol.Counts) {
		uc := toUICounts(c)
		lastCounts.Store(&uc)
		if f := countsSink.Load(); f != nil {
			(*f)(uc)
		}
	})
	if err != nil {
		return m.fail(exitFailure, err)
	}
	defer k.Close()
	defer sync.stop()
	client := sync.current()
	// What staff chose in the settings holds unless the command line says
	// otherwise.
	// The hub accepts from this kiosk only what its role allows: a mode
	// whose actions it would refuse is not opened.
	role := setting(ctx, k, hubclient.SettingRole)
	if o.mode != "" && !protocol.ModeAllowed(role, o.mode) {
		return m.fail(exitUsage, fmt.Errorf("this kiosk is enrolled as %s: %s mode needs a kiosk enrolled with `hub kiosk add -role %s`", role, o.mode, o.mode))
	}
	if o.mode == "" {
		mode = ui.ModeSelf
		if stored, ok := ui.ParseMode(setting(ctx, k, settingMode)); ok {
			mode = stored
		}
		if !protocol.ModeAllowed(role, string(mode)) && protocol.ValidRole(role) {
			log.Warn("stored mode not allowed for this kiosk's role: opening its role's mode", "mode", mode, "role", role)
			mode, _ = ui.ParseMode(role)
		}
	}
	cpID := o.checkpoint
	if cpID == "" {
		cpID = kiosk.EntranceID
		if stored := setting(ctx, k, settingCheckpoint); stored != "" {
			cpID = stored
		}
	}
	cp, err := checkpoint(ctx, k, client, cpID)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	if mode == ui.ModeSession && cp.Kind != kiosk.KindSession {
		log.Warn("session mode at a checkpoint that is not a session", "checkpoint", cp.ID)
	}
	colors, err := eventColors(ctx, k, o.color)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	eventName, _ := k.Store.Setting(ctx, boot.SettingEventName)
	loc := k.Location()

	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Accueil — " + eventName)
	w.Resize(fyne.NewSize(1024, 768))
	w.SetPadded(false)
	w.SetFullScreen(o.fullscreen)
	soundsOn := !o.mute && setting(ctx, k, settingSounds) != "off"
	player := sound.New(log, soundsOn)
	defer player.Close()
	// takePIN installs a staff PIN the hub set (at enrollment, or while
	// the window is open), from any goroutine.
	var takePIN func(hash string)
	staff := ui.Staff{
		SoundsOn: soundsOn,
		PINState: k.Store.PINState(),
		Enroll: func(code string) error {
			if _, _, err := boot.Join(context.Background(), k.Store, code, log); err != nil {
				return err
			}
			if h := setting(ctx, k, settingPIN); h != "" {
				takePIN(h)
			}
			return sync.restart(ctx)
		},
		IsEnrollmentCode: isEnrollmentCode,
	}
	// These run on the UI goroutine, and keep what staff chose for the
	// window rebuilt after a change of mode or camera.
	staff.SavePIN = func(hash string) error {
		if err := k.Store.SetSettings(context.Background(), map[string]string{settingPIN: hash}); err != nil {
			return err
		}
		staff.PIN = pin.NewGuardWithState(hash, time.Now, k.Store.PINState())
		return nil
	}
	staff.SetSounds = func(on bool) {
		player.SetEnabled(on)
		staff.SoundsOn = on
		v := map[bool]string{true: "on", false: "off"}[on]
		if err := k.Store.SetSettings(context.Background(), map[string]string{settingSounds: v}); err != nil {
			log.Error("save sound setting", "err", err)
		}
	}
	if h := setting(ctx, k, settingPIN); h != "" {
		staff.PIN = pin.NewGuardWithState(h, time.Now, k.Store.PINState())
	}
	status := func() ui.SyncStatus {
		client := sync.current()
		if client == nil {
			return ui.SyncStatus{}
		}
		s := client.Status()
		return ui.SyncStatus{Enrolled: true, Connected: s.Connected, Pending: s.Pending, LastSync: s.LastSync,
			ClockOffset: s.ClockOffset, Error: s.LastError}
	}
	camSpec, fromStore := startCamera(o.cameraSet, o.camera, setting(ctx, k, settingCamera))
	camera, camSpec, err := openStartCamera(camSpec, fromStore, log)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	// win is read on the UI goroutine, where a rebuild replaces it: frames
	// and badges go to the current window.
	var win *ui.Kiosk
	takePIN = func(hash string) {
		fyne.Do(func() {
			staff.PIN = pin.NewGuardWithState(hash, time.Now, k.Store.PINState())
			if win != nil {
				win.SetPIN(staff.PIN)
			}
		})
	}
	sync.onStaffPIN.Store(&takePIN)
	cams := &cameras{log: log,
		frame:   func(img image.Image) { fyne.Do(func() { win.ShowFrame(img) }) },
		payload: func(p string) { fyne.Do(func() { win.Submit(p) }) }}
	staff.Camera = camSpec
	staff.Cameras = v4l2.Devices
	if strings.HasPrefix(camSpec, "dir:") {
		// A demo's replay stays on offer once staff switch away from it.
		staff.Cameras = func() []string { return append(v4l2.Devices(), camSpec) }
	}
	cps, _ := k.Store.Checkpoints(ctx)
	staff.Checkpoints = cps
	printer := badgePrinter(ctx, k, eventName, sync)
	// build makes the window's screens for a mode and a checkpoint; staff
	// may choose others, or another camera, in the settings, which builds
	// them again. It runs on the UI goroutine, which alone touches these.
	var curMode ui.Mode
	var curCP kiosk.Checkpoint
	build := func(mode ui.Mode, cp kiosk.Checkpoint, lang i18n.Lang) {
		curMode, curCP = mode, cp
		camera, _ := cams.current()
		st := &kiosk.Station{Reader: k.Reader, Recorder: k.Store, Kiosk: k.Name, Checkpoint: cp.ID, Direction: dir, Recorded: sync.notify}
		desk := k.Store.Desk(k.Name, cp.ID, nil)
		desk.Recorded = sync.notify
		if win != nil {
			win.Close()
		}
		win = ui.New(ui.Config{Window: w, Mode: mode, Catalog: cat, Lang: lang, Sounds: player, Scanner: st, Occupancy: k.Store, Desk: desk, Printer: printer,
			Status: status, EventName: eventName, KioskName: k.Name, Checkpoint: cp, Location: loc, Staff: staff, Colors: &colors,
			Camera: camera != nil && mode != ui.ModeOrganiser, Log: log})
		if camera != nil {
			camera.attach(win)
		}
		sync.alerts.attach(win.SetAlerts)
		setCounts := win.SetCounts
		countsSink.Store(&setCounts)
		if c := lastCounts.Load(); c != nil {
			win.SetCounts(*c)
		}
		log.Info("kiosk window ready", "kiosk", k.Name, "mode", mode, "checkpoint", cp.ID, "language", lang)
	}
	staff.Reconfigure = func(mode ui.Mode, checkpointID string) error {
		if role := setting(ctx, k, hubclient.SettingRole); !protocol.ModeAllowed(role, string(mode)) {
			return fmt.Errorf("this kiosk is enrolled as %s: %s mode needs a kiosk enrolled with the role %s", role, mode, mode)
		}
		cp, err := k.Store.Checkpoint(context.Background(), checkpointID)
		if err != nil {
			return err
		}
		if err := k.Store.SetSettings(context.Background(), map[string]string{settingMode: string(mode), settingCheckpoint: cp.ID}); err != nil {
			return err
		}
		fyne.Do(func() { build(mode, cp, win.Language()) })
		return nil
	}
	staff.SetCamera = func(spec string) error {
		err := cams.switchTo(spec, func() {
			_, staff.Camera = cams.current()
			build(curMode, curCP, win.Language())
		})
		if err != nil {
			return err
		}
		if err := k.Store.SetSettings(context.Background(), map[string]string{settingCamera: spec}); err != nil {
			return fmt.Errorf("keep the camera choice: %w", err)
		}
		log.Info("camera chosen", "camera", spec)
		return nil
	}
	cams.run(camera, camSpec)
	build(mode, cp, lang)
	defer func() { win.Close() }()
	// Deferred after the window's Close, so it runs first: no frame is on
	// its way once the window goes.
	defer cams.stop()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return exitOK
}

// Settings a window kiosk keeps in its store.
const (
	settingPIN        = hubclient.SettingStaffPIN
	settingSounds     = "sounds"
	settingMode       = "window_mode"
	settingCheckpoint = "window_checkpoint"
	settingCamera     = "window_camera"
	settingColor      = "window_color"
)

// eventColors reads the event's colour from the flag (and keeps it) or
// from what an earlier start kept.
func eventColors(ctx context.Context, k *boot.Kiosk, flagValue string) (ui.Colors, error) {
	colors := ui.DefaultColors
	value := flagValue
	if value == "" {
		value = setting(ctx, k, settingColor)
	}
	if value == "" {
		return colors, nil
	}
	c, err := ui.ParseColor(value)
	if err != nil {
		return colors, fmt.Errorf("-color: %w", err)
	}
	if flagValue != "" {
		if err := k.Store.SetSettings(ctx, map[string]string{settingColor: flagValue}); err != nil {
			return colors, err
		}
	}
	colors.Primary = c
	return colors, nil
}

// isEnrollmentCode tells an enrollment code from a badge, however a
// scanner typed it (case flipped by Caps Lock, spaces around).
func isEnrollmentCode(payload string) bool {
	return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(payload)), enroll.Prefix)
}

func setting(ctx context.Context, k *boot.Kiosk, key string) string {
	v, err := k.Store.Setting(ctx, key)
	if err != nil {
		return ""
	}
	return v
}

// syncer runs the hub client and starts it again after staff enrol the
// kiosk with another hub from the settings.
type syncer struct {
	k          *boot.Kiosk
	checkpoint string
	log        *slog.Logger
	onCounts   func(protocol.Counts)
	alerts     alertRelay
	// onStaffPIN, once the window exists, takes a PIN the hub set.
	onStaffPIN atomic.Pointer[func(hash string)]

	mu     gosync.Mutex
	client *hubclient.Client
	cancel context.CancelFunc
	done   chan struct{}
}

func (s *syncer) start(ctx context.Context) error {
	client, err := hubclient.New(ctx, hubclient.Config{Store: s.k.Store, Kiosk: s.k.Name, Epoch: s.k.Epoch, Checkpoint: s.checkpoint,
		Log: s.log, OnCounts: s.onCounts, OnAlerts: s.alerts.deliver, OnKeys: func(keys []kiosk.PublicKey) { s.k.Reader.SetKeys(keys...) }, OnStaffPIN: func(hash string) {
			if f := s.onStaffPIN.Load(); f != nil {
				(*f)(hash)
			}
		}})
	if errors.Is(err, hubclient.ErrNotEnrolled) {
		return nil
	}
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Run(runCtx)
	}()
	s.mu.Lock()
	s.client, s.cancel, s.done = client, cancel, done
	s.mu.Unlock()
	return nil
}

func (s *syncer) stop() {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.client, s.cancel, s.done = nil, nil, nil
	s.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

func (s *syncer) restart(ctx context.Context) error {
	s.stop()
	return s.start(ctx)
}

func (s *syncer) current() *hubclient.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

func (s *syncer) notify() {
	if c := s.current(); c != nil {
		c.Notify()
	}
}

// toUICounts keeps of the hub's counts what the organiser screen shows.
func toUICounts(c protocol.Counts) ui.Counts {
	out := ui.Counts{Version: c.Version, Registered: c.Registered, CheckedIn: c.CheckedIn, DoubleEntry: c.DoubleEntries,
		ByCategory: make(map[string][2]int, len(c.ByCategory)), ReceivedAt: time.Now()}
	for cat, v := range c.ByCategory {
		out.ByCategory[cat] = [2]int{v.Registered, v.CheckedIn}
	}
	for id, cp := range c.ByCheckpoint {
		out.Checkpoints = append(out.Checkpoints, ui.CheckpointCount{ID: id, Name: cp.Name, NameEN: cp.NameEN, CheckedIn: cp.CheckedIn, Inside: cp.Inside, Capacity: cp.Capacity})
	}
	for _, k := range c.Kiosks {
		off := time.Duration(k.ClockOffsetMillis) * time.Millisecond
		out.Kiosks = append(out.Kiosks, ui.KioskCount{Name: k.Name, Online: k.Online, LastSeen: k.LastSeen, Pending: k.Pending,
			ClockOff: off > hubclient.ClockWarning || off < -hubclient.ClockWarning})
	}
	return out
}
