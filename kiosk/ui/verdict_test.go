package ui

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sound"
)

// What a visitor sees for each verdict: a tone, a symbol that says the same
// without colour, words in their language, and never a kiosk's name.
func TestPresent(t *testing.T) {
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	awa := kiosk.Attendee{ID: "A1", FirstName: "Awa", LastName: "Diallo", Language: kiosk.French}
	john := kiosk.Attendee{ID: "A2", FirstName: "John", LastName: "Smith", Language: kiosk.English}
	tests := []struct {
		name   string
		res    kiosk.Result
		tone   Tone
		symbol Symbol
		lang   i18n.Lang
		title  string
		detail string
		cue    sound.Cue
	}{
		{"welcome", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictAccepted, Direction: kiosk.In}, Attendee: awa},
			ToneGreen, SymbolTick, "fr", "Bienvenue, Awa", "", sound.Accepted},
		{"goodbye in English", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictAccepted, Direction: kiosk.Out}, Attendee: john},
			ToneGreen, SymbolTick, "en", "Goodbye, John", "", sound.Accepted},
		{"already checked in, without the first kiosk's name",
			kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictAlreadyCheckedIn, FirstAt: shotEarly, FirstKiosk: "kiosk-efbd"}, Attendee: awa},
			ToneAmber, SymbolSamePerson, "fr", "Bon retour, Awa", "Entrée déjà enregistrée à 09:12", sound.AlreadyCheckedIn},
		{"early at a session door: amber, with the opening time",
			kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonBeforeOpening}, Attendee: john},
			ToneAmber, SymbolClock, "en", "Not open yet", "Doors open at 14:00", sound.Attention},
		{"late at a session door", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonAfterClosing}, Attendee: awa},
			ToneRed, SymbolCross, "fr", "Accès non autorisé", "terminée", sound.Refused},
		{"wrong category", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonCategory}, Attendee: awa},
			ToneRed, SymbolCross, "fr", "Accès non autorisé", "catégorie", sound.Refused},
		{"room full", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictRoomFull}, Attendee: john},
			ToneRed, SymbolCross, "en", "Room full", "desk", sound.Refused},
		{"unknown badge, in the screen's language", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictUnknownBadge}},
			ToneRed, SymbolCross, "fr", "Badge inconnu", "accueil", sound.Refused},
		{"revoked", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictRevoked}, Attendee: awa},
			ToneRed, SymbolCross, "fr", "plus valide", "accueil", sound.Refused},
		{"unreadable: try again", kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictUnreadable}},
			ToneAmber, SymbolRetry, "fr", "illisible", "", sound.Attention},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Present(cat, "fr", tt.res, shotSession, paris)
			if got.Tone != tt.tone || got.Symbol != tt.symbol || got.Lang != tt.lang || got.Cue != tt.cue {
				t.Errorf("tone %d symbol %d lang %s cue %d, want %d %d %s %d", got.Tone, got.Symbol, got.Lang, got.Cue,
					tt.tone, tt.symbol, tt.lang, tt.cue)
			}
			if !strings.Contains(got.Title, tt.title) || !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("shows %q / %q, want %q / %q", got.Title, got.Detail, tt.title, tt.detail)
			}
			if strings.Contains(got.Title+got.Detail, "kiosk") {
				t.Errorf("a kiosk's name on a visitor's screen: %q / %q", got.Title, got.Detail)
			}
		})
	}
}

// said records what a Speaker was asked to say.
type said struct {
	mu    sync.Mutex
	lines []string
}

func (s *said) Say(lang, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, lang+": "+text)
}

func (s *said) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lines)
}

// With -speak, a self-service verdict is said in the attendee's language,
// whatever the screen's.
func TestVerdictSpoken(t *testing.T) {
	v := newVenue(t)
	k, _ := newWindow(t, v, ModeSelf, kiosk.EntranceID)
	voice := &said{}
	k.do(func() { k.speaker = voice })
	// Submit, as the camera does: the keyboard wedge's timing is not what
	// this test is about, and a loaded machine would split its bursts.
	for i, id := range []string{"A2", "A1"} {
		k.Submit(v.token(t, id))
		eventually(t, "spoken verdict", func() bool { return len(voice.all()) == i+1 })
		hideVerdict(k)
	}
	want := []string{"en: Welcome, John!", "fr: Bienvenue, Awa\u00a0!"}
	if got := voice.all(); !slices.Equal(got, want) {
		t.Errorf("said %q, want %q", got, want)
	}
}
