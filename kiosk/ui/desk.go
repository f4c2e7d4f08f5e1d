package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/wedge"
)

// searchLimit is how many attendees the desk lists for a query.
const searchLimit = 50

// deskScreen is the entrance desk: type-ahead search, the attendee's card
// with check-in, check-out and undo, walk-ins, and the last scans.
type deskScreen struct {
	k    *Kiosk
	desk Desk
	root *fyne.Container

	search  *searchEntry
	results []kiosk.Attendee
	list    *widget.List

	banner     *canvas.Rectangle
	bannerText *canvas.Text
	bannerSym  *canvas.Image
	bannerBox  *fyne.Container

	// alerts is the top of the right pane, kept for the organisers'
	// alerts (arrivals flagged in the roster) when there are some.
	alerts *fyne.Container
	idle   *fyne.Container // the hint shown while no card is open
	right  *fyne.Container // card and lists, laid out again as parts show

	card       *fyne.Container
	histBox    *fyne.Container
	name       *canvas.Text
	details    *widget.Label
	note       *widget.Label
	state      *widget.Label
	history    []kiosk.Scan
	histList   *widget.List
	checkIn    *widget.Button
	checkOut   *widget.Button
	undo       *widget.Button
	reprint    *widget.Button
	printInfo  *widget.Label
	printing   deskPrint
	selected   kiosk.Attendee
	lastScanID string
	// lastScanFor is whom lastScanID admitted: Undo is offered on their
	// card only.
	lastScanFor string

	recent     []kiosk.Result
	recentList *widget.List
	walkIn     *widget.Button

	searchSeq int
}

// searchEntry is the desk's search field. Keys typed into it pass through
// the wedge assembler first: a person's typing stays a search, a badge
// scanned while the field has focus is a scan.
type searchEntry struct {
	widget.Entry
	onKeys func([]wedge.Event)
	input  *wedge.Assembler
	// onShortcut takes the desk's function keys, which Fyne gives the
	// focused field rather than the window.
	onShortcut func(fyne.KeyName) bool
}

func newSearchEntry(input *wedge.Assembler, onKeys func([]wedge.Event)) *searchEntry {
	e := &searchEntry{input: input, onKeys: onKeys}
	e.ExtendBaseWidget(e)
	return e
}

// TypedRune holds the rune until the assembler knows whether a person or a
// scanner typed it.
func (e *searchEntry) TypedRune(r rune) { e.onKeys(e.input.Rune(r, wedge.SearchField)) }

// TypedKey routes Enter and Tab through the assembler, everything else to
// the field.
func (e *searchEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.onKeys(e.input.Key(wedge.KeyEnter, wedge.SearchField))
	case fyne.KeyTab:
		e.onKeys(e.input.Key(wedge.KeyTab, wedge.SearchField))
	default:
		if e.onShortcut != nil && e.onShortcut(ev.Name) {
			return
		}
		e.Entry.TypedKey(ev)
	}
}

// typeText puts back what a person typed.
func (e *searchEntry) typeText(s string) {
	for _, r := range s {
		e.Entry.TypedRune(r)
	}
}

