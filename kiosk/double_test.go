package kiosk_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

func TestDoubleEntry(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	in := func(k, when string) kiosk.Admission {
		return kiosk.Admission{ID: k + when, Kiosk: k, Direction: kiosk.In, At: at(when)}
	}
	out := func(k, when string) kiosk.Admission {
		a := in(k, when)
		a.Direction = kiosk.Out
		return a
	}
	tests := []struct {
		name      string
		prev, cur kiosk.Admission
		want      bool
	}{
		{"two doors the same morning", in("k1", "2026-06-02 09:00"), in("k2", "2026-06-02 09:05"), true},
		{"one door twice (it knew)", in("k1", "2026-06-02 09:00"), in("k1", "2026-06-02 09:05"), false},
		{"after an exit", out("k1", "2026-06-02 09:00"), in("k2", "2026-06-02 09:05"), false},
		{"an exit", in("k1", "2026-06-02 09:00"), out("k2", "2026-06-02 09:05"), false},
		{"the next morning", in("k1", "2026-06-02 18:00"), in("k2", "2026-06-03 08:30"), false},
		{"either side of midnight in summer time", in("k1", "2026-03-29 23:50"), in("k2", "2026-03-30 00:30"), false},
		{"late evening after the autumn change", in("k1", "2026-10-25 22:50"), in("k2", "2026-10-25 23:10"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kiosk.DoubleEntry(tt.prev, tt.cur, paris); got != tt.want {
				t.Errorf("DoubleEntry = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAdmissionOrder(t *testing.T) {
	t0 := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a, b kiosk.Admission
		want int
	}{
		{"earlier first", kiosk.Admission{ID: "b", At: t0}, kiosk.Admission{ID: "a", At: t0.Add(time.Second)}, -1},
		{"same time: by id", kiosk.Admission{ID: "a", At: t0}, kiosk.Admission{ID: "b", At: t0}, -1},
		{"equal", kiosk.Admission{ID: "a", At: t0}, kiosk.Admission{ID: "a", At: t0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("Compare = %d, want %d", got, tt.want)
			}
		})
	}
}
