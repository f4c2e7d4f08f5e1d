package ui

import (
	"context"
	"image"
	"log/slog"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sound"
	"github.com/accueil/accueil/kiosk/wedge"
)

// Config is everything the window shows and acts on.
type Config struct {
	Window  fyne.Window
	Mode    Mode
	Catalog *i18n.Catalog
	Lang    i18n.Lang
	Sounds  *sound.Player
	// Speaker says self-service verdicts aloud (-speak); nil is silent.
	Speaker    Speaker
	Scanner    Scanner
	Occupancy  Occupancy // session doors; may be nil
	Desk       Desk      // desk mode
	Printer    Printer   // desk mode: badge printing; may be nil
	Status     func() SyncStatus
	EventName  string
	Venue      string
	KioskName  string
	Checkpoint kiosk.Checkpoint
	Location   *time.Location
	Colors     *Colors
	Staff      Staff
	// Camera says a camera feeds the window (ShowFrame, Submit): the
	// self-service and session screens show its view.
	Camera bool
	Log    *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Kiosk is the window's controller: it owns the screens and routes what
// the scanner types and what the station decides.
type Kiosk struct {
	w          fyne.Window
	mode       Mode
	cat        *i18n.Catalog
	lang       i18n.Lang
	sounds     *sound.Player
	speaker    Speaker
	scanner    Scanner
	occupancy  Occupancy
	printer    Printer
	status     func() SyncStatus
	eventName  string
	venue      string
	kioskName  string
	checkpoint kiosk.Checkpoint
	loc        *time.Location
	colors     Colors
	staff      Staff
	camera     bool
	// cameraState is the camera's, as SetCameraState last said.
	cameraState CameraState
	log         *slog.Logger
	now         func() time.Time

	strip     *statusStrip
	self      *selfScreen
	desk      *deskScreen
	organiser *organiserScreen
	alerts    *deskAlerts // the desk's band of the hub's alerts (alerts.go)

	input *wedge.Assembler
	// dialogField is the staff dialog field that last had the keys.
	dialogField *scanSafeEntry
	// firstPIN is the first-start dialog choosing a PIN, while open.
	firstPIN dialog.Dialog
	// tickMu guards tick: keys arrive on the UI goroutine, the end of a
	// burst on the timer's, and Fyne's test driver runs both unserialised.
	tickMu    sync.Mutex
	tick      *time.Timer
	hideTimer *time.Timer
	inside    int

	ctx    context.Context
	cancel context.CancelFunc
	// scanning serialises scans: a second badge waits for the first
	// verdict instead of racing it.
	scanning sync.Mutex
	uiMu     sync.Mutex
}

// New builds the window's screens and starts listening to the scanner.
func New(cfg Config) *Kiosk {
	k := &Kiosk{w: cfg.Window, mode: cfg.Mode, cat: cfg.Catalog, lang: cfg.Lang, sounds: cfg.Sounds, scanner: cfg.Scanner,
		occupancy: cfg.Occupancy, status: cfg.Status, eventName: cfg.EventName, venue: cfg.Venue, kioskName: cfg.KioskName,
		checkpoint: cfg.Checkpoint, loc: cfg.Location, colors: DefaultColors, staff: cfg.Staff, camera: cfg.Camera, cameraState: CameraRunning, log: cfg.Log, now: cfg.Now}
	k.printer, k.speaker = cfg.Printer, cfg.Speaker
	if cfg.Colors != nil {
		k.colors = *cfg.Colors
	}
	if k.loc == nil {
		k.loc = time.Local
	}
	if k.now == nil {
		k.now = time.Now
	}
	if k.log == nil {
		k.log = slog.New(slog.DiscardHandler)
	}
	if k.status == nil {
		k.status = func() SyncStatus { return SyncStatus{} }
	}
	if k.lang == "" {
		k.lang = i18n.Lang("fr")
	}
	k.ctx, k.cancel = context.WithCancel(context.Background())
	// Background work started below reaches the widgets only once they
	// are built.
	k.uiMu.Lock()
	defer k.uiMu.Unlock()
	k.input = wedge.New(wedge.Config{Now: k.now})
	fyne.CurrentApp().Settings().SetTheme(kioskTheme{colors: k.colors})
	k.inside, _ = k.readOccupancy()
	k.strip = newStatusStrip(k)
	k.self = newSelfScreen(k)
	switch {
	case k.mode == ModeDesk && cfg.Desk != nil:
		k.desk = newDeskScreen(k, cfg.Desk)
		k.w.SetContent(k.desk.root)
		k.w.Canvas().Focus(k.desk.search)
	case k.mode == ModeOrganiser:
		k.organiser = newOrganiserScreen(k)
		k.w.SetContent(k.organiser.root)
	default:
		k.w.SetContent(k.self.root)
	}
	c := k.w.Canvas()
	c.SetOnTypedRune(func(r rune) { k.typed(k.input.Rune(r, wedge.Canvas)) })
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			k.typed(k.input.Key(wedge.KeyEnter, wedge.Canvas))
		case fyne.KeyTab:
			k.typed(k.input.Key(wedge.KeyTab, wedge.Canvas))
		case fyne.KeyEscape:
			k.escape()
		default:
			if k.desk != nil {
				k.desk.shortcut(e.Name)
			}
		}
	})
	k.guardStaff()
	k.refreshStatus()
	go k.statusLoop()
	return k
}

