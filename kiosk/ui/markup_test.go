package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

// The self-service screens, idle and with a verdict, in both languages,
// against markup masters in testdata/: a change to a screen shows in review.
func TestSelfServiceMarkup(t *testing.T) {
	for _, lang := range []i18n.Lang{"fr", "en"} {
		t.Run(string(lang), func(t *testing.T) {
			test.NewTempApp(t)
			cat, _ := i18n.Builtin()
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(1024, 768))
			defer w.Close()
			noon := time.Date(2016, 7, 4, 12, 0, 0, 0, time.UTC)
			k := New(Config{Window: w, Mode: ModeSelf, Catalog: cat, Lang: lang, Scanner: nil,
				EventName: "Forum de l'Action Internationale des Collectivités", KioskName: "entrance-1",
				Checkpoint: kiosk.DefaultEntrance, Location: time.UTC, Now: func() time.Time { return noon }})
			defer k.Close()
			k.do(func() {
				test.AssertRendersToMarkup(t, "self_idle_"+string(lang)+".xml", w.Canvas())
				res := kiosk.Result{Scan: kiosk.Scan{Verdict: kiosk.VerdictAccepted, Direction: kiosk.In},
					Attendee: kiosk.Attendee{ID: "A1", FirstName: "Awa", LastName: "Diallo", Language: kiosk.Language(lang)}}
				k.self.show(Present(k.cat, k.lang, res, k.checkpoint, k.loc))
				test.AssertRendersToMarkup(t, "self_welcome_"+string(lang)+".xml", w.Canvas())
			})
		})
	}
}
