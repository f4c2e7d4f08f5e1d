package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// venue is a real kiosk store with a few attendees and a badge key.
type venue struct {
	store *sqlite.Store
	key   kiosk.PrivateKey
}

func newVenue(t *testing.T) *venue {
	t.Helper()
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Diallo", Category: kiosk.CategoryDelegation, Language: kiosk.French},
		{ID: "A2", FirstName: "John", LastName: "Smith", Category: kiosk.CategoryPress, Language: kiosk.English},
		{ID: "A3", FirstName: "Hélène", LastName: "Martin", Category: kiosk.CategoryVisitor, Language: kiosk.French, Note: "Accès fauteuil roulant"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveCheckpoints(ctx, []kiosk.Checkpoint{{ID: "ag-cuf", Name: "Assemblée générale", NameEN: "General Meeting",
		Kind: kiosk.KindSession, Room: "Amphithéâtre Havane", Capacity: 2,
		Categories: []kiosk.Category{kiosk.CategoryVisitor, kiosk.CategoryStaff}}}); err != nil {
		t.Fatal(err)
	}
	key, _ := kiosk.GenerateKey()
	return &venue{store: st, key: key}
}

func (v *venue) token(t *testing.T, id string) string {
	t.Helper()
	tok, err := v.key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: id, Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func newWindow(t *testing.T, v *venue, mode Mode, checkpoint string) (*Kiosk, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cp, err := v.store.Checkpoint(context.Background(), checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(w.Close)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "door-1",
		Checkpoint: cp.ID, Direction: kiosk.In}
	k := New(Config{Window: w, Mode: mode, Catalog: cat, Lang: "fr", Scanner: st, Occupancy: v.store,
		EventName: "Forum de l'Action Internationale des Collectivités", KioskName: "door-1", Checkpoint: cp})
	t.Cleanup(k.Close)
	return k, w
}

// wedgeScan types a payload on the canvas as a scanner does, then Enter.
func wedgeScan(w fyne.Window, payload string) {
	test.TypeOnCanvas(w.Canvas(), payload)
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// waitVerdict waits for the verdict screen and returns its texts.
func waitVerdict(t *testing.T, k *Kiosk) (string, string, Tone) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var title, detail string
		var shown bool
		var tone Tone
		k.do(func() {
			shown = k.self.verdict.Visible()
			title, detail = k.self.verdictTitle.Text, k.self.verdictDetail.Text
			for _, c := range []Tone{ToneGreen, ToneAmber, ToneRed} {
				if k.self.verdictBg.FillColor == c.Color() {
					tone = c
				}
			}
		})
		if shown && title != "" {
			return title, detail, tone
		}
		if time.Now().After(deadline) {
			t.Fatal("no verdict on screen")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func hideVerdict(k *Kiosk) { k.do(k.self.hide) }

func TestSelfServiceVerdicts(t *testing.T) {
	v := newVenue(t)
	k, w := newWindow(t, v, ModeSelf, kiosk.EntranceID)
	if !strings.Contains(k.self.invite.Text, "Scannez votre badge") {
		t.Fatalf("invitation %q", k.self.invite.Text)
	}
	steps := []struct {
		name    string
		payload string
		title   string
		tone    Tone
	}{
		{"french attendee", v.token(t, "A1"), "Bienvenue, Awa", ToneGreen},
		{"english attendee, in English", v.token(t, "A2"), "Welcome, John", ToneGreen},
		{"unknown code", "WZ-0000", "", ToneRed},
		{"garbage", "\x01\x02zzzz", "", ToneAmber},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			k.do(func() { wedgeScan(w, s.payload) })
			title, _, tone := waitVerdict(t, k)
			if !strings.Contains(title, s.title) || tone != s.tone {
				t.Errorf("verdict %q in tone %d, want %q in %d", title, tone, s.title, s.tone)
			}
			hideVerdict(k)
			k.do(func() {
				if k.self.verdict.Visible() || k.self.verdictTitle.Text != "" {
					t.Error("personal data left on screen after the verdict")
				}
			})
		})
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"#123b6e", true}, {"#000000", true}, {"#b31b1b", true},
		{"#ffff00", false}, {"#ffffff", false}, {"123b6e", false}, {"#12345", false}, {"#zzzzzz", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if _, err := ParseColor(tt.in); (err == nil) != tt.ok {
				t.Errorf("ParseColor(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			}
		})
	}
}
