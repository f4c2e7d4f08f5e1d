package speech

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func needEspeak(t *testing.T) *Speaker {
	t.Helper()
	s := New(nil)
	if !s.Available() {
		t.Skip("espeak-ng is not installed: the kiosk stays silent, nothing to hear")
	}
	return s
}

// Both languages are spoken: espeak-ng writes a WAV file of a real length.
func TestWriteWAV(t *testing.T) {
	s := needEspeak(t)
	tests := []struct{ lang, text string }{
		{"fr", "Bienvenue, Awa\u00a0! Entrée déjà enregistrée à 09:12"},
		{"en", "Welcome back, John! Already checked in at 09:12"},
		{"de", "Willkommen"},   // an unknown language falls back to French
		{"fr", "-v en --help"}, // a name that looks like options is spoken, not obeyed
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.text, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "v.wav")
			if err := s.WriteWAV(context.Background(), tt.lang, tt.text, path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// A RIFF/WAVE header and at least a quarter second of 22 kHz 16-bit sound.
			if !bytes.HasPrefix(b, []byte("RIFF")) || !bytes.Equal(b[8:12], []byte("WAVE")) || len(b) < 44+22050/2 {
				t.Errorf("not a spoken WAV: %d bytes, header %q", len(b), b[:min(12, len(b))])
			}
		})
	}
}

// Say never waits for the voice, and a new verdict cuts the one being
// spoken: at most one espeak-ng runs, and the newest verdict is said.
func TestSayOneAtATime(t *testing.T) {
	s := needEspeak(t)
	s.extra = []string{"--stdout"} // no sound card needed: the sound goes nowhere
	for i := range 5 {
		s.Say("fr", fmt.Sprintf("Bienvenue, visiteur numéro %d", i+1))
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		s.mu.Lock()
		last := s.lastSpoken
		s.mu.Unlock()
		if last == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the newest verdict was never spoken (last %d)", last)
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.quiet()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxRunning != 1 {
		t.Errorf("%d espeak-ng at once", s.maxRunning)
	}
}

// Without espeak-ng the kiosk is silent and nothing fails.
func TestSilentWithoutEspeak(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	s := New(nil)
	if s.Available() {
		t.Fatal("espeak-ng found in an empty PATH")
	}
	s.Say("fr", "Bienvenue")
	if err := s.WriteWAV(context.Background(), "fr", "x", filepath.Join(t.TempDir(), "x.wav")); err == nil {
		t.Error("WriteWAV without espeak-ng gave no error")
	}
}
