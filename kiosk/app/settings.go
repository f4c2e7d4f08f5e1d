package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/ui"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/protocol"
)

// initStaff gives the screens what staff may change in the settings.
func (w *window) initStaff(soundsOn bool) {
	w.staff = ui.Staff{
		SoundsOn:         soundsOn,
		PINState:         w.k.Store.PINState(),
		Enroll:           w.enroll,
		IsEnrollmentCode: isEnrollmentCode,
		SavePIN:          w.savePIN,
		SetSounds:        w.setSounds,
		Reconfigure:      w.reconfigure,
		SetCamera:        w.setCamera,
	}
	if h := setting(w.ctx, w.k, kiosk.SettingStaffPIN); h != "" {
		w.staff.PIN = pin.NewGuardWithState(h, time.Now, w.k.Store.PINState())
	}
}

// enroll joins the hub of an enrollment code staff scanned or typed, takes
// the staff PIN it set, and syncs with it from then on.
func (w *window) enroll(code string) error {
	if _, _, err := boot.Join(context.Background(), w.k.Store, code, enrollWithHub, w.log); err != nil {
		return err
	}
	if h := setting(w.ctx, w.k, kiosk.SettingStaffPIN); h != "" {
		w.takePIN(h)
	}
	return w.sync.restart(w.ctx)
}

// takePIN installs a staff PIN the hub set (at enrollment, or while the
// window is open), from any goroutine.
func (w *window) takePIN(hash string) {
	fyne.Do(func() {
		w.staff.PIN = pin.NewGuardWithState(hash, time.Now, w.k.Store.PINState())
		if w.win != nil {
			w.win.SetPIN(w.staff.PIN)
		}
	})
}

// savePIN keeps the PIN staff chose, on the UI goroutine.
func (w *window) savePIN(hash string) error {
	if err := w.k.Store.SetSettings(context.Background(), map[string]string{kiosk.SettingStaffPIN: hash}); err != nil {
		return err
	}
	w.staff.PIN = pin.NewGuardWithState(hash, time.Now, w.k.Store.PINState())
	return nil
}

// setSounds turns sounds on or off and keeps the choice, on the UI
// goroutine.
func (w *window) setSounds(on bool) {
	w.player.SetEnabled(on)
	w.staff.SoundsOn = on
	v := map[bool]string{true: "on", false: "off"}[on]
	if err := w.k.Store.SetSettings(context.Background(), map[string]string{kiosk.SettingSounds: v}); err != nil {
		w.log.Error("save sound setting", "err", err)
	}
}

// reconfigure moves the kiosk to another mode or checkpoint, if its role
// allows the mode, and keeps the choice for the next start.
func (w *window) reconfigure(mode ui.Mode, checkpointID string) error {
	if role := setting(w.ctx, w.k, kiosk.SettingHubRole); !protocol.ModeAllowed(role, string(mode)) {
		return fmt.Errorf("this kiosk is enrolled as %s: %s mode needs a kiosk enrolled with the role %s", role, mode, mode)
	}
	cp, err := w.k.Store.Checkpoint(context.Background(), checkpointID)
	if err != nil {
		return err
	}
	if err := w.k.Store.SetSettings(context.Background(), map[string]string{kiosk.SettingWindowMode: string(mode), kiosk.SettingWindowCheckpoint: cp.ID}); err != nil {
		return err
	}
	fyne.Do(func() { w.build(mode, cp, w.win.Language()) })
	return nil
}

// setCamera switches to the camera staff chose and keeps the choice for
// the next start.
func (w *window) setCamera(spec string) error {
	err := w.cams.switchTo(spec, func() {
		_, w.staff.Camera = w.cams.current()
		w.build(w.curMode, w.curCP, w.win.Language())
	})
	if err != nil {
		return err
	}
	if err := w.k.Store.SetSettings(context.Background(), map[string]string{kiosk.SettingWindowCamera: spec}); err != nil {
		return fmt.Errorf("keep the camera choice: %w", err)
	}
	w.log.Info("camera chosen", "camera", spec)
	return nil
}

// eventColors reads the event's colour from the flag (and keeps it) or
// from what an earlier start kept.
func eventColors(ctx context.Context, k *boot.Kiosk, flagValue string) (ui.Colors, error) {
	colors := ui.DefaultColors
	value := flagValue
	if value == "" {
		value = setting(ctx, k, kiosk.SettingWindowColor)
	}
	if value == "" {
		return colors, nil
	}
	c, err := ui.ParseColor(value)
	if err != nil {
		return colors, fmt.Errorf("-color: %w", err)
	}
	if flagValue != "" {
		if err := k.Store.SetSettings(ctx, map[string]string{kiosk.SettingWindowColor: flagValue}); err != nil {
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
