package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sound"
	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/hubclient"
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
	if !ok {
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
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	k, err := boot.Open(ctx, boot.Options{Dir: o.data, Name: o.name, RosterFile: o.roster, SkipBad: o.skipBad,
		Enroll: o.enroll, Progress: progressBar(m.Stderr), Log: log})
	if err != nil {
		return m.fail(exitFailure, err)
	}
	defer k.Close()
	client, err := hubclient.New(ctx, hubclient.Config{Store: k.Store, Kiosk: k.Name, Epoch: k.Epoch, Checkpoint: o.checkpoint, Log: log})
	if err != nil && !errors.Is(err, hubclient.ErrNotEnrolled) {
		return m.fail(exitFailure, err)
	}
	syncCtx, stopSync := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSync()
	if client != nil {
		go client.Run(syncCtx)
		waitFirstRoster(ctx, k, log)
	}
	cp, err := checkpoint(ctx, k, client, o.checkpoint)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	if mode == ui.ModeSession && cp.Kind != kiosk.KindSession {
		log.Warn("session mode at a checkpoint that is not a session", "checkpoint", cp.ID)
	}
	st := &kiosk.Station{Reader: k.Reader, Recorder: k.Store, Kiosk: k.Name, Checkpoint: cp.ID, Direction: dir}
	if client != nil {
		st.Recorded = client.Notify
	}
	eventName, _ := k.Store.Setting(ctx, boot.SettingEventName)
	loc := k.Location()

	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Accueil — " + eventName)
	w.Resize(fyne.NewSize(1024, 768))
	w.SetPadded(false)
	w.SetFullScreen(o.fullscreen)
	player := sound.New(log, !o.mute)
	defer player.Close()
	status := func() ui.SyncStatus {
		if client == nil {
			return ui.SyncStatus{}
		}
		s := client.Status()
		return ui.SyncStatus{Enrolled: true, Connected: s.Connected, Pending: s.Pending, LastSync: s.LastSync,
			ClockOffset: s.ClockOffset, Error: s.LastError}
	}
	win := ui.New(ui.Config{Window: w, Mode: mode, Catalog: cat, Lang: lang, Sounds: player, Scanner: st, Occupancy: k.Store,
		Status: status, EventName: eventName, KioskName: k.Name, Checkpoint: cp, Location: loc, Log: log})
	defer win.Close()
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("kiosk window ready", "kiosk", k.Name, "mode", mode, "checkpoint", cp.ID, "language", lang)
	w.ShowAndRun()
	return exitOK
}