func newDeskScreen(k *Kiosk, desk Desk) *deskScreen {
	d := &deskScreen{k: k, desk: desk}
	d.search = newSearchEntry(k.input, k.typed)
	d.search.SetPlaceHolder(k.t("search_placeholder"))
	d.search.OnChanged = func(string) { d.runSearch() }
	d.search.onShortcut = d.shortcut

	d.list = widget.NewList(func() int { return len(d.results) },
		func() fyne.CanvasObject { return listLabel() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := d.results[i]
			o.(*widget.Label).SetText(attendeeLine(k, a))
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		if i < len(d.results) {
			d.open(d.results[i])
		}
	}

	d.banner = canvas.NewRectangle(ToneGreen.Color())
	d.bannerText = bigText("", 24, DefaultColors.OnPrimary)
	d.bannerSym = newSymbolImage(34)
	d.bannerBox = container.NewStack(d.banner, container.NewPadded(container.NewBorder(nil, nil, d.bannerSym, nil, d.bannerText)))
	d.bannerBox.Hide()

	d.name = bigText("", 32, k.colors.Text)
	d.name.Alignment = fyne.TextAlignLeading
	d.details = widget.NewLabel("")
	d.details.Wrapping = fyne.TextWrapWord
	d.note = widget.NewLabel("")
	d.note.Importance = widget.WarningImportance
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Hide() // an empty label would leave a blank line
	d.state = widget.NewLabel("")
	d.checkIn = widget.NewButton(withKey(k.t("check_in"), keyCheckIn), func() { d.byHand(kiosk.In) })
	d.checkIn.Importance = widget.HighImportance
	d.checkOut = widget.NewButton(withKey(k.t("check_out"), keyCheckOut), func() { d.byHand(kiosk.Out) })
	d.undo = widget.NewButton(withKey(k.t("undo"), keyUndo), d.undoLast)
	d.undo.Disable() // until this desk admits the person on the card
	d.reprint = widget.NewButton(k.t("reprint_badge"), d.reprintSelected)
	d.reprint.Disable() // until the attendee's badge is known to be printable
	d.printInfo = widget.NewLabel("")
	d.printInfo.Wrapping = fyne.TextWrapWord
	d.printInfo.Hide()
	d.histList = widget.NewList(func() int { return len(d.history) },
		func() fyne.CanvasObject { return listLabel() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(scanLine(k, d.history[i])) })
	// The card takes the height it needs; the two lists below share what
	// is left, side by side, so that neither is cut to a sliver.
	d.card = container.NewVBox(d.name, d.details, d.note, d.state,
		container.NewGridWithColumns(2, d.checkIn, d.checkOut, d.undo, d.reprint), d.printInfo)
	d.card.Hide()
	hint := bigText(k.t("desk_idle"), sizeHint, k.colors.Muted)
	d.idle = container.NewCenter(container.NewPadded(hint))
	d.histBox = container.NewBorder(boldLabel(k.t("scan_history")), nil, nil, nil, d.histList)
	d.histBox.Hide()

	d.recentList = widget.NewList(func() int { return len(d.recent) },
		func() fyne.CanvasObject { return listLabel() },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(resultLine(k, d.recent[i])) })
	d.walkIn = widget.NewButton(withKey(k.t("walk_in"), keyWalkIn), d.showWalkIn)

	left := container.NewBorder(d.search, nil, nil, nil, d.list)
	recentBox := container.NewBorder(boldLabel(k.t("last_scans")), nil, nil, nil, d.recentList)
	d.alerts = container.NewVBox()
	d.right = container.NewBorder(container.NewVBox(d.alerts, container.NewStack(d.idle, container.NewPadded(d.card))), nil, nil, nil,
		newPanes(0.5, d.histBox, recentBox))
	split := newPanes(0.4, left, container.NewPadded(d.right))
	header := container.NewStack(canvas.NewRectangle(k.colors.Primary),
		container.NewPadded(container.NewBorder(nil, nil, nil, d.walkIn, bigText(k.eventName, sizeHeader*0.8, k.colors.OnPrimary))))
	d.root = container.NewBorder(container.NewVBox(header, k.alertsBand(), d.bannerBox), k.strip.root, nil, nil, split)
	d.refreshRecent()
	return d
}

func attendeeLine(k *Kiosk, a kiosk.Attendee) string {
	parts := []string{a.Name()}
	if a.Organisation != "" {
		parts = append(parts, a.Organisation)
	}
	parts = append(parts, k.t("category_"+string(a.Category)))
	return strings.Join(parts, " · ")
}

func scanLine(k *Kiosk, s kiosk.Scan) string {
	line := fmt.Sprintf("%s  %s  %s  · %s", s.At.In(k.loc).Format("15:04:05"), verdictWord(k, s), s.Checkpoint, s.Kiosk)
	if s.Reason == kiosk.ReasonUndo {
		line += "  (" + k.t("undo_done") + ")"
	}
	return line
}

func resultLine(k *Kiosk, r kiosk.Result) string {
	who := r.Attendee.Name()
	if who == "" {
		who = "—"
	}
	return fmt.Sprintf("%s  %s  %s", r.Scan.At.In(k.loc).Format("15:04:05"), verdictWord(k, r.Scan), who)
}

// verdictWord is a verdict as staff read it in lists.
func verdictWord(k *Kiosk, s kiosk.Scan) string {
	switch s.Verdict {
	case kiosk.VerdictAccepted:
		return "✓ " + k.t("direction_"+string(s.Direction))
	case kiosk.VerdictAlreadyCheckedIn:
		return "● " + k.t("already_checked_in_short")
	}
	return "✗ " + k.t(string(s.Verdict))
}

