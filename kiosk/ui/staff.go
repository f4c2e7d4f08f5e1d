package ui

import (
	"errors"
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/pin"
)

// Staff is what the PIN-protected parts of the window act on.
type Staff struct {
	// PIN checks the staff PIN; nil until one is set.
	PIN *pin.Guard
	// SavePIN stores a new PIN's hash.
	SavePIN func(hash string) error
	// PINState keeps wrong tries and the lock across restarts; nil keeps
	// them in memory.
	PINState pin.State
	// Enroll joins a hub with an enrollment code; the kiosk restarts its
	// sync with the new hub.
	Enroll func(code string) error
	// SetSounds turns sounds on or off and remembers it.
	SetSounds func(on bool)
	SoundsOn  bool
	// Checkpoints lists where this kiosk may stand.
	Checkpoints []kiosk.Checkpoint
	// Reconfigure changes the kiosk's mode and checkpoint: the window is
	// rebuilt, and the choice kept for the next start.
	Reconfigure func(mode Mode, checkpoint string) error
	// Camera is the camera in use, as the -camera flag spells it (off,
	// auto, /dev/videoN, dir:PATH).
	Camera string
	// Cameras lists the capture devices staff may choose, such as
	// /dev/video0; it may take a moment, and is called off the UI
	// goroutine.
	Cameras func() []string
	// SetCamera switches to another camera, rebuilding the window, and
	// keeps the choice for the next start. Nil hides the choice.
	SetCamera func(spec string) error
	// IsEnrollmentCode tells an enrollment code (from `hub kiosk add`)
	// from a badge: scanned at a kiosk with no hub, it enrols the kiosk.
	IsEnrollmentCode func(payload string) bool
}

// guardStaff installs what only staff may do: closing the window, leaving
// full screen, opening settings.
func (k *Kiosk) guardStaff() {
	k.w.SetCloseIntercept(func() { k.withPIN(k.quit) })
	// A kiosk enrolled with a hub takes the hub's PIN (`hub pin set`) and
	// never stops at start to ask: its window takes scans at once. One
	// with no hub asks staff to choose a PIN, in a dialog a badge scanned
	// meanwhile does not type into.
	if k.staff.PIN == nil && k.staff.SavePIN != nil && !k.status().Enrolled {
		k.firstPIN = k.askNewPIN(func() {})
	}
}

// SetPIN takes a staff PIN the hub set while the window was open: a
// first-start dialog asking staff to choose one has no more use.
func (k *Kiosk) SetPIN(g *pin.Guard) {
	k.staff.PIN = g
	if k.firstPIN != nil {
		k.firstPIN.Hide()
		k.firstPIN = nil
	}
}

func (k *Kiosk) quit() {
	k.Close()
	k.w.Close()
}

// escape leaves full screen, for staff only.
func (k *Kiosk) escape() {
	if k.w.FullScreen() {
		k.withPIN(func() { k.w.SetFullScreen(false) })
	}
}

// withPIN runs then once staff typed the right PIN. Five wrong tries lock
// the PIN for a minute. With no PIN set (a kiosk not yet set up), staff
// choose one first.
func (k *Kiosk) withPIN(then func()) {
	if k.staff.PIN == nil {
		k.askNewPIN(then)
		return
	}
	entry := k.newScanSafeEntry(true)
	entry.SetPlaceHolder("••••")
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	entry.scanned = func() { msg.SetText(k.t("pin_scan_taken")) }
	var d dialog.Dialog
	check := func() {
		ok, locked, err := k.staff.PIN.Check(entry.Text)
		entry.SetText("")
		switch {
		case ok:
			d.Hide()
			then()
		case locked > 0:
			msg.SetText(k.t("pin_locked", "seconds", fmt.Sprint(int(math.Ceil(locked.Seconds())))))
		case errors.Is(err, pin.ErrFormat):
			msg.SetText(k.t("pin_format"))
		default:
			msg.SetText(k.t("wrong_pin", "left", fmt.Sprint(pin.MaxTries-k.staff.PIN.Tries())))
		}
	}
	entry.OnSubmitted = func(string) { check() }
	content := container.NewVBox(widget.NewLabel(k.t("enter_pin")), entry, msg)
	d = dialog.NewCustomConfirm(k.t("pin"), "OK", k.t("cancel"), content, func(ok bool) {
		if ok {
			check()
		}
	}, k.w)
	d.Show()
	k.w.Canvas().Focus(entry)
}

