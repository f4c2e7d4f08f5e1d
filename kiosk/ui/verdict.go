package ui

import (
	"image/color"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sound"
)

// Tone is how a verdict looks from across the hall.
type Tone int

// The three tones: go in, go in but you were already here, see the desk.
const (
	ToneGreen Tone = iota
	ToneAmber
	ToneRed
)

// Color is the tone's background: saturated enough to tell at a glance,
// with Ink on it at 7:1 or more (WCAG AAA 1.4.6), read at 1–2 m in a bright
// hall. Amber stays amber: a white text would need a brown (#7a4100) that
// no one reads as "careful", so amber carries dark ink instead.
func (t Tone) Color() color.NRGBA {
	switch t {
	case ToneGreen:
		return color.NRGBA{R: 0x0f, G: 0x5c, B: 0x2e, A: 0xff}
	case ToneAmber:
		return color.NRGBA{R: 0xff, G: 0xb0, B: 0x00, A: 0xff}
	default:
		return color.NRGBA{R: 0x9b, G: 0x11, B: 0x11, A: 0xff}
	}
}

// Ink is the colour of text and symbols on the tone's background.
func (t Tone) Ink() color.NRGBA {
	if t == ToneAmber {
		return color.NRGBA{R: 0x11, G: 0x18, B: 0x27, A: 0xff}
	}
	return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
}

// OnLight is the tone as a text colour on the light status strip, also at
// 7:1 or more.
func (t Tone) OnLight() color.NRGBA {
	if t == ToneAmber {
		return color.NRGBA{R: 0x7a, G: 0x41, B: 0x00, A: 0xff}
	}
	return t.Color()
}

// Shown is a verdict as the self-service screen presents it.
type Shown struct {
	Tone Tone
	// Symbol says the verdict without colour, for who cannot tell the tones apart.
	Symbol Symbol
	// Lang is the language the texts are in: the attendee's when known.
	Lang   i18n.Lang
	Title  string
	Detail string
	// Note is the staff note, shown on staff screens only.
	Note string
	Cue  sound.Cue
	// For is how long the verdict stays before the screen is ready again.
	For time.Duration
}

// How long verdicts stay on screen: a welcome is read at a glance, a
// refusal needs time to read what to do.
const (
	ShowAccepted = 3 * time.Second
	ShowRefused  = 5 * time.Second
)

// Present turns a scan result at checkpoint cp into what the visitor sees,
// in the attendee's language when the roster knows it, else the screen's.
func Present(cat *i18n.Catalog, screen i18n.Lang, r kiosk.Result, cp kiosk.Checkpoint, loc *time.Location) Shown {
	lang := screen
	if r.Known() && r.Attendee.Language != "" {
		lang = i18n.Lang(r.Attendee.Language)
	}
	t := func(key string, args ...any) string { return cat.T(lang, key, args...) }
	name := r.Attendee.FirstName
	if name == "" {
		name = r.Attendee.Name()
	}
	s := Shown{Tone: ToneRed, Symbol: SymbolCross, Lang: lang, Cue: sound.Refused, For: ShowRefused, Note: r.Attendee.Note}
	switch r.Scan.Verdict {
	case kiosk.VerdictAccepted:
		s.Tone, s.Symbol, s.Cue, s.For = ToneGreen, SymbolTick, sound.Accepted, ShowAccepted
		if r.Scan.Direction == kiosk.Out {
			s.Title = t("goodbye", "name", name)
		} else {
			s.Title = t("welcome", "name", name)
		}
	case kiosk.VerdictAlreadyCheckedIn:
		// The first kiosk's name is for staff (the desk's history shows
		// it): a visitor reads only when.
		s.Tone, s.Symbol, s.Cue, s.For = ToneAmber, SymbolSamePerson, sound.AlreadyCheckedIn, ShowAccepted
		s.Title = t("welcome_back", "name", name)
		s.Detail = t("already_checked_in_at", "time", clock(r.Scan.FirstAt, loc))
	case kiosk.VerdictNotAllowedHere:
		s.Title = t("not_allowed_here")
		switch r.Scan.Reason {
		case kiosk.ReasonBeforeOpening:
			// Early is not refused: come back at the opening time.
			s.Tone, s.Symbol, s.Cue = ToneAmber, SymbolClock, sound.Attention
			s.Title = t("not_open_yet")
			s.Detail = t("not_allowed_before", "time", clock(cp.StartsAt.Add(-kiosk.DoorsOpenEarly), loc))
		case kiosk.ReasonAfterClosing:
			s.Detail = t("not_allowed_after")
		default:
			s.Detail = t("not_allowed_category")
		}
	case kiosk.VerdictRoomFull:
		s.Title, s.Detail = t("room_full"), t("see_desk")
	case kiosk.VerdictUnreadable:
		// Nothing to see the desk about: hold the badge up again.
		s.Tone, s.Symbol, s.Cue = ToneAmber, SymbolRetry, sound.Attention
		s.Title = t("unreadable")
	default: // unknown_badge, invalid_signature, revoked, wrong_event
		s.Title, s.Detail = t(string(r.Scan.Verdict)), t("see_desk")
	}
	if s.Note != "" && s.Tone == ToneGreen {
		s.Cue = sound.Attention
	}
	return s
}

// Failed is what the screen shows when a scan could not be recorded.
func Failed(cat *i18n.Catalog, screen i18n.Lang) Shown {
	return Shown{Tone: ToneRed, Symbol: SymbolCross, Lang: screen, Title: cat.T(screen, "scan_not_recorded"), Cue: sound.Attention, For: ShowRefused}
}

// stamp writes a time staff read on a card: the hour alone today, with
// the date on another day of the event (the second morning, yesterday's
// print is not this morning's).
func (k *Kiosk) stamp(t time.Time) string {
	loc := k.loc
	if loc == nil {
		loc = time.Local
	}
	if kiosk.SameDay(t, k.now(), loc) {
		return t.In(loc).Format("15:04")
	}
	return t.In(loc).Format("02/01 15:04")
}

func clock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("15:04")
}