// runSearch searches as staff type, off the UI goroutine; only the answer
// to the latest query is shown.
func (d *deskScreen) runSearch() {
	d.searchSeq++
	seq, q := d.searchSeq, d.search.Text
	go func() {
		found, err := d.desk.Search(d.k.ctx, q, searchLimit)
		if err != nil {
			d.k.log.Error("search", "err", err)
			return
		}
		d.k.do(func() {
			if seq != d.searchSeq {
				return
			}
			d.results = found
			d.list.UnselectAll()
			d.list.Refresh()
		})
	}()
}

// open shows an attendee's card with their history.
func (d *deskScreen) open(a kiosk.Attendee) {
	d.selected = a
	k := d.k
	d.name.Text = a.Name()
	d.name.Refresh()
	details := []string{k.t("category_" + string(a.Category))}
	for _, s := range []string{a.Organisation, a.Country, a.ID, a.Code} {
		if s != "" {
			details = append(details, s)
		}
	}
	d.details.SetText(strings.Join(details, " · "))
	d.note.SetText("")
	d.note.Hide()
	if a.Note != "" {
		d.note.SetText("⚠ " + k.t("staff_note", "note", a.Note))
		d.note.Show()
	}
	d.idle.Hide()
	d.card.Show()
	d.histBox.Show()
	d.refreshActions(false)
	d.right.Refresh()
	d.loadHistory(a.ID)
}

func (d *deskScreen) loadHistory(id string) {
	d.printing.seq++
	seq := d.printing.seq
	go func() {
		ps := d.readPrintState(id)
		h, err := d.desk.History(d.k.ctx, id)
		if err != nil {
			d.k.log.Error("history", "err", err)
			return
		}
		revoked, err := d.desk.Revoked(d.k.ctx, id)
		if err != nil {
			d.k.log.Error("badge state", "err", err)
		}
		d.k.do(func() {
			if d.selected.ID != id {
				return
			}
			d.history = h
			d.histList.Refresh()
			d.refreshActions(insideAt(h, d.k.checkpoint.ID))
			state := d.k.t("not_checked_in")
			for i := len(h) - 1; i >= 0; i-- { // the earliest admitted entry
				if h[i].Verdict == kiosk.VerdictAccepted && h[i].Direction == kiosk.In && h[i].Reason != kiosk.ReasonUndo {
					state = d.k.t("checked_in_at", "time", d.k.stamp(h[i].At))
					break
				}
			}
			badge := d.k.t("badge_state_valid")
			if revoked {
				badge = "✗ " + d.k.t("badge_state_revoked")
			}
			d.state.SetText(badge + " · " + state)
			if seq == d.printing.seq {
				d.showPrintState(ps)
			}
		})
	}()
}

// byHand checks the selected attendee in or out without a badge.
func (d *deskScreen) byHand(dir kiosk.Direction) {
	id := d.selected.ID
	if id == "" {
		return
	}
	go func() {
		res, err := d.desk.CheckByHand(d.k.ctx, id, dir)
		d.k.do(func() { d.answered(res, err) })
	}()
}

// undoLast cancels the last check-in made at this desk, within the window.
func (d *deskScreen) undoLast() {
	id := d.lastScanID
	if id == "" {
		return
	}
	go func() {
		res, err := d.desk.Undo(d.k.ctx, id)
		d.k.do(func() {
			if err == nil {
				d.lastScanID, d.lastScanFor = "", ""
			}
			d.answered(res, err)
		})
	}()
}

// scanned shows a badge scanned at the desk: the verdict in the banner
// and the attendee's card.
func (d *deskScreen) scanned(res kiosk.Result, v Shown) {
	if res.Scan.Verdict == kiosk.VerdictAlreadyCheckedIn {
		// Staff, unlike visitors, may want to know where.
		v.Detail = d.k.t("already_checked_in", "time", clock(res.Scan.FirstAt, d.k.loc), "kiosk", res.Scan.FirstKiosk)
	}
	d.showBanner(v.Tone, v.Title+"  "+v.Detail)
	if v.Symbol != SymbolNone {
		setSymbol(d.bannerSym, v.Symbol, v.Tone.Ink())
	}
	d.remember(res)
	if res.Known() {
		d.open(res.Attendee)
	}
	d.refreshRecent()
}