// do runs fn on the UI goroutine. The lock changes nothing there, where
// everything already runs in turn; it keeps Fyne's test driver, which runs
// fn on the calling goroutine, as orderly as the real one.
func (k *Kiosk) do(fn func()) {
	fyne.Do(func() {
		k.uiMu.Lock()
		defer k.uiMu.Unlock()
		if k.ctx.Err() != nil {
			return // closed: the widgets may be gone
		}
		fn()
	})
}

// ShowFrame shows a camera frame; it may be called from any goroutine. A
// frame must not change once given: the next one is a new image.
func (k *Kiosk) ShowFrame(img image.Image) {
	k.do(func() { k.self.showFrame(img) })
}

// Close stops the window's background work: its loops, its timers, and
// any update still on its way.
func (k *Kiosk) Close() {
	k.uiMu.Lock()
	defer k.uiMu.Unlock()
	k.cancel()
	k.tickMu.Lock()
	defer k.tickMu.Unlock()
	for _, t := range []*time.Timer{k.tick, k.hideTimer} {
		if t != nil {
			t.Stop()
		}
	}
}

func (k *Kiosk) t(key string, args ...any) string { return k.cat.T(k.lang, key, args...) }

// Language is the screen's current language.
func (k *Kiosk) Language() i18n.Lang { return k.lang }

func kioskLang(l i18n.Lang) kiosk.Language { return kiosk.Language(l) }

// sessionLine is the session door's subtitle: room and time window.
func (k *Kiosk) sessionLine() string {
	cp := k.checkpoint
	line := cp.Room
	if !cp.StartsAt.IsZero() && !cp.EndsAt.IsZero() {
		w := k.t("session_window", "start", cp.StartsAt.In(k.loc).Format("15:04"), "end", cp.EndsAt.In(k.loc).Format("15:04"))
		if line != "" {
			line += " · "
		}
		line += w
	}
	return line
}

// toggleLanguage switches the screen between French and English.
func (k *Kiosk) toggleLanguage() {
	if k.lang == "fr" {
		k.lang = "en"
	} else {
		k.lang = "fr"
	}
	k.self.refreshTexts()
	// The desk and organiser screens are rebuilt in the new language; what
	// they show comes back from the store or the next counts.
	switch {
	case k.desk != nil:
		k.desk = newDeskScreen(k, k.desk.desk)
		k.w.SetContent(k.desk.root)
		k.w.Canvas().Focus(k.desk.search)
	case k.organiser != nil:
		latest := k.organiser.latest
		k.organiser = newOrganiserScreen(k)
		k.w.SetContent(k.organiser.root)
		k.organiser.update(latest)
	}
	k.refreshStatus()
}

