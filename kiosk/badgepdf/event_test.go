package badgepdf_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
)

func TestDates(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		from, to string
		lang     kiosk.Language
		want     string
	}{
		{"2016-07-04", "2016-07-04", kiosk.French, "4 juillet 2016"},
		{"2016-07-04", "2016-07-05", kiosk.French, "4–5 juillet 2016"},
		{"2016-06-30", "2016-07-01", kiosk.French, "30 juin – 1er juillet 2016"},
		{"2016-12-31", "2017-01-01", kiosk.French, "31 décembre 2016 – 1er janvier 2017"},
		{"2016-07-04", "2016-07-05", kiosk.English, "4–5 July 2016"},
		{"2016-06-30", "2016-07-01", kiosk.English, "30 June – 1 July 2016"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := badgepdf.Dates(day(tt.from), day(tt.to), tt.lang); got != tt.want {
				t.Errorf("got %q", got)
			}
		})
	}
}

// The dates are the days the checkpoints cover where the event is: a
// session ending at 00:30 in Paris is on the next day there.
func TestEventDates(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cps := []kiosk.Checkpoint{
		kiosk.DefaultEntrance,
		{ID: "s1", StartsAt: time.Date(2016, 7, 4, 9, 30, 0, 0, paris), EndsAt: time.Date(2016, 7, 4, 11, 0, 0, 0, paris)},
		{ID: "gala", StartsAt: time.Date(2016, 7, 4, 20, 0, 0, 0, paris), EndsAt: time.Date(2016, 7, 5, 0, 30, 0, 0, paris)},
	}
	var ev badgepdf.Event
	badgepdf.EventDates(&ev, cps, paris)
	if ev.Dates != "4–5 juillet 2016" || ev.DatesEN != "4–5 July 2016" {
		t.Errorf("dates %q / %q", ev.Dates, ev.DatesEN)
	}
	var none badgepdf.Event
	badgepdf.EventDates(&none, []kiosk.Checkpoint{kiosk.DefaultEntrance}, paris)
	if none.Dates != "" || none.DatesEN != "" {
		t.Errorf("no timed checkpoint gave dates %q / %q", none.Dates, none.DatesEN)
	}
}
