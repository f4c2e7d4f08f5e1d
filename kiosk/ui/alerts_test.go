package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// bandText is every label of the desk's alert band, joined.
func bandText(k *Kiosk) string {
	return withUI(k, func() string {
		if k.alerts == nil || !k.alerts.root.Visible() {
			return ""
		}
		parts := []string{k.alerts.title.Text}
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *widget.Label:
				parts = append(parts, v.Text)
			case *fyne.Container:
				for _, c := range v.Objects {
					walk(c)
				}
			}
		}
		walk(k.alerts.lines)
		return strings.Join(parts, "\n")
	})
}

func TestDeskAlerts(t *testing.T) {
	v := newVenue(t)
	k, w := newDeskWindow(t, v, Staff{})
	if got := bandText(k); got != "" {
		t.Fatalf("a band with no alerts: %q", got)
	}
	at := time.Date(2016, 7, 4, 8, 38, 0, 0, time.UTC)
	k.SetAlerts([]Alert{
		{ID: 3, At: at, Kind: "speaker_missing", AttendeeID: "S2", Name: "Ana Lima", Category: "speaker", Checkpoint: "pleniere"},
		{ID: 2, At: at.Add(-time.Minute), Kind: "arrival", AttendeeID: "D1", Name: "Jean Kaboré", Category: "delegation",
			Note: "chef de délégation : appeler le protocole", Checkpoint: "entrance"},
	})
	eventually(t, "the alerts shown", func() bool { return strings.Contains(bandText(k), "Jean Kaboré") })
	got := bandText(k)
	for _, want := range []string{"À signaler (2)", "Ana Lima (intervenant·e)", "pleniere", "Jean Kaboré (délégation) est arrivé·e", "appeler le protocole"} {
		if !strings.Contains(got, want) {
			t.Errorf("band %q lacks %q", got, want)
		}
	}
	if dir := os.Getenv("ACCUEIL_QUEUE_SHOTS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "desk-alerts.png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// Acknowledged on the dashboard: the hub's next list is empty.
	k.SetAlerts(nil)
	eventually(t, "the band hidden", func() bool { return bandText(k) == "" })
}