func (d *deskScreen) answered(res kiosk.Result, err error) {
	if err != nil {
		d.showBanner(ToneRed, err.Error())
		return
	}
	v := Present(d.k.cat, d.k.lang, res, d.k.checkpoint, d.k.loc)
	if res.Scan.Reason == kiosk.ReasonUndo {
		v = Shown{Tone: ToneAmber, Title: d.k.t("undo_done")}
	}
	d.scanned(res, v)
}

func (d *deskScreen) remember(res kiosk.Result) {
	if res.Scan.Verdict == kiosk.VerdictAccepted && res.Scan.Direction == kiosk.In && res.Scan.Reason != kiosk.ReasonUndo {
		d.lastScanID, d.lastScanFor = res.Scan.ID, res.Attendee.ID
	} else if res.Scan.Verdict == kiosk.VerdictAccepted && res.Attendee.ID == d.lastScanFor {
		// Gone out since: there is no entry left to undo.
		d.lastScanID, d.lastScanFor = "", ""
	}
}

func (d *deskScreen) showBanner(tone Tone, text string) {
	d.banner.FillColor = tone.Color()
	d.bannerText.Text, d.bannerText.Color = text, tone.Ink()
	setSymbol(d.bannerSym, toneSymbol[tone], tone.Ink())
	// A long message, an error most often, must not widen the window past
	// the screen: smaller, then cut.
	if width := d.k.w.Canvas().Size().Width - 6*theme.Padding() - 40; width > 0 {
		fit(d.bannerText, 24, width)
		ellipsize(d.bannerText, width)
	}
	d.banner.Refresh()
	d.bannerText.Refresh()
	d.bannerBox.Show()
	d.root.Refresh()
}

func (d *deskScreen) refreshRecent() {
	go func() {
		r, err := d.desk.RecentScans(d.k.ctx, 20)
		if err != nil {
			d.k.log.Error("recent scans", "err", err)
			return
		}
		d.k.do(func() {
			d.recent = r
			d.recentList.Refresh()
		})
	}()
}

// walkInLimits bound the form's fields, as the store does.
var walkInLimits = map[string]int{"first_name": 100, "last_name": 100, "organisation": 200, "country": 100, "email": 254}

// showWalkIn registers a walk-in with a validated form.
func (d *deskScreen) showWalkIn() {
	k := d.k
	fields := map[string]*widget.Entry{}
	var items []*widget.FormItem
	for _, name := range []string{"first_name", "last_name", "organisation", "country", "email"} {
		e := widget.NewEntry()
		limit := walkInLimits[name]
		e.Validator = func(s string) error {
			if len([]rune(s)) > limit {
				return fmt.Errorf("%s", k.t("field_too_long", "max", fmt.Sprint(limit)))
			}
			return nil
		}
		fields[name] = e
		items = append(items, widget.NewFormItem(k.t(name), e))
	}
	var cats []string
	for _, c := range kiosk.Categories {
		cats = append(cats, k.t("category_"+string(c)))
	}
	category := widget.NewSelect(cats, nil)
	category.SetSelectedIndex(0)
	lang := widget.NewRadioGroup([]string{"Français", "English"}, nil)
	lang.Horizontal = true
	lang.SetSelected("Français")
	items = append(items, widget.NewFormItem(k.t("category"), category), widget.NewFormItem(k.t("language"), lang))
	dialog.ShowForm(k.t("walk_in_title"), k.t("save"), k.t("cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		a := kiosk.Attendee{FirstName: strings.TrimSpace(fields["first_name"].Text), LastName: strings.TrimSpace(fields["last_name"].Text),
			Organisation: strings.TrimSpace(fields["organisation"].Text), Country: strings.TrimSpace(fields["country"].Text),
			Email: strings.TrimSpace(fields["email"].Text), Category: kiosk.Categories[max(category.SelectedIndex(), 0)], Language: kiosk.French}
		if lang.Selected == "English" {
			a.Language = kiosk.English
		}
		if a.FirstName == "" && a.LastName == "" {
			d.showBanner(ToneRed, k.t("last_name")+" : "+k.t("required_field"))
			return
		}
		go func() {
			stored, payload, err := d.desk.WalkIn(k.ctx, a)
			k.do(func() {
				if err != nil {
					d.showBanner(ToneRed, err.Error())
					return
				}
				d.showBanner(ToneGreen, stored.Name()+" · "+payload)
				d.open(stored)
				// A walk-in's badge prints at once, when there is a printer.
				if k.printer != nil && k.printer.Printer() != "" {
					d.printBadge(stored.ID, false)
				}
			})
		}()
	}, k.w)
}