// typed handles what the wedge assembler made of keys: scans go to the
// station; a person's typing goes back into the desk's search field, and
// is ignored elsewhere.
func (k *Kiosk) typed(events []wedge.Event) {
	for _, e := range events {
		switch {
		case e.Kind == wedge.Scan && e.Source == wedge.DialogField && k.dialogField != nil && k.dialogField.scanned != nil:
			k.dialogField.scanned()
			if k.mode != ModeOrganiser || k.isEnrollmentCode(e.Payload) {
				k.Submit(e.Payload)
			}
		case e.Kind == wedge.Scan && k.mode == ModeOrganiser && !k.isEnrollmentCode(e.Payload):
			// An organiser's screen watches; it admits no one.
		case e.Kind == wedge.Scan:
			k.Submit(e.Payload)
		case e.Source == wedge.SearchField && k.desk != nil:
			k.desk.search.typeText(e.Text)
		case e.Source == wedge.DialogField && k.dialogField != nil:
			k.dialogField.typedByPerson(e)
		}
	}
	k.armTick()
}

// armTick sets one timer for the end of a burst that has no Enter.
func (k *Kiosk) armTick() {
	d := k.input.Deadline()
	if d.IsZero() {
		return
	}
	wait := time.Until(d)
	k.tickMu.Lock()
	defer k.tickMu.Unlock()
	if k.tick != nil {
		k.tick.Stop()
	}
	k.tick = time.AfterFunc(max(wait, 0), func() {
		k.do(func() { k.typed(k.input.Tick()) })
	})
}

// Submit scans a payload (from the wedge scanner or the camera) off the UI
// goroutine, then shows the verdict. The verdict appears only once the
// scan is on disk.
func (k *Kiosk) Submit(payload string) {
	if k.isEnrollmentCode(payload) {
		k.enrollByScan(payload)
		return
	}
	go func() {
		k.scanning.Lock()
		defer k.scanning.Unlock()
		res, err := k.scanner.Scan(k.ctx, payload)
		var v Shown
		if err != nil {
			k.log.Error("scan not recorded", "err", err)
			v = Failed(k.cat, k.lang)
		} else {
			if k.mode == ModeDesk {
				// Staff read the desk's banner in the screen's language,
				// not in the attendee's.
				res.Attendee.Language = kiosk.Language(k.lang)
			}
			v = Present(k.cat, k.lang, res, k.checkpoint, k.loc)
		}
		inside, known := k.readOccupancy()
		k.do(func() {
			if known {
				k.inside = inside
			}
			if k.desk != nil {
				k.desk.scanned(res, v)
				k.playCue(v.Cue)
				return
			}
			k.showVerdict(v)
		})
	}()
}

// showVerdict shows v, plays its sound and schedules the return to the
// invitation.
func (k *Kiosk) showVerdict(v Shown) {
	k.self.show(v)
	k.playCue(v.Cue)
	if k.speaker != nil {
		k.speaker.Say(string(v.Lang), strings.TrimSpace(v.Title+" "+v.Detail))
	}
	if k.hideTimer != nil {
		k.hideTimer.Stop()
	}
	k.hideTimer = time.AfterFunc(v.For, func() { k.do(k.self.hide) })
}

// readOccupancy asks the store how many people are in the room; scans
// relayed from the room's other doors change it too.
func (k *Kiosk) readOccupancy() (int, bool) {
	if k.mode != ModeSession || k.occupancy == nil {
		return 0, false
	}
	n, err := k.occupancy.Occupancy(k.ctx, k.checkpoint.ID)
	return n, err == nil
}

func (k *Kiosk) playCue(c sound.Cue) {
	if k.sounds != nil {
		k.sounds.Play(c)
	}
}

// refreshStatus redraws the status strip.
func (k *Kiosk) refreshStatus() {
	k.strip.refresh(k.status(), k.now())
}

func (k *Kiosk) statusLoop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-k.ctx.Done():
			return
		case <-t.C:
			inside, known := k.readOccupancy()
			k.do(func() {
				k.refreshStatus()
				if known && inside != k.inside {
					k.inside = inside
					k.self.refreshGauge()
				}
			})
		}
	}
}
