package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// deskPrint is the desk's printing state, touched on the UI goroutine only.
type deskPrint struct {
	// seq numbers the reads of the card's print state: only the latest is
	// shown.
	seq int
	// busy is set while a badge is on its way to the printer: the reprint
	// button waits for the outcome.
	busy bool
	// confirm is the open "already printed" question, for tests.
	confirm *dialog.ConfirmDialog
}

// printState is what the desk read of an attendee's badge, off the UI
// goroutine; showPrintState words it.
type printState struct {
	enabled bool // the kiosk can print at all
	printer string
	last    kiosk.PrintRecord
	printed bool
	err     error
}

func (d *deskScreen) readPrintState(id string) printState {
	p := d.k.printer
	if p == nil {
		return printState{}
	}
	ps := printState{enabled: true, printer: p.Printer()}
	ps.last, ps.printed, ps.err = p.BadgeState(d.k.ctx, id)
	return ps
}

// showPrintState enables the reprint button when the badge can be printed,
// and says why not otherwise, or when it was last printed.
func (d *deskScreen) showPrintState(ps printState) {
	k := d.k
	info, ok := "", false
	switch {
	case !ps.enabled:
	case errors.Is(ps.err, kiosk.ErrBadgeRevoked):
		info = "✗ " + k.t("badge_state_revoked")
	case errors.Is(ps.err, kiosk.ErrNoBadge):
		info = k.t("no_badge_to_print")
	case ps.err != nil:
		k.log.Error("badge print state", "err", ps.err)
		info = k.t("print_failed", "error", ps.err.Error())
	case ps.printer == "":
		info = k.t("no_printer")
	default:
		ok = true
		if ps.printed {
			info = k.t("printed_at", "time", k.stamp(ps.last.At), "printer", ps.last.Printer)
		}
	}
	d.printInfo.SetText(info)
	// An empty line would push the history down for nothing.
	if info == "" {
		d.printInfo.Hide()
	} else {
		d.printInfo.Show()
	}
	if ok && !d.printing.busy {
		d.reprint.Enable()
	} else {
		d.reprint.Disable()
	}
}

func (d *deskScreen) reprintSelected() { d.printBadge(d.selected.ID, false) }

// printBadge prints an attendee's badge off the UI goroutine and shows the
// outcome; for a badge printed before, staff are asked first.
func (d *deskScreen) printBadge(id string, reprint bool) {
	p := d.k.printer
	if p == nil || id == "" || d.printing.busy {
		return
	}
	d.printing.busy = true
	d.reprint.Disable()
	d.showBanner(ToneAmber, d.k.t("printing"))
	go func() {
		rec, err := p.PrintBadge(d.k.ctx, id, reprint)
		d.k.do(func() { d.printed(id, rec, err) })
	}()
}

// printed shows how a print went.
func (d *deskScreen) printed(id string, rec kiosk.PrintRecord, err error) {
	k := d.k
	d.printing.busy = false
	var already *kiosk.AlreadyPrintedError
	switch {
	case errors.As(err, &already):
		d.bannerBox.Hide()
		d.confirmReprint(id, already.At)
	case errors.Is(err, kiosk.ErrNoBadge):
		d.showBanner(ToneRed, k.t("no_badge_to_print"))
	case err != nil:
		k.log.Error("print badge", "attendee", id, "err", err)
		d.showBanner(ToneRed, k.t("print_failed", "error", err.Error()))
	default:
		k.log.Info("badge printed", "attendee", id, "printer", rec.Printer, "job", rec.Job, "action", rec.Action)
		d.showBanner(ToneGreen, k.t("badge_sent", "printer", rec.Printer))
	}
	if d.selected.ID == id {
		d.loadHistory(id)
	}
}

// confirmReprint asks staff whether to print a badge printed before.
func (d *deskScreen) confirmReprint(id string, at time.Time) {
	k := d.k
	msg := widget.NewLabel(k.t("reprint_confirm", "time", k.stamp(at)))
	msg.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm(k.t("reprint_badge"), k.t("reprint"), k.t("cancel"), msg, func(ok bool) {
		d.printing.confirm = nil
		if ok {
			d.printBadge(id, true)
		}
	}, k.w)
	dlg.SetConfirmImportance(widget.WarningImportance)
	dlg.Resize(fyne.NewSize(560, 0))
	d.printing.confirm = dlg
	dlg.Show()
}

// printerSetting is the settings' printer choice: "none" and the print
// queues, listed off the UI goroutine since lpstat may take a while.
type printerSetting struct {
	k      *Kiosk
	choice *widget.Select
	msg    *widget.Label
}

func newPrinterSetting(k *Kiosk) *printerSetting {
	ps := &printerSetting{k: k, msg: widget.NewLabel("")}
	none := k.t("printer_none")
	current := k.printer.Printer()
	opts := []string{none}
	if current != "" {
		opts = append(opts, current)
	}
	ps.choice = widget.NewSelect(opts, nil)
	ps.choice.SetSelected(opts[len(opts)-1])
	ps.msg.Wrapping = fyne.TextWrapWord
	ps.msg.Hide()
	go func() {
		names, _, err := k.printer.Printers(k.ctx)
		k.do(func() {
			if err != nil {
				k.log.Warn("list printers", "err", err)
				ps.msg.SetText(k.t("printers_unavailable", "error", err.Error()))
				ps.msg.Show()
				return
			}
			opts := []string{none}
			found := current == ""
			for _, n := range names {
				opts = append(opts, n)
				found = found || n == current
			}
			if !found { // a printer gone since it was chosen stays visible
				opts = append(opts, current)
			}
			sel := ps.choice.Selected
			ps.choice.SetOptions(opts)
			ps.choice.SetSelected(sel)
		})
	}()
	return ps
}

// apply keeps the printer chosen, off the UI goroutine.
func (ps *printerSetting) apply() {
	k := ps.k
	name := ps.choice.Selected
	if name == k.t("printer_none") {
		name = ""
	}
	if name == k.printer.Printer() {
		return
	}
	go func() {
		if err := k.printer.SetPrinter(name); err != nil {
			k.log.Error("choose printer", "err", err)
			return
		}
		k.log.Info("printer chosen", "printer", name)
		k.do(func() {
			if k.desk != nil && k.desk.selected.ID != "" {
				k.desk.loadHistory(k.desk.selected.ID)
			}
		})
	}()
}

// ellipsize cuts a text that does not fit width, ending it with "…".
func ellipsize(t *canvas.Text, width float32) {
	if fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width <= width {
		return
	}
	r := []rune(t.Text)
	for len(r) > 1 && fyne.MeasureText(string(r)+"…", t.TextSize, t.TextStyle).Width > width {
		r = r[:len(r)-1]
	}
	t.Text = strings.TrimSpace(string(r)) + "…"
}