// isEnrollmentCode reports whether a payload is an enrollment code.
func (k *Kiosk) isEnrollmentCode(payload string) bool {
	return k.staff.IsEnrollmentCode != nil && k.staff.IsEnrollmentCode(payload)
}

// enrollByScan joins the hub an enrollment code names, scanned by the
// handheld scanner or held up to the camera. Only a kiosk with no hub
// takes one this way: a visitor's code must not move an enrolled kiosk to
// another hub (staff do that in the settings, behind the PIN).
func (k *Kiosk) enrollByScan(code string) {
	if k.status().Enrolled || k.staff.Enroll == nil {
		k.do(func() { dialog.ShowInformation(k.t("enrollment"), k.t("enroll_scan_refused"), k.w) })
		return
	}
	go func() {
		err := k.staff.Enroll(code)
		k.do(func() {
			if err != nil {
				k.log.Warn("enrollment by scan failed", "err", err)
				dialog.ShowError(k.enrollError(err), k.w)
				return
			}
			k.log.Info("enrolled by scanning a code")
			k.refreshStatus()
			dialog.ShowInformation(k.t("enrollment"), k.t("enroll_done"), k.w)
		})
	}()
}

// enrollError says what failed and what to do, in the screen's language;
// the cause (from the code's parser or the hub) stays as it is, for support.
func (k *Kiosk) enrollError(err error) error {
	return fmt.Errorf("%s %w\n\n%s", k.t("enroll_failed"), err, k.t("enroll_fix"))
}

// askNewPIN has staff choose the PIN (entered twice), then runs then. It
// returns the dialog.
func (k *Kiosk) askNewPIN(then func()) dialog.Dialog {
	first, second := k.newScanSafeEntry(true), k.newScanSafeEntry(true)
	msg := widget.NewLabel("")
	first.scanned = func() { msg.SetText(k.t("pin_scan_taken")) }
	second.scanned = first.scanned
	var d dialog.Dialog
	save := func() {
		switch {
		case pin.ValidPIN(first.Text) != nil:
			msg.SetText(k.t("pin_format"))
			return
		case first.Text != second.Text:
			msg.SetText(k.t("pins_differ"))
			return
		}
		hash, err := pin.Hash(first.Text)
		if err == nil && k.staff.SavePIN != nil {
			err = k.staff.SavePIN(hash)
		}
		if err != nil {
			msg.SetText(err.Error())
			return
		}
		k.staff.PIN = pin.NewGuardWithState(hash, k.now, k.staff.PINState)
		d.Hide()
		then()
	}
	second.OnSubmitted = func(string) { save() }
	content := container.NewVBox(widget.NewLabel(k.t("set_pin")), first, widget.NewLabel(k.t("confirm_pin")), second, msg)
	if !k.status().Enrolled && k.staff.Enroll != nil && k.staff.IsEnrollmentCode != nil {
		// A kiosk unpacked for a venue with a hub takes the hub's PIN:
		// scanning its enrollment code is all staff do.
		hint := widget.NewLabel(k.t("enroll_scan_hint"))
		hint.TextStyle = fyne.TextStyle{Bold: true}
		content.Objects = append([]fyne.CanvasObject{hint, widget.NewSeparator()}, content.Objects...)
	}
	d = dialog.NewCustomWithoutButtons(k.t("pin"), container.NewVBox(content,
		container.NewGridWithColumns(2, widget.NewButton(k.t("cancel"), func() { d.Hide() }), widget.NewButton(k.t("save"), save))), k.w)
	d.Show()
	k.w.Canvas().Focus(first)
	return d
}

// showSettings opens the staff settings, behind the PIN.
func (k *Kiosk) showSettings() {
	k.withPIN(func() {
		lang := widget.NewRadioGroup([]string{"Français", "English"}, nil)
		lang.Horizontal = true
		if k.lang == "en" {
			lang.SetSelected("English")
		} else {
			lang.SetSelected("Français")
		}
		sounds := widget.NewCheck(k.t("sounds"), nil)
		sounds.SetChecked(k.staff.SoundsOn)
		full := widget.NewCheck(k.t("fullscreen"), nil)
		full.SetChecked(k.w.FullScreen())
		modes := []Mode{ModeSelf, ModeDesk, ModeSession, ModeOrganiser}
		modeNames := make([]string, len(modes))
		for i, m := range modes {
			modeNames[i] = k.t("mode_" + string(m))
		}
		mode := widget.NewSelect(modeNames, nil)
		for i, m := range modes {
			if m == k.mode {
				mode.SetSelectedIndex(i)
			}
		}
		cpNames := make([]string, len(k.staff.Checkpoints))
		cpIndex := 0
		for i, c := range k.staff.Checkpoints {
			cpNames[i] = c.DisplayName(kiosk.Language(k.lang))
			if c.ID == k.checkpoint.ID {
				cpIndex = i
			}
		}
		checkpoint := widget.NewSelect(cpNames, nil)
		if len(cpNames) > 0 {
			checkpoint.SetSelectedIndex(cpIndex)
		}
		code := widget.NewEntry()
		code.SetPlaceHolder("ACE1:…")
		msg := widget.NewLabel("")
		msg.Wrapping = fyne.TextWrapWord
		enroll := widget.NewButton(k.t("enroll"), func() {
			if k.staff.Enroll == nil || code.Text == "" {
				return
			}
			if err := k.staff.Enroll(code.Text); err != nil {
				msg.SetText(k.enrollError(err).Error())
				return
			}
			code.SetText("")
			msg.SetText("✓")
		})
		items := []*widget.FormItem{
			widget.NewFormItem(k.t("mode"), mode),
			widget.NewFormItem(k.t("checkpoint"), checkpoint),
		}
		var camera *cameraSetting
		if k.staff.SetCamera != nil {
			camera = newCameraSetting(k)
			items = append(items, widget.NewFormItem(k.t("camera"), camera.choice))
		}
		items = append(items,
			widget.NewFormItem(k.t("language"), lang),
			widget.NewFormItem("", sounds),
			widget.NewFormItem("", full),
			widget.NewFormItem(k.t("enrollment_code"), container.NewBorder(nil, nil, nil, enroll, code)),
		)
		form := widget.NewForm(items...)
		var printer *printerSetting
		if k.printer != nil {
			printer = newPrinterSetting(k)
			form.Append(k.t("printer"), container.NewVBox(printer.choice, printer.msg))
		}
		var d dialog.Dialog
		apply := func() {
			want := i18n.Lang("fr")
			if lang.Selected == "English" {
				want = "en"
			}
			if want != k.lang {
				k.toggleLanguage()
			}
			if sounds.Checked != k.staff.SoundsOn {
				k.staff.SoundsOn = sounds.Checked
				if k.staff.SetSounds != nil {
					k.staff.SetSounds(sounds.Checked)
				}
			}
			k.w.SetFullScreen(full.Checked)
			if printer != nil {
				printer.apply()
			}
			d.Hide()
			newMode := modes[max(mode.SelectedIndex(), 0)]
			newCP := k.checkpoint.ID
			if i := checkpoint.SelectedIndex(); i >= 0 && i < len(k.staff.Checkpoints) {
				newCP = k.staff.Checkpoints[i].ID
			}
			reconfigure := (newMode != k.mode || newCP != k.checkpoint.ID) && k.staff.Reconfigure != nil
			newCamera := ""
			if camera != nil && camera.changed() {
				newCamera = camera.selected()
			}
			if reconfigure || newCamera != "" {
				// Rebuilding replaces this window's screens: after this
				// callback returns, not inside it. One goroutine keeps the
				// two rebuilds in order.
				go func() {
					if reconfigure {
						if err := k.staff.Reconfigure(newMode, newCP); err != nil {
							k.log.Error("reconfigure", "err", err)
						}
					}
					if newCamera != "" {
						if err := k.staff.SetCamera(newCamera); err != nil {
							k.log.Error("switch camera", "camera", newCamera, "err", err)
							// The window may have been rebuilt meanwhile:
							// the dialog goes on the window, not on k's
							// screens (k.do would drop it once k is closed).
							msg := k.t("camera_failed", "error", err.Error())
							fyne.Do(func() {
								k.uiMu.Lock()
								defer k.uiMu.Unlock()
								dialog.ShowInformation(k.t("camera"), msg, k.w)
							})
						}
					}
				}()
			}
		}
		buttons := container.NewGridWithColumns(3,
			widget.NewButton(k.t("quit"), func() { d.Hide(); k.quit() }),
			widget.NewButton(k.t("cancel"), func() { d.Hide() }),
			widget.NewButton(k.t("save"), apply))
		d = dialog.NewCustomWithoutButtons(k.t("settings")+" · "+k.kioskName, container.NewVBox(form, msg, buttons), k.w)
		d.Resize(fyne.NewSize(640, 0))
		d.Show()
	})
}
